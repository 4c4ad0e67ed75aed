from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from reintegra.core.middleware import current_request_id

from . import chain
from .models import Action, AuditEvent

_CHAIN_LOCK = 7_470_101  # arbitrary, constant advisory-lock id for the audit chain
CLIENT_LABEL = "clients.client"

# Reads (a page viewed, a list shown) are kept during a request and appended together when
# it ends (``reads_appended_once``): one chain lock and one insert per request instead of
# one per call. A write's own event is never deferred: it commits with the write.
DEFERRED_ACTIONS = frozenset({str(Action.VIEW), str(Action.LIST)})
_pending_reads: ContextVar[list[AuditEvent] | None] = ContextVar("audit_pending_reads",
                                                                 default=None)


def _lock_chain() -> None:
    # PostgreSQL: one writer at a time extends the chain, until the transaction ends.
    # SQLite: transactions start IMMEDIATE (settings), which already serialises writers.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


def _client_of(obj: Any) -> int | None:
    """The client an event concerns: the client itself, or the owner of ``obj``."""
    if obj is None:
        return None
    if obj._meta.label_lower == CLIENT_LABEL:
        pk: int = obj.pk
        return pk
    client_id: int | None = getattr(obj, "client_id", None)
    return client_id


@contextmanager
def reads_appended_once() -> Iterator[None]:
    """Keep the read events of a block (a request: AuditReadsMiddleware) and append them in
    one transaction when it ends, whether it ended well or not: a decryption that happened
    is recorded even if the page then failed. If appending fails, the exception leaves the
    block, so the response that showed the data is not sent."""
    token = _pending_reads.set([])
    try:
        yield
    finally:
        pending = _pending_reads.get() or []
        _pending_reads.reset(token)
        if pending:
            _append(pending)


@transaction.atomic
def _append(events: list[AuditEvent]) -> list[AuditEvent]:
    """Chain ``events`` after the head and insert them: one lock, one read of the head,
    one insert, whatever their number."""
    _lock_chain()
    prev = AuditEvent.objects.order_by("-pk").values_list("pk", "hash").first()
    next_pk, prev_hash = ((prev[0] + 1), prev[1]) if prev else (1, chain.GENESIS)
    for event in events:
        event.pk, event.prev_hash = next_pk, prev_hash
        event.hash = chain.link(prev_hash, event)
        next_pk, prev_hash = next_pk + 1, event.hash
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        AuditEvent.objects.bulk_create(events)
    return events


def _add(events: list[AuditEvent]) -> list[AuditEvent]:
    pending = _pending_reads.get()
    if pending is not None and all(e.action in DEFERRED_ACTIONS for e in events):
        pending.extend(events)
        return events
    return _append(events)


def record(*, actor: Any, action: Action | str, obj: Any = None, object_type: str = "",
           object_id: Any = "", organisation_id: int | None = None,
           client_id: int | None = None) -> AuditEvent:
    """Append one event. Call inside the transaction of the change it records.

    ``client_id`` names the client the event concerns (for "who has seen this record");
    it is found by itself when ``obj`` is a client or has a ``client_id``. A view or a list
    inside a request is appended when the request ends (``reads_appended_once``).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if client_id is None:
        client_id = _client_of(obj)
    if organisation_id is None and actor is not None:
        organisation_id = getattr(actor, "organisation_id", None)
    event = AuditEvent(
        created_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        organisation_id=organisation_id,
        action=str(action),
        object_type=object_type,
        object_id=str(object_id),
        client_id=client_id,
        request_id=current_request_id(),
        chain_format=chain.CURRENT_FORMAT,
    )
    return _add([event])[0]


def record_reads(*, actor: Any, client_ids: Iterable[Any], action: Action | str = Action.VIEW,
                 obj: Any = None, object_type: str = "",
                 object_id: Any = "") -> list[AuditEvent]:
    """One event per client whose sealed data a page revealed (a roster, a list), so that
    each appears in that client's "who has seen this record". A fixed number of queries
    whatever the number of clients: one lock, one read of the head, one bulk insert."""
    ids = sorted({int(i) for i in client_ids if i is not None})
    if not ids:
        return []
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    organisation_id = getattr(actor, "organisation_id", None) if actor is not None else None
    now, request_id = timezone.now(), current_request_id()
    return _add([
        AuditEvent(
            created_at=now, actor=actor if actor is not None and actor.pk else None,
            organisation_id=organisation_id, action=str(action), object_type=object_type,
            object_id=str(object_id), client_id=client_id, request_id=request_id,
            chain_format=chain.CURRENT_FORMAT,
        )
        for client_id in ids
    ])
