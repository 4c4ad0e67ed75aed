"""The daily reminder job for the task worker (``manage.py db_worker``), on the pattern of
reintegra.privacy.tasks: it queues its own next run. Arguments: none; result: counts."""

import datetime as dt

from django.tasks import TaskResultStatus, task
from django.utils import timezone

from .reminders import make_reminders

RUN_AT = dt.time(6, 30)  # before the working day


@task
def legal_reminders_task() -> dict:
    run = make_reminders()
    schedule_next_run()
    return {"created": run.created, "emailed": run.emailed}


def next_run_time(now=None) -> dt.datetime:
    now = timezone.localtime(now)
    run = timezone.make_aware(dt.datetime.combine(now.date(), RUN_AT))
    return run if run > now else run + dt.timedelta(days=1)


def schedule_next_run(now=None) -> bool:
    """Queue the next daily run unless one is already waiting; returns whether it queued."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    waiting = DBTaskResult.objects.filter(
        task_path=legal_reminders_task.module_path, status=TaskResultStatus.READY,
        run_after__gt=now, run_after__lte=now + dt.timedelta(days=2),
    )
    if waiting.exists():
        return False
    legal_reminders_task.using(run_after=next_run_time(now)).enqueue()
    return True
