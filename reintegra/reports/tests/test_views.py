import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reintegra.audit.models import AuditEvent
from reintegra.core.testing import chain_locks
from reintegra.reports import services
from reintegra.reports.models import JobStatus, ReportJob
from reintegra.reports.tests.test_report import add_clients
from reintegra.vault.models import DataKey

FORM = {"audience": "public", "format": "json", "language": "en", "start": "2026-01-01",
        "end": "2026-12-31"}


@pytest.fixture
def with_clients(people):
    add_clients(people, 12, gender="Feminine", citizenship=["PL"])
    return people


def ask(client, people, **changes):
    client.force_login(people.alice)
    return client.post(reverse("reports:index"), {**FORM, **changes}, HTTP_ACCEPT_LANGUAGE="en")


def test_the_coordinator_asks_and_the_worker_gets_only_the_job_id(client, with_clients,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, with_clients)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:job",
                                                                    args=[job.pk])
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs == {"args": [job.pk], "kwargs": {}}
    page = client.get(reverse("reports:job", args=[job.pk]))
    assert b"<progress" in page.content and b'hx-trigger="every 2s"' in page.content


def test_a_finished_report_is_stored_encrypted_and_downloaded_with_a_record(
        client, with_clients, media_root):
    ask(client, with_clients)
    job = ReportJob.objects.get()
    assert services.run_job(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    stored = b"".join(p.read_bytes() for p in media_root.rglob("*") if p.is_file())
    assert b"served_gender" not in stored and stored  # ciphertext only
    page = client.get(reverse("reports:job", args=[job.pk]), HTTP_HX_REQUEST="true",
                      HTTP_ACCEPT_LANGUAGE="en")
    assert b"Download" in page.content and b"hx-trigger" not in page.content
    before = AuditEvent.objects.filter(action="export", object_type="reports.reportjob").count()
    response = client.get(reverse("reports:download", args=[job.pk]))
    assert response.status_code == 200
    assert json.loads(response.content)["audience"] == "public"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="export",
                                     object_type="reports.reportjob").count() == before + 1


def test_an_expired_report_is_shredded(client, with_clients):
    ask(client, with_clients)
    job = ReportJob.objects.get()
    services.run_job(job.pk)
    job.refresh_from_db()
    key_id = job.key_id
    assert services.expire_reports(now=job.expires_at + dt.timedelta(seconds=1)) == 1
    assert not DataKey.objects.using("keystore").filter(key_id=key_id).exists()
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404


def test_the_daily_task_shreds_expired_files_and_keeps_fresh_ones(client, with_clients):
    from reintegra.reports.tasks import expire_reports_task, schedule_next_run
    from reintegra.vault import files

    ask(client, with_clients)
    ask(client, with_clients)
    old, fresh = ReportJob.objects.order_by("pk")
    for job in (old, fresh):
        services.run_job(job.pk)
    ReportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now()
                                               - dt.timedelta(minutes=1))
    old.refresh_from_db()
    fresh.refresh_from_db()
    old_key, old_file = old.key_id, files._path(old.blob)
    assert old_file.exists()
    assert expire_reports_task.call() == 1
    assert not DataKey.objects.using("keystore").filter(key_id=old_key).exists()
    assert not old_file.exists()
    old.refresh_from_db()
    assert old.blob == "" and old.key_id is None
    # the fresh one is untouched and still downloads
    assert DataKey.objects.using("keystore").filter(key_id=fresh.key_id).exists()
    assert files._path(fresh.blob).exists()
    response = client.get(reverse("reports:download", args=[fresh.pk]))
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content) if response.streaming
                      else response.content)["audience"] == "public"
    # it queued its own next run, once
    queued = DBTaskResult.objects.filter(task_path=expire_reports_task.module_path)
    assert queued.count() == 1
    assert schedule_next_run() is False


def test_a_job_past_its_expiry_is_not_served_even_before_the_sweep(client, with_clients):
    ask(client, with_clients)
    job = ReportJob.objects.get()
    services.run_job(job.pk)
    ReportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404


def test_another_coordinator_cannot_see_the_job_or_its_file(client, with_clients):
    ask(client, with_clients)
    job = ReportJob.objects.get()
    services.run_job(job.pk)
    client.force_login(with_clients.oscar)
    assert client.get(reverse("reports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404
    page = client.get(reverse("reports:index"))
    assert reverse("reports:job", args=[job.pk]).encode() not in page.content


def test_the_dpo_and_a_case_worker_are_refused(client, people):
    for persona in (people.dora, people.bob):
        client.force_login(persona)
        assert client.get(reverse("reports:index")).status_code == 403
        assert client.post(reverse("reports:index"), FORM).status_code == 403
    assert not ReportJob.objects.exists()


def test_a_wrong_period_shows_the_error_and_makes_nothing(client, people):
    response = ask(client, people, start="2026-12-31", end="2026-01-01")
    assert response.status_code == 200
    assert b"The last day must be on or after the first day." in response.content
    response = ask(client, people, start="31.02.2026")
    assert response.status_code == 200
    assert not ReportJob.objects.exists()


def test_the_list_of_jobs_has_a_fixed_number_of_queries(client, people,
                                                        django_assert_max_num_queries):
    client.force_login(people.alice)
    for _i in range(3):
        services.request_report(actor=people.alice, audience="public", format="json",
                                language="en", start=dt.date(2026, 1, 1),
                                end=dt.date(2026, 2, 1))
    client.get(reverse("reports:index"))  # the session's once-a-minute writes happen here
    with django_assert_max_num_queries(12 + chain_locks(1)) as few:
        client.get(reverse("reports:index"))
    budget = len(few.captured_queries)  # read now: each request empties the query log
    for _i in range(10):
        services.request_report(actor=people.alice, audience="public", format="json",
                                language="en", start=dt.date(2026, 1, 1),
                                end=dt.date(2026, 2, 1))
    client.get(reverse("reports:index"))
    with django_assert_max_num_queries(budget):
        client.get(reverse("reports:index"))
