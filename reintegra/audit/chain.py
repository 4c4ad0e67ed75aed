"""The hash chain: h_i = HMAC(k, h_{i-1} || canonical(event_i)), k outside the database.

``verify`` walks the chain and names every row that was altered, removed or inserted.
What it can and cannot tell:

- altered: a row whose content no longer matches its HMAC. Without the key nobody can
  make a matching one.
- removed: a genuine row whose predecessor in the chain is missing; the ids of the gap.
- inserted: a row that does not match its HMAC and that the chain passes over (the next
  row links to the row before it). A forged row at the very end of the table cannot be
  told from an edited last row; it is reported as altered.
- rows removed from the end leave a shorter, valid chain. Only a copy of the head kept
  outside the database shows it: ``verify_audit --anchor FILE`` checks earlier heads
  (id and hash) from FILE and appends the current one. Keep FILE where the database's
  administrators cannot rewrite it (another host, append-only storage, the DPO's mail).
"""

import hashlib
import hmac
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings

GENESIS = "0" * 64


def _key() -> bytes:
    return bytes.fromhex(settings.AUDIT_HMAC_KEY)


def canonical(event) -> bytes:
    fields = [
        event.pk,
        event.created_at.isoformat(),
        event.actor_id,
        event.organisation_id,
        event.action,
        event.object_type,
        event.object_id,
        event.request_id,
    ]
    # Fields added after the first version join only when set, so that older rows keep
    # their canonical form and still verify.
    if event.client_id is not None:
        fields.append(f"client={event.client_id}")
    return "\x1f".join("" if f is None else str(f) for f in fields).encode()


def link(prev_hash: str, event) -> str:
    return hmac.new(_key(), prev_hash.encode() + canonical(event), hashlib.sha256).hexdigest()


class Problem(StrEnum):
    ALTERED = "altered"
    REMOVED = "removed"
    INSERTED = "inserted"
    TRUNCATED = "truncated"


@dataclass(frozen=True)
class Finding:
    problem: Problem
    ids: tuple[int, ...]  # the row ids concerned (for REMOVED, the missing ids if known)
    detail: str = ""

    def __str__(self):
        ids = ", ".join(map(str, self.ids)) if len(self.ids) <= 10 else (
            f"{self.ids[0]}-{self.ids[-1]} ({len(self.ids)} rows)"
        )
        return f"{self.problem}: {ids}{f' ({self.detail})' if self.detail else ''}"


@dataclass
class Report:
    checked: int
    findings: list[Finding]
    head: tuple[int, str] | None  # (id, hash) of the last row

    @property
    def ok(self) -> bool:
        return not self.findings


def _with_next(rows: Iterable[Any]) -> Iterator[tuple[Any, Any | None]]:
    previous = None
    for row in rows:
        if previous is not None:
            yield previous, row
        previous = row
    if previous is not None:
        yield previous, None


def verify(rows: Iterable) -> Report:
    """Walk ``rows`` (audit events in id order) and report what does not fit the chain."""
    findings: list[Finding] = []
    expected_prev, expected_id = GENESIS, 1
    checked, head = 0, None
    for row, following in _with_next(rows):
        checked += 1
        head = (row.pk, row.hash)
        sealed = link(row.prev_hash, row) == row.hash
        if not sealed:
            chain_passes_through = following is not None and following.prev_hash == row.hash
            in_place = row.pk == expected_id and row.prev_hash == expected_prev
            if not chain_passes_through and not (following is None and in_place):
                findings.append(Finding(Problem.INSERTED, (row.pk,)))
                continue  # not a link of the chain: the next row is checked against ours
            findings.append(Finding(Problem.ALTERED, (row.pk,)))
        elif row.prev_hash != expected_prev:
            missing = tuple(range(expected_id, row.pk))
            findings.append(Finding(
                Problem.REMOVED, missing or (row.pk,),
                "" if missing else f"rows before {row.pk} are missing",
            ))
        expected_prev, expected_id = row.hash, row.pk + 1
    return Report(checked=checked, findings=findings, head=head)


def check_anchors(anchors: Iterable[tuple[int, str]], lookup) -> list[Finding]:
    """Heads recorded earlier must still be there. ``lookup(id)`` returns the hash or None."""
    findings = []
    for pk, digest in anchors:
        found = lookup(pk)
        if found is None:
            findings.append(Finding(Problem.TRUNCATED, (pk,),
                                    f"the head recorded as {digest[:12]}... is gone"))
        elif found != digest:
            findings.append(Finding(Problem.ALTERED, (pk,), "differs from the recorded head"))
    return findings
