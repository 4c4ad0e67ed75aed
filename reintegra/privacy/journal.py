"""The erasure journal: an append-only file of erased clients, kept outside the databases.

A backup taken before an erasure still holds the client's wrapped data key (in the keystore
backup) and ciphertext (in the main one). Restoring it would bring the erased person back.
So every committed erasure appends one line here, ``{"client_id", "key_id", "erased_at"}``
(ids only, nothing identifying), and ``manage.py replay_erasures`` (which ``manage.py
restore`` and ``make restore`` run) erases again whatever the journal names that a restored
database still holds.

Where: ``REINTEGRA_ERASURE_JOURNAL`` (default ``var/erasure-journal.jsonl``). Keep it out of
the main backup and off the database server, next to the keystore backups, and copy it
off-host continuously (it is small and only grows): an erasure made after the last copy
would otherwise be lost with the machine. ``make backup`` copies it into the keystore
backup; ``restore`` reads the live file (or ``--journal``) and never overwrites it.
"""

import json
import logging
import os
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)


def path() -> Path:
    return Path(settings.ERASURE_JOURNAL)


def append(*, client_id: int, key_id, erased_at) -> None:
    """One line, written and flushed to disk before returning."""
    line = json.dumps({"client_id": client_id, "key_id": str(key_id) if key_id else None,
                       "erased_at": erased_at.isoformat()}, sort_keys=True)
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def append_or_shout(**entry) -> None:
    """After the commit: the erasure is done; a journal that cannot be written is an error
    for the operator to fix (a restore would not replay this erasure), not for the user."""
    try:
        append(**entry)
    except OSError:
        log.exception("privacy: the erasure journal %s cannot be written; client id %s is "
                      "erased but not journalled", path(), entry.get("client_id"))


def entries(source: Path | None = None) -> list[dict]:
    source = source or path()
    if not source.exists():
        return []
    found = []
    for number, line in enumerate(source.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            found.append(json.loads(line))
        except ValueError as exc:
            raise ValueError(f"{source}:{number}: not a journal line") from exc
    return found
