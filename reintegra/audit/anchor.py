"""Where verified heads of the audit chain are kept, outside the main database.

Rows cut from the end of the chain leave a valid, shorter chain: only a copy of the head
kept elsewhere shows it. Each verification (``verification.verify_and_anchor``, run daily
by ``tasks.verify_audit_task`` and by ``manage.py verify_audit --anchor``) appends one
entry here: when, the result, how many events, the head (id and hash) and the problems'
descriptions (ids only, never personal data). Heads of clean runs must still be in the
table at every later run.

Two stores, chosen by settings:

- ``AUDIT_ANCHOR_DATABASE`` (env ``REINTEGRA_AUDIT_ANCHOR_DATABASE``): the alias of a
  second database (in ``DATABASES``) whose table ``audit_anchor`` is created on first use;
- otherwise ``AUDIT_ANCHOR_PATH`` (env ``REINTEGRA_AUDIT_ANCHOR_PATH``, by default
  ``var/audit-anchor.jsonl``): a file of JSON lines, append-only by use. Older files of
  ``<id> <hash>`` lines (from ``verify_audit --anchor``) are read as clean runs.

Keep either where the main database's administrators cannot rewrite it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction


@dataclass(frozen=True)
class Verification:
    checked_at: dt.datetime | None
    ok: bool
    checked: int
    head_id: int | None
    head_hash: str
    findings: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        values = asdict(self)
        values["checked_at"] = self.checked_at.isoformat() if self.checked_at else None
        return json.dumps(values, sort_keys=True)

    @classmethod
    def from_line(cls, line: str) -> Verification:
        if line.startswith("{"):
            values = json.loads(line)
            at = values.get("checked_at")
            return cls(checked_at=dt.datetime.fromisoformat(at) if at else None,
                       ok=bool(values["ok"]), checked=int(values.get("checked", 0)),
                       head_id=values.get("head_id"), head_hash=values.get("head_hash", ""),
                       findings=list(values.get("findings", [])))
        pk, digest = line.split()  # the older "<id> <hash>" form: a clean run's head
        return cls(checked_at=None, ok=True, checked=0, head_id=int(pk), head_hash=digest)


class AnchorError(Exception):
    """The anchor store cannot be read or written."""


class FileAnchorStore:
    def __init__(self, path: Path):
        self.path = Path(path)

    def __str__(self) -> str:
        return str(self.path)

    def entries(self) -> list[Verification]:
        if not self.path.exists():
            return []
        found = []
        for number, line in enumerate(self.path.read_text().splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            try:
                found.append(Verification.from_line(line.strip()))
            except (ValueError, KeyError, TypeError) as exc:
                raise AnchorError(f"{self.path}:{number}: not an anchor entry") from exc
        return found

    def append(self, entry: Verification) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a") as file:
            file.write(entry.to_json() + "\n")


class DatabaseAnchorStore:
    TABLE = "audit_anchor"

    def __init__(self, alias: str):
        self.alias = alias

    def __str__(self) -> str:
        return f"database {self.alias}"

    def _ensure(self, cursor: Any) -> None:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {self.TABLE} "
                       "(id INTEGER PRIMARY KEY, entry TEXT NOT NULL)")

    def entries(self) -> list[Verification]:
        with connections[self.alias].cursor() as cursor:
            self._ensure(cursor)
            cursor.execute(f"SELECT entry FROM {self.TABLE} ORDER BY id")  # noqa: S608 - constant
            return [Verification.from_line(row[0]) for row in cursor.fetchall()]

    def append(self, entry: Verification) -> None:
        with transaction.atomic(using=self.alias), connections[self.alias].cursor() as cursor:
            self._ensure(cursor)
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {self.TABLE}")  # noqa: S608
            next_id = cursor.fetchone()[0]
            cursor.execute(f"INSERT INTO {self.TABLE} (id, entry) VALUES (%s, %s)",  # noqa: S608
                           [next_id, entry.to_json()])


def configured_store() -> FileAnchorStore | DatabaseAnchorStore:
    alias = getattr(settings, "AUDIT_ANCHOR_DATABASE", "")
    if alias:
        return DatabaseAnchorStore(alias)
    return FileAnchorStore(Path(settings.AUDIT_ANCHOR_PATH))


class Unreadable:
    """The store could not be read: shown to the DPO as a problem, never as "not yet"."""

    ok = False


def last_verification(
    store: FileAnchorStore | DatabaseAnchorStore | None = None,
) -> Verification | Unreadable | None:
    """The latest entry; None when nothing was verified yet; ``Unreadable`` when the store
    cannot be read (a missing database, a damaged or foreign file)."""
    store = store or configured_store()
    try:
        entries = store.entries()
    except Exception:  # noqa: BLE001 - any failure to read is reported the same way
        return Unreadable()
    return entries[-1] if entries else None
