"""The home-page blocks that gather from other registries: what is due this week (the due
registry of ``core.due``) and the clients falling behind (``core.home.register_behind``)."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from reintegra.accounts.models import Role
from reintegra.clients.access import TEAM_ROLES
from reintegra.core.dates import show_date

from .due import due_items
from .home import Row, behind_rows, rows_block

OVERDUE_WINDOW_DAYS = 90  # overdue items older than this are left to the lists behind them
NEXT_STEP_DAYS = 60  # how far ahead a client's "next step" is looked for


def week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def due_for(*, actor, today: dt.date, days: int = NEXT_STEP_DAYS):
    """Due items from the window's start to ``days`` ahead, once per request (two blocks
    use them: "due this week" and "my clients with their next step")."""
    cache = actor.__dict__.setdefault("_home_due", {})
    key = (today, days)
    if key not in cache:
        cache[key] = due_items(actor=actor, start=today - dt.timedelta(days=OVERDUE_WINDOW_DAYS),
                               end=today + dt.timedelta(days=days))
    return cache[key]


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
