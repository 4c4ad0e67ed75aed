"""What the legal app adds to other apps' pages and jobs: the client page's panel, the
due items, the legal advisor's home block, and its part of an erasure."""

from datetime import timedelta

from django.urls import reverse

from reintegra.accounts.models import Role
from reintegra.clients.access import TEAM_ROLES, Section, note_team_membership
from reintegra.clients.panels import Panel
from reintegra.core.due import DueItem
from reintegra.core.home import Block

from . import access, selectors


def legal_panel(*, actor, client, sections):
    """Current status, what it allows, the next deadlines and hearing; codes and dates
    only. The client page gives a team role the LEGAL section only when on the team."""
    if Section.LEGAL not in sections:
        return None
    if actor.role in TEAM_ROLES:  # for them the section implies the team
        note_team_membership(client, actor, True)
    if not access.may_read(actor, client):
        return None
    context = selectors.client_panel(actor=actor, client=client)
    context["may_write"] = access.may_write(actor, client)
    return Panel(template="legal/_panel.html", order=30, context=context)


def legal_due_items(*, actor, start, end):
    return [
        DueItem(due_on=d.due_on, what=selectors.rule_label(d.rule.code),
                url=reverse("legal:client", args=[d.client_id]), client_id=d.client_id,
                client_code=d.client.code, source="legal")
        for d in selectors.open_deadlines(actor=actor, start=start, end=end)
    ]


def legal_home_block(*, actor, today):
    if not access.has_workspace(actor) or actor.role != Role.LEGAL_ADVISOR:
        return None
    from reintegra.core.blocks import due_for

    horizon = today + timedelta(days=selectors.DUE_SOON_DAYS)
    # The due list the page gathers once (core.blocks.due_for): no second deadline query.
    items = due_for(actor=actor, today=today, start=today - timedelta(days=3650), end=horizon,
                    source="legal")
    return Block(template="legal/_home.html", order=10, context={
        "overdue": [i for i in items if i.due_on < today],
        "soon": [i for i in items if i.due_on >= today][:10], "today": today,
    })


def erase_legal_data(client):
    """Sealed rows are emptied by the erasure itself (direct client FK); what remains
    (the dates and codes of a person's legal history, deadlines, reminders) goes too."""
    from .models import (
        CaseNote,
        Claim,
        Deadline,
        Document,
        Hearing,
        LegalStatus,
        Proceeding,
    )

    Deadline.objects.filter(client=client).delete()  # reminders cascade
    for model in (Hearing, Claim, Proceeding, Document, CaseNote):
        model.objects.filter(client=client).delete()
    # replaced_by is PROTECT: unlink the history first.
    LegalStatus.objects.filter(client=client).update(replaced_by=None)
    LegalStatus.objects.filter(client=client).delete()
