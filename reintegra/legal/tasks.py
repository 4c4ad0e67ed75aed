"""The daily reminder job for the task worker (``manage.py db_worker``), on the pattern of
reintegra.privacy.tasks: it queues its own next run. Arguments: none; result: counts."""

import datetime as dt

from django.tasks import task

from reintegra.core import daily

from .reminders import make_reminders

RUN_AT = dt.time(6, 30)  # before the working day


@task
def legal_reminders_task() -> dict:
    run = make_reminders()
    schedule_next_run()
    return {"created": run.created, "emailed": run.emailed}


def next_run_time(now=None) -> dt.datetime:
    return daily.next_run_time(RUN_AT, now)


def schedule_next_run(now=None) -> bool:
    """Queue the next daily run unless one is already waiting; whether it queued one."""
    return daily.schedule_daily(legal_reminders_task, RUN_AT, now)
