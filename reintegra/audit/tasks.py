"""The daily verification of the audit chain, for the tasks worker (``manage.py db_worker``).

It takes no arguments; its result holds counts and the head. Like the retention task
(privacy/tasks.py) it queues its own next run, so one ``verify_audit --enqueue`` starts a
daily cycle without cron.
"""

import datetime as dt
from typing import Any

from django.tasks import TaskResultStatus, task
from django.utils import timezone

from .verification import verify_and_anchor

RUN_AT = dt.time(3, 45)  # after the retention run (03:15), before the working day


@task
def verify_audit_task() -> dict[str, Any]:
    entry, findings = verify_and_anchor()
    schedule_next_run()
    return {"ok": entry.ok, "checked": entry.checked, "head_id": entry.head_id,
            "problems": len(findings)}


def next_run_time(now: dt.datetime | None = None) -> dt.datetime:
    now = timezone.localtime(now)
    run = timezone.make_aware(dt.datetime.combine(now.date(), RUN_AT))
    return run if run > now else run + dt.timedelta(days=1)


def schedule_next_run(now: dt.datetime | None = None) -> bool:
    """Queue the next night's run unless one is already waiting; whether it queued one."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    waiting = DBTaskResult.objects.filter(
        task_path=verify_audit_task.module_path, status=TaskResultStatus.READY,
        run_after__gt=now, run_after__lte=now + dt.timedelta(days=2),
    )
    if waiting.exists():
        return False
    verify_audit_task.using(run_after=next_run_time(now)).enqueue()
    return True
