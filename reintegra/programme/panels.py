"""The programme's section on the client page (reintegra.clients.panels)."""

from django.utils.translation import get_language

from reintegra.clients.access import Section
from reintegra.clients.panels import Panel

from .access import may_enrol


def client_panel(*, actor, client, sections):
    if Section.CASE not in sections:
        return None
    from .selectors import client_programme

    # The client page already records its view; the panel does not add another event.
    data = client_programme(actor=actor, client=client, record_view=False)
    return Panel(
        template="programme/_client_panel.html", order=40,
        context={"data": data, "lang": (get_language() or "pl")[:2],
                 "may_enrol": may_enrol(actor, client)},
    )
