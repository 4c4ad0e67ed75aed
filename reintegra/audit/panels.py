"""The "who has seen this record" section of the client page (reintegra.clients.panels)."""

from typing import Any

from reintegra.clients.access import Section
from reintegra.clients.panels import Panel

from . import selectors


def access_history_panel(*, actor: Any, client: Any, sections: Any) -> Panel | None:
    if Section.AUDIT not in sections:
        return None
    found = selectors.recent_client_history(actor=actor, client=client)
    if found is None:
        return None
    events, more = found
    return Panel(
        template="audit/_client_panel.html",
        context={"client": client, "events": events, "more": more,
                 "limit": selectors.PANEL_SIZE},
        order=900,
    )
