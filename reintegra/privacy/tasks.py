"""The daily retention job for the tasks worker (``manage.py db_worker``).

Task arguments are never personal data: this task takes none. Its result holds counts.
"""

import datetime as dt

from django.tasks import task

from reintegra.core import daily

from . import services

RUN_AT = dt.time(3, 15)  # at night, local time: few users, and before the working day


@task
def apply_retention_task() -> dict:
    report = services.apply_retention()
    schedule_next_run()
    return {
        "cutoff": report.cutoff.isoformat(),
        "erased": sum(report.erased.values()),
        "failed": sum(report.failed.values()),
        "erased_by_organisation": {str(k): v for k, v in sorted(report.erased.items())},
    }


def next_run_time(now=None) -> dt.datetime:
    return daily.next_run_time(RUN_AT, now)


def schedule_next_run(now=None) -> bool:
    """Queue tomorrow's run unless one is already waiting; whether it queued one."""
    return daily.schedule_daily(apply_retention_task, RUN_AT, now)
