"""Encrypted files under MEDIA_ROOT/vault: ciphertext only, random names, no plaintext.

A file holds one vault ciphertext token (``rv1.<key id>.<base64url(nonce || ciphertext)>``,
see crypto.py): AES-256-GCM under a client's data key with associated data that binds it
to its owner. Base64 costs a third more disk than raw bytes; in exchange the file is the
same format as every sealed column, and is readable with the same code.

Names are 128 random bits in hex, in 256 subfolders: a name says nothing about the client,
the file or its type. Files are written beside their final name and renamed, so a crash
leaves no half-written file under a name the database knows.
"""

import os
import re
import secrets
import uuid
from pathlib import Path

from django.conf import settings

from . import crypto

FOLDER = "vault"
_NAME = re.compile(r"^[0-9a-f]{32}$")


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def _path(name: str) -> Path:
    if not _NAME.match(name):  # names come from the database; refuse anything else
        raise ValueError("not a vault file name")
    return root() / name[:2] / name


def write(*, key: bytes, key_id: uuid.UUID, data: bytes, aad: str) -> str:
    """Encrypt ``data`` and store it; returns the new file's random name."""
    name = secrets.token_hex(16)
    path = _path(name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = crypto.encrypt(key, key_id, data, aad=aad).encode("ascii")
    tmp = path.with_name(f".{name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(token)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return name


def read(*, key: bytes, name: str, aad: str) -> bytes:
    """The plaintext. Raises DecryptionError if the file is missing, damaged or moved."""
    try:
        token = _path(name).read_text("ascii")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise crypto.DecryptionError("the encrypted file cannot be read") from exc
    return crypto.decrypt(key, token, aad=aad)


def delete(name: str) -> bool:
    """Remove a file; returns whether it was there. The key's destruction is what erases
    its content for good (a file system may keep old blocks); this removes the ciphertext."""
    try:
        _path(name).unlink()
    except FileNotFoundError:
        return False
    return True
