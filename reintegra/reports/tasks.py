"""Report tasks for the worker (``manage.py db_worker``): the report job (its only
argument is the job's id; its result holds the status) and the daily shredding of expired
report files (no arguments; its result is the count), which queues its own next run like
the legal reminders (reintegra.legal.tasks). The first report job starts that cycle, and
``manage.py expire_reports --schedule`` does too."""

import datetime as dt

from django.db import transaction
from django.tasks import task

from reintegra.core import daily

from . import services

RUN_AT = dt.time(4, 15)  # after the audit verification (03:45), before the working day


@task
def generate_report_task(job_id: int) -> str:
    services.expire_reports()
    schedule_next_run()
    return services.run_job(job_id)


@task
def expire_reports_task() -> int:
    shredded = services.expire_reports()
    schedule_next_run()
    return shredded


def next_run_time(now=None) -> dt.datetime:
    return daily.next_run_time(RUN_AT, now)


def schedule_next_run(now=None) -> bool:
    """Queue the next daily shredding unless one is already waiting; whether it queued."""
    return daily.schedule_daily(expire_reports_task, RUN_AT, now)


def queue_job(job) -> None:
    """Hand a requested job to the worker once its row is committed; only the id travels."""
    transaction.on_commit(lambda: generate_report_task.enqueue(job.pk))
