"""Reads of the audit trail. Each takes the acting user and applies need-to-know: the
history of a client needs Section.AUDIT of that client (coordinators and the DPO); the
organisation's trail is the DPO's alone."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from reintegra.accounts.models import Role, User
from reintegra.clients.access import Section, can_see, is_staff_member, reach_q

from .models import HISTORY_TYPE, Action, AuditEvent
from .services import record

if TYPE_CHECKING:
    from reintegra.clients.models import Client

# The client page shows the latest events; the full history is a page of its own.
PANEL_SIZE = 20


@dataclass
class EventFilters:
    action: str = ""
    user: User | None = None
    date_from: date | None = None
    date_to: date | None = None


# --- a client's history: "who has seen this record" ------------------------------------

def _history_of(client: "Client") -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(client_id=client.pk)
        .select_related("actor")
        .order_by("-pk")
    )


def recent_client_history(
    *, actor: Any, client: "Client", limit: int = PANEL_SIZE,
) -> tuple[list[AuditEvent], bool] | None:
    """The latest ``limit`` events about ``client`` and whether there are more; one query.

    None if the actor may not see the client's audit section.
    """
    if not can_see(actor, client, Section.AUDIT):
        return None
    rows = list(_history_of(client)[: limit + 1])
    return rows[:limit], len(rows) > limit


def client_for_history(*, actor: Any, pk: int) -> "Client":
    """The client whose history the actor asks for; 404 when missing or not theirs."""
    from reintegra.clients.selectors import get_client

    return get_client(actor=actor, pk=pk, section=Section.AUDIT)


def client_history(*, actor: Any, client: "Client") -> QuerySet[AuditEvent]:
    """Every event about ``client``, newest first; opening it is itself recorded."""
    if not can_see(actor, client, Section.AUDIT):
        raise Http404("no such client")
    record(actor=actor, action=Action.VIEW, object_type=HISTORY_TYPE,
           object_id=str(client.pk), client_id=client.pk)
    return _history_of(client)


# --- the organisation's trail, for the data protection officer -------------------------

def may_audit_organisation(actor: Any) -> bool:
    return is_staff_member(actor) and actor.role == Role.DPO


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def organisation_events(*, actor: Any, filters: EventFilters) -> QuerySet[AuditEvent]:
    """The organisation's events, newest first, filtered. Listing them is recorded."""
    if not may_audit_organisation(actor):
        raise PermissionDenied
    qs = (
        AuditEvent.objects.filter(organisation_id=actor.organisation_id)
        .select_related("actor")
        .order_by("-pk")
    )
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.user is not None:
        qs = qs.filter(actor=filters.user)
    # Bounds on the column rather than __date, so that the index serves the range.
    if filters.date_from:
        qs = qs.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(created_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    record(actor=actor, action=Action.LIST, object_type="audit.auditevent")
    return qs


def chain_status(*, actor: Any) -> dict[str, Any]:
    """The last verification of the chain and where heads are anchored (the DPO's)."""
    from .anchor import Unreadable, configured_store, last_verification

    if not may_audit_organisation(actor):
        raise PermissionDenied
    store = configured_store()
    last = last_verification(store)
    return {"last": last, "store": str(store), "unreadable": isinstance(last, Unreadable)}


def client_codes(*, actor: Any, events: Iterable[AuditEvent]) -> dict[int, str]:
    """Codes (pseudonyms) of the clients that ``events`` concern; one query."""
    from reintegra.clients.models import Client

    ids = {e.client_id for e in events if e.client_id}
    if not ids:
        return {}
    return dict(Client.objects.filter(reach_q(actor), pk__in=ids).values_list("pk", "code"))
