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


# --- the due page and the count in the header -------------------------------------------

SOON_DAYS = 30  # "due soon": within this many days
OVERDUE_LOOKBACK_DAYS = 3650  # how far back an unfinished item still counts as overdue


def window(today: date) -> tuple[date, date]:
    from datetime import timedelta

    return today - timedelta(days=OVERDUE_LOOKBACK_DAYS), today + timedelta(days=SOON_DAYS)


def due_for(actor, today: date) -> list[DueItem]:
    start, end = window(today)
    return due_items(actor=actor, start=start, end=end)


COUNT_SECONDS = 60  # how long a header count may be reused
_VERSION_KEY = "due:version"


def changed() -> None:
    """Call after a write that adds, moves or closes a due item: the header counts
    computed before it are not reused."""
    from django.core.cache import caches

    cache = caches["local"]

    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)


def _count_key(user, today: date) -> str:
    from django.core.cache import caches

    version = caches["local"].get(_VERSION_KEY, 0)
    return f"due:count:{user.pk}:{today.isoformat()}:{version}"


def prime_count(user, today: date, items: list[DueItem]) -> None:
    """Keep the header's count from ``items`` already gathered over a window that covers
    ``window(today)`` (the home page's), so that the header does not ask every source
    again in the same request."""
    from django.core.cache import caches

    start, end = window(today)
    count = sum(1 for i in items if start <= i.due_on <= end)
    caches["local"].set(_count_key(user, today), count, COUNT_SECONDS)


def count_for(user, today: date) -> int:
    """How many items are due soon or overdue for ``user``. Computed (one query per
    source) at most once a minute per user and day, and again after ``changed()``: the
    header shows it on every page, and most pages must not pay for it. A change that
    did not call ``changed()`` (a team change) shows within COUNT_SECONDS."""
    from django.core.cache import caches

    cache = caches["local"]

    key = _count_key(user, today)
    count = cache.get(key)
    if count is None:
        count = len(due_for(user, today))
        cache.set(key, count, COUNT_SECONDS)
    return count


def due_count(request):
    """Template context: ``due_count``, the number of items due soon or overdue for the
    signed-in user, computed only when a template uses it (see ``count_for``)."""
    from django.utils import timezone
    from django.utils.functional import SimpleLazyObject

    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and getattr(user, "organisation_id", None)):
        return {}
    return {"due_count": SimpleLazyObject(lambda: count_for(user, timezone.localdate()))}
