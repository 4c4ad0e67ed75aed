"""Operations on the keystore as a whole: master-key rotation, sweeping unused keys and
compacting the keystore after a key is destroyed.

None of these touches the main database's ciphertext: a data key keeps its id and its
value, only its wrapping changes (rotation) or its row goes (sweep, erasure).
"""

import logging
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.db import DatabaseError, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import crypto
from .keyring import KeystoreUnavailable, current_master, master_keys
from .models import DataKey
from .router import KEYSTORE

log = logging.getLogger(__name__)
SWEEP_MIN_AGE = timedelta(hours=1)


def _keystore() -> QuerySet[DataKey]:
    return DataKey.objects.using(KEYSTORE)


def _keyset_pages[Row](queryset: QuerySet[DataKey, Row],
                       batch_size: int) -> Iterator[list[Row]]:
    """Rows in key order, one page at a time, without OFFSET (stable under deletion)."""
    last = None
    while True:
        page_qs = queryset.order_by("key_id")
        if last is not None:
            page_qs = page_qs.filter(key_id__gt=last)
        page = list(page_qs[:batch_size])
        if not page:
            return
        yield page
        last = page[-1].key_id if isinstance(page[-1], DataKey) else page[-1]


@dataclass
class RotationReport:
    fingerprint: str
    total: int = 0
    already_current: int = 0
    rewrapped: int = 0
    by_old_key: Counter[str] = field(default_factory=Counter)


def rotate_master_key(*, batch_size: int = 500) -> RotationReport:
    """Re-wrap every data key that an old master key wraps with the current one.

    Two passes: the first only reads and proves that every such key opens with a
    configured master key (nothing is written if one does not: wrong or missing old key,
    tampered wrapped key); the second re-wraps in batches, each batch one transaction.
    An interrupted second pass leaves every key wrapped by either the old or the new key,
    both configured, and running the command again finishes the job.
    """
    fingerprint, current = current_master()
    masters = master_keys()
    report = RotationReport(fingerprint=fingerprint)
    try:
        report.total = _keystore().count()
        report.already_current = _keystore().filter(master_key_id=fingerprint).count()
        stale = _keystore().exclude(master_key_id=fingerprint)
        unknown = set(stale.values_list("master_key_id", flat=True).distinct()) - set(masters)
        if unknown:
            raise crypto.MasterKeyError(
                f"{len(unknown)} master key(s) that wrap data keys are not configured: "
                "give the previous master key in REINTEGRA_OLD_MASTER_KEYS"
            )
        for page in _keyset_pages(stale.only("key_id", "wrapped", "master_key_id"), batch_size):
            for row in page:
                crypto.unwrap_key(masters[row.master_key_id], bytes(row.wrapped),
                                  key_id=row.key_id)
        while _rewrap_batch(stale, masters, fingerprint, current, batch_size, report):
            pass
    except DatabaseError as exc:
        raise KeystoreUnavailable("the keystore database cannot be read or written") from exc
    return report


def _rewrap_batch(stale: QuerySet[DataKey], masters: dict[str, bytes], fingerprint: str,
                  current: bytes, batch_size: int, report: RotationReport) -> int:
    now = timezone.now()
    with transaction.atomic(using=KEYSTORE):
        rows = list(stale.select_for_update().order_by("key_id")[:batch_size])
        for row in rows:
            raw = crypto.unwrap_key(masters[row.master_key_id], bytes(row.wrapped),
                                    key_id=row.key_id)
            report.by_old_key[row.master_key_id] += 1
            # One UPDATE per key: bulk_update's CASE over the whole batch is quadratic.
            _keystore().filter(key_id=row.key_id).update(
                wrapped=crypto.wrap_key(current, raw, key_id=row.key_id),
                master_key_id=fingerprint, rotated_at=now,
            )
    report.rewrapped += len(rows)
    return len(rows)


@dataclass
class SweepReport:
    scanned: int = 0
    referenced: int = 0
    removed: int = 0
    too_recent: int = 0


def referenced_key_ids(key_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these data keys a client row still names (the only holder of key ids)."""
    client_model = apps.get_model("clients", "Client")
    return {key_id for key_id in client_model.objects.filter(key_id__in=list(key_ids))
            .values_list("key_id", flat=True) if key_id is not None}


def sweep_unused_keys(*, min_age: timedelta = SWEEP_MIN_AGE, batch_size: int = 1000,
                      dry_run: bool = False, now: datetime | None = None) -> SweepReport:
    """Remove wrapped keys that no client row references and that are older than
    ``min_age`` (younger ones may belong to an intake whose transaction is still open)."""
    cutoff = (now or timezone.now()) - min_age
    report = SweepReport()
    try:
        report.too_recent = _keystore().filter(created_at__gte=cutoff).count()
        old_keys = _keystore().filter(created_at__lt=cutoff).values_list("key_id", flat=True)
        for page in _keyset_pages(old_keys, batch_size):
            report.scanned += len(page)
            used = referenced_key_ids(page)
            report.referenced += len(used)
            orphans = [k for k in page if k not in used]
            if orphans and not dry_run:
                with transaction.atomic(using=KEYSTORE):
                    _keystore().filter(key_id__in=orphans, created_at__lt=cutoff).delete()
            report.removed += len(orphans)
    except DatabaseError as exc:
        raise KeystoreUnavailable("the keystore database cannot be read or written") from exc
    if report.removed and not dry_run:
        compact_keystore()
    return report


def compact_keystore() -> bool:
    """Make deleted wrapped keys unrecoverable from the keystore's own files.

    SQLite: ``PRAGMA secure_delete`` (settings.py) already overwrites a deleted row's bytes.
    PostgreSQL: DELETE only marks a row version dead; it stays a complete tuple in the table
    file (readable with page-inspection tools such as pageinspect, or from a file-level
    copy) until VACUUM removes it and frees its space for reuse. VACUUM cannot run inside a
    transaction block, so this runs only in autocommit (after the caller's transaction);
    returns whether it ran. The WAL and backups may still hold the wrapped key until they
    expire: rotating the master key and destroying the old one closes that (README).
    """
    connection = connections[KEYSTORE]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    table = connection.ops.quote_name(DataKey._meta.db_table)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {table}")
    except DatabaseError:
        # The key is deleted either way; autovacuum will reclaim the space later.
        log.warning("vault: VACUUM of the keystore failed; autovacuum will follow")
        return False
    return True
