"""The daily verification of the audit chain, for the tasks worker (``manage.py db_worker``).

It takes no arguments; its result holds counts and the head. Like the retention task
(privacy/tasks.py) it queues its own next run, so one ``verify_audit --enqueue`` starts a
daily cycle without cron.
"""

import datetime as dt
from typing import Any

from django.tasks import task

from reintegra.core import daily

from .verification import verify_and_anchor

RUN_AT = dt.time(3, 45)  # after the retention run (03:15), before the working day


@task
def verify_audit_task() -> dict[str, Any]:
    entry, findings = verify_and_anchor()
    schedule_next_run()
    return {"ok": entry.ok, "checked": entry.checked, "head_id": entry.head_id,
            "problems": len(findings)}


def next_run_time(now: dt.datetime | None = None) -> dt.datetime:
    return daily.next_run_time(RUN_AT, now)


def schedule_next_run(now: dt.datetime | None = None) -> bool:
    """Queue the next night's run unless one is already waiting; whether it queued one."""
    return daily.schedule_daily(verify_audit_task, RUN_AT, now)
