"""Envelope encryption: per-client data keys wrapped by a master key.

Ciphertext format (text, so that it survives any database and dump):

    rv1.<key id, 32 hex>.<base64url(nonce 12 bytes || AES-256-GCM ciphertext+tag)>

``rv1`` names the format. The associated data binds each value to its slot
(``model.field:client_id``), so a ciphertext copied into another field or another
client's row fails to decrypt instead of showing the wrong person's data.
"""

import base64
import hashlib
import hmac
import os
import unicodedata
import uuid

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT = "rv1"
NONCE_BYTES = 12
KEY_BYTES = 32


class VaultError(Exception):
    """Base class: something in the vault is wrong; never carries plaintext."""


class DecryptionError(VaultError):
    """A value could not be decrypted: tampered, wrong slot, or its key is gone."""


class MasterKeyError(VaultError):
    """The master key is missing, malformed, or does not open a wrapped key."""


def parse_key(hex_key: str, *, name: str) -> bytes:
    try:
        key = bytes.fromhex(hex_key)
    except ValueError as exc:
        raise MasterKeyError(f"{name} is not hexadecimal") from exc
    if len(key) != KEY_BYTES:
        raise MasterKeyError(f"{name} must be {KEY_BYTES} bytes ({KEY_BYTES * 2} hex digits)")
    return key


def key_fingerprint(key: bytes) -> str:
    """A short, non-secret name for a master key, stored beside what it wrapped."""
    return hashlib.sha256(b"reintegra-master-key-id" + key).hexdigest()[:16]


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap_key(master: bytes, data_key: bytes, *, key_id: uuid.UUID) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(master).encrypt(nonce, data_key, b"datakey:" + key_id.bytes)


def unwrap_key(master: bytes, wrapped: bytes, *, key_id: uuid.UUID) -> bytes:
    nonce, body = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
    try:
        return AESGCM(master).decrypt(nonce, body, b"datakey:" + key_id.bytes)
    except InvalidTag as exc:
        raise MasterKeyError("the master key does not open this data key") from exc


def encrypt(data_key: bytes, key_id: uuid.UUID, plaintext: bytes, *, aad: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    body = AESGCM(data_key).encrypt(nonce, plaintext, aad.encode())
    return f"{FORMAT}.{key_id.hex}.{base64.urlsafe_b64encode(nonce + body).decode()}"


def split(token: str) -> tuple[uuid.UUID, bytes]:
    """The key id and the raw bytes of a ciphertext token."""
    try:
        fmt, key_hex, body = token.split(".", 2)
        if fmt != FORMAT:
            raise ValueError(fmt)
        return uuid.UUID(hex=key_hex), base64.urlsafe_b64decode(body)
    except (ValueError, TypeError) as exc:
        raise DecryptionError("not a vault ciphertext") from exc


def decrypt(data_key: bytes, token: str, *, aad: str) -> bytes:
    _, raw = split(token)
    nonce, body = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    try:
        return AESGCM(data_key).decrypt(nonce, body, aad.encode())
    except InvalidTag as exc:
        raise DecryptionError("ciphertext does not match its key or slot") from exc


# Letters that NFKD does not decompose into a base letter and a mark.
_FOLD: dict[str, str | int | None] = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss"}


def normalise(value: str) -> str:
    """Case, diacritics and spacing folded, so that 'Łucja  Nowak' finds 'lucja nowak'."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.translate(str.maketrans(_FOLD))
    return " ".join(stripped.replace("-", " ").split())


def blind_index(key: bytes, kind: str, value: str, *, length: int = 16) -> str:
    """HMAC-SHA256 over the normalised value, truncated to ``length`` hex digits.

    Truncation keeps exact-match search useful while giving a stolen index less to
    work with; at 64 bits, accidental collisions in 10**6 rows are about 3 in 10**8.
    """
    folded = normalise(value)
    if kind == "document":  # "AB 99-12" and "ab9912" are the same document number
        folded = "".join(ch for ch in folded if ch.isalnum())
    message = f"{kind}\x00{folded}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:length]
