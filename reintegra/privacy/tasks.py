"""The daily retention job for the tasks worker (``manage.py db_worker``).

Task arguments are never personal data: this task takes none. Its result holds counts.
"""

import datetime as dt

from django.tasks import TaskResultStatus, task
from django.utils import timezone

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
    now = timezone.localtime(now)
    run = timezone.make_aware(dt.datetime.combine(now.date(), RUN_AT))
    return run if run > now else run + dt.timedelta(days=1)


def schedule_next_run(now=None) -> bool:
    """Queue tomorrow's run unless one is already waiting; returns whether it queued one."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    # A run queued "now" has no date (the backend stores the far future): not a daily slot.
    waiting = DBTaskResult.objects.filter(
        task_path=apply_retention_task.module_path, status=TaskResultStatus.READY,
        run_after__gt=now, run_after__lte=now + dt.timedelta(days=2),
    )
    if waiting.exists():
        return False
    apply_retention_task.using(run_after=next_run_time(now)).enqueue()
    return True
