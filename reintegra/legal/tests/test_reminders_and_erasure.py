"""The daily reminder job (idempotent, thresholds, e-mail that says nothing), erasure,
and the report's hook."""

import datetime as dt
from datetime import date

from django.core import mail
from django_tasks_db.models import DBTaskResult

from reintegra.core.testing import make_client
from reintegra.legal import services
from reintegra.legal.models import (
    CaseNote,
    Deadline,
    Document,
    Hearing,
    LegalStatus,
    Proceeding,
    Reminder,
)
from reintegra.legal.reminders import make_reminders, reminder_mail, threshold
from reintegra.legal.selectors import legal_outcomes_by_client
from reintegra.legal.tasks import legal_reminders_task, schedule_next_run


def test_threshold_is_the_nearest_reached():
    days = (30, 14, 3)
    assert [threshold(n, days) for n in (31, 30, 20, 14, 13, 3, 0, -1)] == [
        None, 30, 30, 14, 14, 3, 3, None]


def test_running_twice_makes_each_reminder_once(people, team_client, certificate, today):
    first = make_reminders(today=today)
    again = make_reminders(today=today)
    assert first.created == 2 and again.created == 0  # validity and reflection period
    assert Reminder.objects.filter(user=people.lena).count() == 2
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {30}
    # Later, the 14-day threshold is reached: one more each, and only once.
    later = certificate.valid_until - dt.timedelta(days=10)
    assert make_reminders(today=later).created == 2
    assert make_reminders(today=later).created == 0
    assert Reminder.objects.count() == 4


def test_only_the_team_legal_advisor_or_else_the_case_owner_is_reminded(people, today):
    without_lawyer = make_client(people.alice, team=[people.bob], owner=people.bob)
    services.record_status(actor=people.alice, client=without_lawyer, data={
        "kind": "certificate_170", "stage": "granted",
        "issued_on": today - dt.timedelta(days=80)})
    make_reminders(today=today)
    assert set(Reminder.objects.values_list("user__username", flat=True)) == {"bob"}


def test_email_only_with_a_mail_server_and_it_names_nothing(settings, people, team_client,
                                                            certificate, today):
    people.lena.email = "lena@example.org"
    people.lena.save()
    settings.MAIL_CONFIGURED = False
    make_reminders(today=today)
    assert mail.outbox == []
    Reminder.objects.all().delete()
    settings.MAIL_CONFIGURED = True
    settings.SITE_URL = "https://reintegra.example.org"
    run = make_reminders(today=today)
    assert run.emailed == 1 and len(mail.outbox) == 1  # one message for both reminders
    message = mail.outbox[0]
    text = message.subject + message.body
    assert "https://reintegra.example.org/legal/reminders/" in message.body
    for secret in (team_client.code, "certificate", "Certificate", "zaświadczenie", "SG-123",
                   certificate.valid_until.strftime("%d.%m.%Y"), "170", "Anna"):
        assert secret not in text
    assert Reminder.objects.filter(emailed_at__isnull=False).count() == 2


def test_the_mail_body_says_only_that_something_is_due(people, settings):
    settings.SITE_URL = "http://x.test"
    subject, body = reminder_mail(people.lena)
    assert body.strip().splitlines()[1] == "http://x.test/legal/reminders/"


def test_the_task_queues_its_next_run_once(people):
    result = legal_reminders_task.call()
    assert result == {"created": 0, "emailed": 0}
    assert DBTaskResult.objects.filter(task_path=legal_reminders_task.module_path).count() == 1
    assert schedule_next_run() is False


def test_reminders_list_and_mark_read(client, people, team_client, certificate, today):
    make_reminders(today=today)
    reminder = Reminder.objects.filter(user=people.lena).first()
    client.force_login(people.bob)
    assert client.post(f"/legal/reminders/{reminder.pk}/read/").status_code == 404
    client.force_login(people.lena)
    assert team_client.code in client.get("/legal/reminders/").content.decode()
    client.post(f"/legal/reminders/{reminder.pk}/read/")
    reminder.refresh_from_db()
    assert reminder.read_at is not None


def test_erasure_clears_the_legal_data(people, team_client, certificate, today):
    from reintegra.privacy.services import erase_client

    services.save_document(actor=people.lena, client=team_client, data={
        "kind": "passport", "state": "withheld"}, number="EK0000001")
    p = services.add_proceeding(actor=people.lena, client=team_client, data={
        "kind": "criminal", "client_role": "witness", "authority": "police",
        "opened_on": today}, reference="RSD-9")
    services.add_hearing(actor=people.lena, proceeding=p, held_on=today, note="room 4")
    services.add_note(actor=people.lena, client=team_client, text="note")
    make_reminders(today=today)
    erase_client(actor=people.dora, client=team_client, confirmed_by=people.alice)
    for model in (LegalStatus, Document, Proceeding, Hearing, CaseNote, Deadline, Reminder):
        assert not model.objects.exists(), model


def test_outcomes_for_the_report_from_dated_records(people, today):
    regularised = make_client(people.alice, team=[people.lena])
    pending = make_client(people.alice, team=[people.lena])
    nothing = make_client(people.alice, team=[people.lena])
    expired = make_client(people.alice, team=[people.lena])
    other_org = make_client(people.oscar)
    services.record_status(actor=people.lena, client=regularised, data={
        "kind": "permit_176", "stage": "granted", "valid_from": date(2026, 1, 1),
        "valid_until": date(2027, 12, 31)})
    services.record_status(actor=people.lena, client=pending, data={
        "kind": "permit_176", "stage": "applied", "applied_on": date(2026, 2, 1)})
    services.record_status(actor=people.lena, client=expired, data={
        "kind": "certificate_170", "stage": "granted", "issued_on": date(2026, 1, 1)})
    ids = [regularised.pk, pending.pk, nothing.pk, expired.pk, other_org.pk]
    got = legal_outcomes_by_client(actor=people.alice, client_ids=ids,
                                   start=date(2026, 1, 1), end=date(2026, 6, 30))
    assert got == {regularised.pk: "regularised", pending.pk: "pending",
                   nothing.pk: "not_regularised", expired.pk: "not_regularised"}
    early = legal_outcomes_by_client(actor=people.alice, client_ids=ids,
                                     start=date(2025, 1, 1), end=date(2026, 1, 15))
    assert early[expired.pk] == "pending"  # the certificate was running then
    assert early[regularised.pk] == "regularised" and early[pending.pk] == "not_regularised"
    assert legal_outcomes_by_client(actor=people.piotr, client_ids=ids, start=date(2026, 1, 1),
                                    end=date(2026, 6, 30)) == {}
