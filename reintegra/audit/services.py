from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from reintegra.core.middleware import current_request_id

from . import chain
from .models import Action, AuditEvent

_CHAIN_LOCK = 7_470_101  # arbitrary, constant advisory-lock id for the audit chain
CLIENT_LABEL = "clients.client"


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


@transaction.atomic
def record(*, actor: Any, action: Action | str, obj: Any = None, object_type: str = "",
           object_id: Any = "", organisation_id: int | None = None,
           client_id: int | None = None) -> AuditEvent:
    """Append one event. Call inside the transaction of the change it records.

    ``client_id`` names the client the event concerns (for "who has seen this record");
    it is found by itself when ``obj`` is a client or has a ``client_id``.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if client_id is None:
        client_id = _client_of(obj)
    if organisation_id is None and actor is not None:
        organisation_id = getattr(actor, "organisation_id", None)
    _lock_chain()
    prev = AuditEvent.objects.order_by("-pk").values_list("pk", "hash").first()
    event = AuditEvent(
        pk=(prev[0] + 1) if prev else 1,
        created_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        organisation_id=organisation_id,
        action=str(action),
        object_type=object_type,
        object_id=str(object_id),
        client_id=client_id,
        request_id=current_request_id(),
        chain_format=chain.CURRENT_FORMAT,
        prev_hash=prev[1] if prev else chain.GENESIS,
    )
    event.hash = chain.link(event.prev_hash, event)
    event.save(force_insert=True)
    return event


@transaction.atomic
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
    _lock_chain()
    prev = AuditEvent.objects.order_by("-pk").values_list("pk", "hash").first()
    next_pk, prev_hash = ((prev[0] + 1), prev[1]) if prev else (1, chain.GENESIS)
    now, request_id = timezone.now(), current_request_id()
    events = []
    for client_id in ids:
        event = AuditEvent(
            pk=next_pk, created_at=now,
            actor=actor if actor is not None and actor.pk else None,
            organisation_id=organisation_id, action=str(action), object_type=object_type,
            object_id=str(object_id), client_id=client_id, request_id=request_id,
            prev_hash=prev_hash, chain_format=chain.CURRENT_FORMAT,
        )
        event.hash = chain.link(prev_hash, event)
        events.append(event)
        next_pk, prev_hash = next_pk + 1, event.hash
    AuditEvent.objects.bulk_create(events)
    return events
