"""Verify the whole chain, check earlier anchored heads, and anchor the result."""

from typing import Any

from django.utils import timezone

from . import chain
from .anchor import Verification, configured_store
from .models import AuditEvent


def hash_of(pk: int) -> str | None:
    return AuditEvent.objects.filter(pk=pk).values_list("hash", flat=True).first()


def verify_and_anchor(store: Any = None) -> tuple[Verification, list[chain.Finding]]:
    """Walk the chain, check the heads of earlier clean runs, append this run to ``store``.

    A failed run is recorded too (so the DPO sees it), but only clean runs' heads are
    checked later: a head taken from a tampered chain vouches for nothing.
    """
    store = store or configured_store()
    report = chain.verify(AuditEvent.objects.order_by("pk").iterator(chunk_size=5000))
    anchors = [(e.head_id, e.head_hash) for e in store.entries() if e.ok and e.head_id]
    findings = list(report.findings) + chain.check_anchors(anchors, hash_of)
    head_id, head_hash = report.head if report.head else (None, "")
    entry = Verification(
        checked_at=timezone.now(), ok=not findings, checked=report.checked,
        head_id=head_id, head_hash=head_hash, findings=[str(f) for f in findings][:50],
    )
    store.append(entry)
    return entry, findings
