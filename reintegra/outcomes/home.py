"""The outcomes block of the home page (reintegra.core.home): questionnaires due in the
next two weeks for the clients the user reaches, and the way to the cohort figures."""

import datetime as dt

from reintegra.core.home import Block

from .access import sees_cohort

WINDOW_DAYS = 14
OVERDUE_DAYS = 366  # overdue questionnaires of the past year are still listed


def outcomes_block(*, actor, today):
    if not sees_cohort(actor):
        return None
    from reintegra.core.blocks import due_for

    # The due list the page gathers once (core.blocks.due_for, whose outcomes source is
    # selectors.due_questionnaires): no second questionnaire query.
    due = due_for(actor=actor, today=today, start=today - dt.timedelta(days=OVERDUE_DAYS),
                  end=today + dt.timedelta(days=WINDOW_DAYS), source="outcomes")
    return Block(template="outcomes/_home.html", order=60,
                 context={"due": due, "window": WINDOW_DAYS})
