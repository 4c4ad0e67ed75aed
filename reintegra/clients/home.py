"""The clients app's home-page blocks: the programme's clients against its target (the
coordinator) and "my clients with their next step" (the case team). Codes only: a home page
decrypts nothing."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from reintegra.accounts.models import Role
from reintegra.core.dates import show_date
from reintegra.core.home import LIST_SIZE, Block, Row, rows_block

from .access import TEAM_ROLES, reach_q
from .choices import CLOSED_STATUSES, CaseStatus
from .models import Client


def status_counts(*, actor: Any) -> dict[str, int]:
    """Clients within the actor's reach (erased ones left out) per case status: one GROUP
    BY read from the live-clients-by-status index alone. Kept apart from other counts: a
    condition per row (a plan due, say) would be checked on every client of the
    organisation, where this reads index entries only."""
    found = (Client.objects.filter(reach_q(actor), erased_at__isnull=True).order_by()
             .values_list("status").annotate(n=Count("pk")))
    return dict(found)


def my_clients(*, actor: Any) -> QuerySet[Client]:
    """Open cases whose team the actor is on (``reach_q`` for a team role), by code."""
    return (
        Client.objects.filter(reach_q(actor), erased_at__isnull=True,
                              status__in=(CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP))
        .only("pk", "code", "status").order_by("code")
    )


def _list_url(**params: str) -> str:
    return f"{reverse('clients:list')}?{urlencode(params)}"


def target_block(*, actor: Any, today: date) -> Block | None:
    if actor.role != Role.COORDINATOR:
        return None
    counts = status_counts(actor=actor)
    active = counts.get(CaseStatus.ACTIVE, 0)
    follow_up = counts.get(CaseStatus.FOLLOW_UP, 0)
    closed = sum(counts.get(status, 0) for status in CLOSED_STATUSES)
    target = settings.PROGRAMME_CLIENT_TARGET
    reached = active + follow_up + closed
    rows = [
        Row(label=_("Active"), value=active, url=_list_url(status=CaseStatus.ACTIVE)),
        Row(label=_("In follow-up"), value=follow_up, url=_list_url(status=CaseStatus.FOLLOW_UP)),
        Row(label=_("Closed"), value=closed, url=_list_url(status=CaseStatus.CLOSED)),
        Row(label=_("Served so far, against the target"),
            value=f"{reached} / {target}", url=reverse("clients:list"), warn=reached < target),
    ]
    return rows_block(title=_("Clients against the target"), rows=rows, order=5,
                      intro=_("The programme's target is %(n)s clients.") % {"n": target})


def my_clients_block(*, actor: Any, today: date) -> Block | None:
    if actor.role not in TEAM_ROLES:
        return None
    from reintegra.core.blocks import due_for
    from reintegra.core.due import DueItem

    clients = list(my_clients(actor=actor)[:LIST_SIZE * 2])
    first_due: dict[int | None, DueItem] = {}
    for item in due_for(actor=actor, today=today):
        first_due.setdefault(item.client_id, item)
    rows = []
    for c in clients:
        step = first_due.get(c.pk)
        note = (_("next: %(what)s, %(day)s") % {"what": step.what, "day": show_date(step.due_on)}
                if step else _("no step planned"))
        rows.append(Row(label=c.code, url=reverse("clients:detail", args=[c.pk]), note=note,
                        warn=bool(step and step.due_on < today)))
    title = _("My clients") if actor.role == Role.CASE_WORKER else _("My team's clients")
    return rows_block(title=title, rows=rows, order=15, empty=_("No open case yet."),
                      more_url=reverse("clients:list"), more_text=_("All my clients"))
