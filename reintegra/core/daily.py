"""Daily jobs on the task worker (django-tasks-db has no scheduler): each run queues the
next one for the same time tomorrow, and an operator's ``--enqueue`` starts the cycle.
Used by the retention job (privacy), the audit verification (audit) and the legal
reminders (legal); each keeps its own time of day."""

import datetime as dt
from typing import Any

from django.tasks import TaskResultStatus
from django.utils import timezone


def next_run_time(run_at: dt.time, now: dt.datetime | None = None) -> dt.datetime:
    """The next ``run_at`` (local time) after ``now``: today's, or else tomorrow's."""
    now = timezone.localtime(now)
    run = timezone.make_aware(dt.datetime.combine(now.date(), run_at))
    return run if run > now else run + dt.timedelta(days=1)


def schedule_daily(task: Any, run_at: dt.time, now: dt.datetime | None = None) -> bool:
    """Queue ``task``'s next daily run unless one is already waiting; whether it queued."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    # A run queued "now" has no date (the backend stores the far future): not a daily slot.
    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path, status=TaskResultStatus.READY,
        run_after__gt=now, run_after__lte=now + dt.timedelta(days=2),
    )
    if waiting.exists():
        return False
    task.using(run_after=next_run_time(run_at, now)).enqueue()
    return True
