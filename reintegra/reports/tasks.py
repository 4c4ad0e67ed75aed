"""The report job for the tasks worker (``manage.py db_worker``): its only argument is
the job's id; its result holds the status."""

from django.tasks import task

from . import services


@task
def generate_report_task(job_id: int) -> str:
    services.expire_reports()
    return services.run_job(job_id)
