"""What is due, gathered from every app for one user: legal deadlines, questionnaires,
plan reviews, tasks. Each app registers a source; a source is called with the acting user
and a window of dates and returns ``DueItem``s for the clients the actor may see only (it
reads through its own app's selectors). Items carry ids and codes, never names: the due
list and its count in the header are shown on every page.
"""

from dataclasses import dataclass
from datetime import date

_sources = []


@dataclass(frozen=True)
class DueItem:
    due_on: date
    what: str  # a short, translated label: "Certificate expires", "Questionnaire: exit"
    url: str  # where the work is done
    client_id: int | None = None
    client_code: str = ""
    source: str = ""  # the app that gave it: "legal", "outcomes", "plans", "notes"


def register(source):
    _sources.append(source)
    return source


def due_items(*, actor, start: date, end: date) -> list[DueItem]:
    """Items due on or before ``end`` (overdue ones included when ``start`` is early)."""
    items = [item for source in _sources for item in source(actor=actor, start=start, end=end)]
    return sorted(items, key=lambda i: (i.due_on, i.client_code, i.what))
