"""The outcomes block of the home page (reintegra.core.home): questionnaires due in the
next two weeks for the clients the user reaches, and the way to the cohort figures."""

import datetime as dt

from reintegra.core.home import Block

from . import selectors
from .access import sees_cohort

WINDOW_DAYS = 14
OVERDUE_DAYS = 366  # overdue questionnaires of the past year are still listed


def outcomes_block(*, actor, today):
    if not sees_cohort(actor):
        return None
    due = selectors.due_questionnaires(actor=actor,
                                       start=today - dt.timedelta(days=OVERDUE_DAYS),
                                       end=today + dt.timedelta(days=WINDOW_DAYS))
    return Block(template="outcomes/_home.html", order=60,
                 context={"due": due, "window": WINDOW_DAYS})
