"""Case notes and tasks on the client page (panels), on home pages (recent contacts, the
"no contact for N days" reason for falling behind) and in the due registry (tasks)."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from reintegra.accounts.models import Role
from reintegra.clients.access import TEAM_ROLES, reach_q
from reintegra.clients.choices import OPEN_STATUSES
from reintegra.clients.models import LAST_CONTACT_FIELDS, Client, last_contact_or_intake
from reintegra.clients.panels import Panel
from reintegra.core.dates import show_date
from reintegra.core.due import DueItem
from reintegra.core.home import LIST_SIZE, Row, rows_block

from . import access, selectors
from .models import CONTACTS, CaseNote

PANEL_NOTES = 5


def notes_panel(*, actor, client, sections):
    readable = access.note_sections(actor, client)
    if not readable:
        return None
    notes = selectors.notes_of(actor=actor, client=client)
    rows = selectors.note_rows(actor=actor, client=client, notes=notes[:PANEL_NOTES + 1])
    return Panel("casework/_notes_panel.html", order=25, context={
        "rows": rows[:PANEL_NOTES], "more": len(rows) > PANEL_NOTES})


def tasks_panel(*, actor, client, sections):
    if not access.may_manage_tasks(actor, client):
        return None
    return Panel("casework/_tasks_panel.html", order=26, context={
        "rows": selectors.client_tasks(actor=actor, client=client)})


def task_items(*, actor, start, end) -> list[DueItem]:
    """Open tasks assigned to the actor, due in the window (no text: it is sealed)."""
    url = reverse("casework:my_tasks")
    return [
        DueItem(due_on=t.due_on, what=_("Task"), url=f"{url}#task-{t.pk}",
                client_id=t.client_id, client_code=t.client.code, source="casework")
        for t in selectors.my_tasks(actor=actor).filter(due_on__gte=start, due_on__lte=end)[:200]
    ]


def recent_contacts_block(*, actor, today):
    if actor.role not in TEAM_ROLES:
        return None
    notes = (CaseNote.objects.filter(reach_q(actor, prefix="client__"),
                                     client__erased_at__isnull=True,
                                     section__in=access.sections_for_role(actor),
                                     kind__in=CONTACTS, contact_on__lte=today)
             .select_related("client").order_by("-contact_on", "-pk")[:LIST_SIZE])
    rows = [Row(label=n.client.code, value=show_date(n.contact_on),
                note=f"{n.get_kind_display()} · {n.get_section_display()}",
                url=reverse("casework:notes", args=[n.client_id])) for n in notes]
    return rows_block(title=_("Recent contacts"), rows=rows, order=25,
                      empty=_("No contact recorded yet."))


def no_contact_rows(*, actor, today) -> list[Row]:
    """Open cases with no contact (a meeting, call, accompaniment or visit in a note the
    actor's role reads) for ``NO_CONTACT_DAYS``; since intake when there is none. Read
    from the latest contact per section kept on the client (``services``): at 100,000
    clients the coordinator's list is a walk along an index, not a grouping of every
    note."""
    if actor.role not in (Role.COORDINATOR, Role.CASE_WORKER):
        return []
    since = today - dt.timedelta(days=settings.NO_CONTACT_DAYS)
    sections = [s for s in access.sections_for_role(actor) if s in LAST_CONTACT_FIELDS]
    found = Client.objects.filter(reach_q(actor), erased_at__isnull=True,
                                  status__in=OPEN_STATUSES, intake_date__lt=since)
    # reach_q keeps a team role to her team's clients (a join): nothing is computed per
    # client, so no second team condition is needed to narrow it first.
    found = (found.annotate(last=last_contact_or_intake(sections)).filter(last__lt=since)
             .order_by("last", "code").only("pk", "code")[:LIST_SIZE])
    return [Row(label=c.code, url=reverse("casework:notes", args=[c.pk]),
                value=_("%(n)s days") % {"n": (today - c.last).days},
                note=_("no contact since %(day)s") % {"day": show_date(c.last)}, warn=True)
            for c in found]
