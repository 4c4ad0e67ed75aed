from django.http import Http404

from .models import ReportJob

RECENT = 20


def my_jobs(*, actor) -> list[ReportJob]:
    """The acting coordinator's own recent report jobs (one query)."""
    return list(ReportJob.objects.filter(requested_by=actor,
                                         organisation_id=actor.organisation_id)[:RECENT])


def my_job(*, actor, pk: int) -> ReportJob:
    """A job of the acting user's own, or 404 (another's job is not there for them)."""
    job = ReportJob.objects.filter(pk=pk, requested_by=actor,
                                   organisation_id=actor.organisation_id).first()
    if job is None:
        raise Http404
    return job
