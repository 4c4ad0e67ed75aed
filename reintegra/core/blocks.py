"""The home-page blocks that gather from other registries: what is due this week (the due
registry of ``core.due``) and the clients falling behind (``core.home.register_behind``)."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from reintegra.accounts.models import Role
from reintegra.clients.access import TEAM_ROLES
from reintegra.core.dates import show_date, week_end

from .due import due_items
from .home import Row, behind_rows, rows_block

OVERDUE_WINDOW_DAYS = 90  # overdue items older than this are left to the lists behind them
NEXT_STEP_DAYS = 60  # how far ahead a client's "next step" is looked for


def due_for(*, actor, today: dt.date, days: int = NEXT_STEP_DAYS, start: dt.date | None = None,
            end: dt.date | None = None, source: str = ""):
    """Due items from ``start`` (by default ``OVERDUE_WINDOW_DAYS`` back) to ``end`` (by
    default ``days`` ahead), from one ``source`` or all. The registry is asked once per
    request, over the widest window any block or the header's count needs (the count's
    ten years back to ``NEXT_STEP_DAYS`` ahead): "due this week", "my clients with their
    next step", the legal and the outcomes blocks and the header's count all filter that
    one list instead of asking every source again."""
    from . import due

    cache = actor.__dict__.setdefault("_home_due", {})
    if today not in cache:
        first, last = due.window(today)
        last = max(last, today + dt.timedelta(days=NEXT_STEP_DAYS))
        cache[today] = due_items(actor=actor, start=first, end=last)
        due.prime_count(actor, today, cache[today])
    start = start or today - dt.timedelta(days=OVERDUE_WINDOW_DAYS)
    end = end or today + dt.timedelta(days=days)
    return [i for i in cache[today]
            if start <= i.due_on <= end and (not source or i.source == source)]


def due_this_week_block(*, actor, today):
    if actor.role not in TEAM_ROLES:
        return None
    end = week_end(today)
    items = [i for i in due_for(actor=actor, today=today) if i.due_on <= end]
    rows = [Row(label=f"{i.client_code}: {i.what}" if i.client_code else i.what, url=i.url,
                value=show_date(i.due_on), warn=i.due_on < today) for i in items]
    return rows_block(title=_("Due this week"), rows=rows, order=10,
                      intro=_("Until Sunday, %(day)s; overdue items first.")
                      % {"day": show_date(end)},
                      empty=_("Nothing is due this week."),
                      more_url=reverse("core:due"), more_text=_("Everything due"))


def falling_behind_block(*, actor, today):
    if actor.role not in (Role.COORDINATOR, Role.CASE_WORKER):
        return None
    return rows_block(title=_("Clients falling behind"), rows=behind_rows(actor=actor,
                                                                          today=today),
                      order=20, empty=_("Nobody is falling behind."))
