"""Closed cases are erased N years after closure: service, command, task."""

from datetime import date, datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reintegra.audit.models import AuditEvent
from reintegra.clients.models import Client
from reintegra.clients.services import close_case
from reintegra.core.testing import make_client
from reintegra.privacy.models import ErasureRecord
from reintegra.privacy.services import apply_retention, retention_cutoff
from reintegra.privacy.tasks import apply_retention_task, next_run_time, schedule_next_run

TODAY = date(2036, 6, 15)


def closed_client(people, closed_on, actor=None):
    actor = actor or people.alice
    c = make_client(actor, intake_date=date(2010, 1, 10))
    return close_case(actor=actor, client=c, reason="completed", closed_on=closed_on)


def test_cutoff_is_the_same_day_n_years_before():
    assert retention_cutoff(TODAY, 10) == date(2026, 6, 15)
    assert retention_cutoff(date(2028, 2, 29), 10) == date(2018, 2, 28)


def test_cases_closed_before_the_cutoff_are_erased_and_the_others_are_not(people, settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 10
    long_ago = closed_client(people, date(2026, 6, 14))
    on_the_day = closed_client(people, date(2026, 6, 15))
    recent = closed_client(people, date(2026, 6, 16))
    still_open = make_client(people.alice, intake_date=date(2010, 1, 10))
    elsewhere = closed_client(people, date(2021, 1, 1), actor=people.oscar)

    report = apply_retention(today=TODAY)

    erased = set(Client.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {long_ago.pk, on_the_day.pk, elsewhere.pk}
    assert recent.pk not in erased and still_open.pk not in erased
    assert report.erased == {people.org.pk: 2, people.other_org.pk: 1}
    assert not report.failed
    for record in ErasureRecord.objects.all():
        assert (record.cause, record.requested_by, record.confirmed_by) == ("retention",
                                                                            None, None)
    events = AuditEvent.objects.filter(action="erase", object_type="clients.client")
    assert events.count() == 3 and not events.exclude(actor=None).exists()
    runs = AuditEvent.objects.filter(action="erase", object_type="privacy.retention")
    assert {(e.organisation_id, e.object_id) for e in runs} == {
        (people.org.pk, "2"), (people.other_org.pk, "1")}


def test_the_number_of_years_comes_from_the_settings(people, settings):
    settings.RETENTION_YEARS_AFTER_CLOSURE = 2
    c = closed_client(people, date(2034, 6, 1))
    apply_retention(today=TODAY)
    c.refresh_from_db()
    assert c.is_erased


def test_the_command_reports_counts_by_organisation_and_dry_run_changes_nothing(people):
    today = timezone.localdate()
    due = closed_client(people, today.replace(year=today.year - 11))
    closed_client(people, today - timedelta(days=30))

    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    due.refresh_from_db()
    assert not due.is_erased
    assert "Fundacja Test" in out.getvalue() and "1 due" in out.getvalue()
    assert not AuditEvent.objects.filter(action="erase").exists()

    out = StringIO()
    call_command("apply_retention", stdout=out)
    due.refresh_from_db()
    assert due.is_erased
    assert "1 erased, 0 failed" in out.getvalue()
    assert "Anna" not in out.getvalue() and "Kowalska" not in out.getvalue()


def test_the_daily_task_erases_and_queues_its_next_run(people):
    today = timezone.localdate()
    due = closed_client(people, today.replace(year=today.year - 11))
    result = apply_retention_task.call()
    due.refresh_from_db()
    assert due.is_erased
    assert result["erased"] == 1 and result["erased_by_organisation"] == {
        str(people.org.pk): 1}
    queued = DBTaskResult.objects.get(task_path=apply_retention_task.module_path)
    assert queued.run_after > timezone.now()
    assert queued.args_kwargs == {"args": [], "kwargs": {}}  # no arguments, least of all data
    assert schedule_next_run() is False  # one waiting run is enough


def test_enqueue_queues_a_run_now_and_the_next_night(people):
    out = StringIO()
    call_command("apply_retention", "--enqueue", stdout=out)
    assert DBTaskResult.objects.filter(task_path=apply_retention_task.module_path).count() == 2


def test_the_next_run_is_tonight_or_tomorrow_night():
    evening = timezone.make_aware(datetime(2026, 5, 4, 20, 0))
    morning = timezone.make_aware(datetime(2026, 5, 4, 1, 0))
    assert timezone.localtime(next_run_time(evening)).date() == date(2026, 5, 5)
    assert timezone.localtime(next_run_time(morning)).date() == date(2026, 5, 4)
