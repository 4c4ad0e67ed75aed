"""The report job for the tasks worker (``manage.py db_worker``): its only argument is
the job's id; its result holds the status."""

from django.db import transaction
from django.tasks import task

from . import services


@task
def generate_report_task(job_id: int) -> str:
    services.expire_reports()
    return services.run_job(job_id)


def queue_job(job) -> None:
    """Hand a requested job to the worker once its row is committed; only the id travels."""
    transaction.on_commit(lambda: generate_report_task.enqueue(job.pk))
