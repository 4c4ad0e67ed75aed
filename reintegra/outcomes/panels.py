"""The outcomes section of the client page (reintegra.clients.panels): scores over time
with a chart, the reliable change and questionnaires due, for the case team and the
coordinator; nothing for anyone else."""

from reintegra.clients.access import Section
from reintegra.clients.panels import Panel

from . import selectors
from .access import may_administer, sees_answers


def outcomes_panel(*, actor, client, sections):
    if Section.REGISTRY not in sections:
        return None
    histories = selectors.client_outcomes(actor=actor, client=client)
    if histories is None:
        return None
    return Panel(template="outcomes/_panel.html", order=40, context={
        "histories": histories,
        "may_administer": may_administer(actor, client),
        "sees_answers": sees_answers(actor, client),
    })
