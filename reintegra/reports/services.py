"""Report jobs: requested by a coordinator, generated on the task worker, stored encrypted
with a data key of their own, downloaded (audited), and shredded when they expire."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.vault import files
from reintegra.vault.keyring import create_data_key, destroy_data_key

from . import render
from .models import JobStatus, ReportJob
from .report import build_report, may_generate


def _aad(job: ReportJob) -> str:
    return f"reports.reportjob:{job.pk}"


@transaction.atomic
def request_report(*, actor, audience: str, format: str, language: str, start: dt.date,
                   end: dt.date) -> ReportJob:
    if not may_generate(actor):
        raise PermissionDenied
    job = ReportJob.objects.create(organisation=actor.organisation, requested_by=actor,
                                   audience=audience, format=format, language=language,
                                   start=start, end=end)
    record(actor=actor, action=Action.CREATE, obj=job)
    return job  # the caller queues it: reintegra.reports.tasks.queue_job


def _set_progress(job_id: int, percent: int) -> None:
    ReportJob.objects.filter(pk=job_id).update(progress=percent)


def run_job(job_id: int) -> str:
    """The worker's part: generate, encrypt, store. Returns the job's new status."""
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.status != JobStatus.QUEUED:
        return job.status
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=1)
    try:
        report = build_report(
            actor=job.requested_by, start=job.start, end=job.end, audience=job.audience,
            language=job.language,
            progress=lambda percent, _step: _set_progress(job.pk, min(percent, 90)))
        data = render.render(report, job.format)
        key_id, key = create_data_key()
        blob = files.write(key=key, key_id=key_id, data=data, aad=_aad(job))
    except Exception:
        ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED,
                                                   finished_at=timezone.now())
        raise
    now = timezone.now()
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, progress=100, key_id=key_id, blob=blob, finished_at=now,
        expires_at=now + dt.timedelta(hours=settings.REPORT_FILE_HOURS))
    return JobStatus.DONE


def report_file(*, actor, job: ReportJob) -> bytes:
    """The decrypted file, for the coordinator who asked for it; recorded."""
    from reintegra.vault.keyring import KeyRing

    if job.requested_by_id != actor.pk or not may_generate(actor):
        raise PermissionDenied
    if job.status != JobStatus.DONE or not job.blob or job.expires_at <= timezone.now():
        raise PermissionDenied
    key = KeyRing().key(job.key_id)
    if key is None:
        raise PermissionDenied
    data = files.read(key=key, name=job.blob, aad=_aad(job))
    with transaction.atomic():
        record(actor=actor, action=Action.EXPORT, obj=job)
    return data


def expire_reports(now=None) -> int:
    """Shred every expired report file: its data key goes, then its ciphertext."""
    now = now or timezone.now()
    expired = ReportJob.objects.filter(expires_at__lte=now).exclude(blob="")
    count = 0
    for job in expired:
        if job.key_id:
            destroy_data_key(job.key_id)
        files.delete(job.blob)
        ReportJob.objects.filter(pk=job.pk).update(blob="", key_id=None)
        count += 1
    return count
