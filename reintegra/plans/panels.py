"""The needs-and-plan section of the client page (reintegra.clients.panels)."""

from reintegra.clients.access import Section
from reintegra.clients.panels import Panel

from . import selectors
from .access import may_plan, note_team_membership, sees_legal_goals


def plans_panel(*, actor, client, sections):
    """Latest needs, plans and goals with their status, for those who plan with the client;
    the coded legal-status goals for a legal advisor; nothing for anyone else. The client
    page has already recorded the view of the client.

    The client page gives a team role the CASE or LEGAL section only when the actor is on
    the client's case team; that is noted, so that the selectors do not ask again."""
    if Section.CASE in sections and may_plan(actor, client, on_team=True):
        note_team_membership(client, actor, True)
        return Panel(template="plans/_panel.html", order=20, context={
            "may_plan": True,
            "latest": selectors.needs_summary(actor=actor, client=client),
            "plans": selectors.client_plans(actor=actor, client=client),
        })
    if Section.LEGAL in sections and sees_legal_goals(actor, client, on_team=True):
        note_team_membership(client, actor, True)
        return Panel(template="plans/_panel.html", order=20, context={
            "may_plan": False,
            "legal_goals": selectors.legal_goals_for(actor=actor, client=client),
        })
    return None
