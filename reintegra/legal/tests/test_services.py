"""Legal status, documents, proceedings and claims: rules that refuse, history, audit."""

import datetime as dt
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.audit.models import AuditEvent
from reintegra.legal import services
from reintegra.legal.models import Deadline, DeadlineRule, Document, Hearing, LegalStatus


def status(people, client, **data):
    return services.record_status(actor=people.lena, client=client, data=data)


def test_a_certificate_gets_its_expiry_from_the_rule(people, team_client):
    s = status(people, team_client, kind="certificate_170", stage="granted",
               issued_on=date(2026, 11, 30))
    assert s.valid_until == date(2027, 2, 28)
    codes = dict(Deadline.objects.filter(status=s).values_list("rule__code", "due_on"))
    assert codes == {"CERT_170_VALIDITY": date(2027, 2, 28),
                     "REFLECTION_PERIOD": date(2027, 2, 28)}
    assert AuditEvent.objects.filter(action="create", object_type="legal.legalstatus",
                                     object_id=str(s.pk), client_id=team_client.pk).exists()


def test_a_minor_certificate_runs_four_months(people, team_client):
    s = status(people, team_client, kind="certificate_170", stage="granted",
               issued_on=date(2026, 10, 31), is_minor=True)
    assert s.valid_until == date(2027, 2, 28)


def test_the_reference_is_sealed(people, team_client, certificate):
    row = LegalStatus.objects.get(pk=certificate.pk)
    assert "SG-123" not in row.reference_sealed and row.reference_sealed.startswith("rv1.")


def test_a_change_replaces_and_never_overwrites(people, team_client, certificate):
    permit = services.record_status(
        actor=people.lena, client=team_client, replaces=certificate,
        data={"kind": "permit_176", "stage": "granted", "valid_from": date(2027, 1, 10),
              "valid_until": date(2028, 1, 9)})
    old = LegalStatus.objects.get(pk=certificate.pk)
    assert old.replaced_by == permit and old.replaced_at is not None
    assert old.kind == "certificate_170" and old.valid_until is not None  # kept as it was
    assert not Deadline.objects.filter(status=old, closed_at__isnull=True).exists()
    assert set(Deadline.objects.filter(status=permit).values_list("rule__code", flat=True)) == {
        "PERMIT_176_EXPIRY", "PERMANENT_RESIDENCE_ELIGIBLE"}
    with pytest.raises(ValidationError):  # a replaced status cannot be replaced again
        services.record_status(actor=people.lena, client=team_client, replaces=old,
                               data={"kind": "no_title", "stage": "granted"})


@pytest.mark.parametrize(("start", "end", "field", "words"), [
    (date(2026, 6, 1), date(2029, 6, 2), "valid_until", "at most 3 years"),
    (date(2026, 6, 1), date(2026, 11, 29), "valid_until", "at least 6 months"),
    (date(2026, 6, 1), date(2026, 5, 1), "valid_until", "after the issue date"),
])
def test_permit_dates_outside_the_law_are_refused(people, team_client, start, end, field,
                                                  words):
    with pytest.raises(ValidationError) as exc:
        status(people, team_client, kind="permit_176", stage="granted", valid_from=start,
               valid_until=end)
    assert words in str(exc.value.message_dict[field])
    assert not LegalStatus.objects.filter(client=team_client).exists()
    assert not Deadline.objects.filter(client=team_client).exists()


@pytest.mark.parametrize("end", [date(2029, 6, 1), date(2026, 11, 30), date(2026, 12, 1)])
def test_permit_bounds_are_inclusive(people, team_client, end):
    s = status(people, team_client, kind="permit_176", stage="granted",
               valid_from=date(2026, 6, 1), valid_until=end)
    assert s.pk


def test_document_expiry_before_issue_is_refused(people, team_client):
    with pytest.raises(ValidationError) as exc:
        services.save_document(actor=people.lena, client=team_client, data={
            "kind": "passport", "state": "held", "issued_on": date(2026, 5, 1),
            "expires_on": date(2026, 4, 1)})
    assert "expires_on" in exc.value.message_dict
    assert not Document.objects.exists()


def test_hearing_before_the_case_opened_is_refused(people, team_client):
    p = services.add_proceeding(actor=people.lena, client=team_client, data={
        "kind": "criminal", "client_role": "witness", "authority": "prosecutor",
        "opened_on": date(2026, 5, 10)})
    with pytest.raises(ValidationError) as exc:
        services.add_hearing(actor=people.lena, proceeding=p, held_on=date(2026, 5, 9))
    assert "10 May 2026" in str(exc.value.message_dict["held_on"])
    assert not Hearing.objects.exists()
    services.add_hearing(actor=people.lena, proceeding=p, held_on=date(2026, 5, 10))


def test_state_compensation_deadlines_until_filed(people, team_client):
    claim = services.add_claim(actor=people.lena, client=team_client, data={
        "kind": "state_2005", "offence_on": date(2025, 1, 31),
        "harm_appeared_on": date(2025, 3, 31)})
    due = dict(Deadline.objects.filter(claim=claim).values_list("rule__code", "due_on"))
    assert due == {"STATE_COMPENSATION_3Y": date(2028, 3, 31),
                   "STATE_COMPENSATION_5Y": date(2030, 1, 31)}
    filed = services.add_claim(actor=people.lena, client=team_client, data={
        "kind": "state_2005", "offence_on": date(2025, 1, 31), "filed_on": date(2025, 6, 1)})
    assert not Deadline.objects.filter(claim=filed).exists()


def test_only_writers_write(people, team_client):
    for actor in (people.bob, people.piotr, people.tina, people.dora, people.charlie,
                  people.oscar):
        with pytest.raises(PermissionDenied):
            services.record_status(actor=actor, client=team_client, data={
                "kind": "no_title", "stage": "granted"})
    with pytest.raises(PermissionDenied):
        services.add_note(actor=people.bob, client=team_client, text="x")


def test_a_rule_edited_mid_way_recomputes_open_deadlines_and_says_which(people, team_client):
    s = status(people, team_client, kind="certificate_170", stage="granted",
               issued_on=date(2026, 11, 30))
    rule = DeadlineRule.objects.get(code="CERT_170_VALIDITY")
    changed = services.update_rule(actor=people.alice, rule=rule,
                                   data={"months": 4, "minor_months": 5, "verified": True})
    assert [(ch.was, ch.now) for ch in changed] == [(date(2027, 2, 28), date(2027, 3, 30))]
    s.refresh_from_db()
    assert s.valid_until == date(2027, 3, 30)  # the certificate's validity follows
    rule.refresh_from_db()
    assert rule.verified_by == people.alice.display_name and rule.verified_on
    assert AuditEvent.objects.filter(action="update", object_type="legal.deadlinerule").exists()
    # A closed deadline keeps its date.
    Deadline.objects.filter(status=s).update(closed_at=dt.datetime(2026, 12, 1,
                                                                   tzinfo=dt.UTC))
    assert services.update_rule(actor=people.alice, rule=rule, data={"months": 3}) == []


def test_a_negative_offset_is_refused_by_the_rule(people):
    rule = DeadlineRule.objects.get(code="CERT_170_VALIDITY")
    with pytest.raises(ValidationError) as exc:
        services.update_rule(actor=people.lena, rule=rule, data={"months": -1})
    assert "cannot be negative" in str(exc.value.message_dict["months"])
    rule.refresh_from_db()
    assert rule.months == 3
    with pytest.raises(PermissionDenied):
        services.update_rule(actor=people.bob, rule=rule, data={"months": 2})


def test_reminder_days_come_from_one_function(settings):
    assert services.reminder_days(None) == (30, 14, 3)
    settings.LEGAL_REMINDER_DAYS = (7, 60)
    assert services.reminder_days(None) == (60, 7)


def test_an_organisation_sets_its_own_reminder_days(people):
    people.org.reminder_days = "10, 45"
    people.org.save()
    assert services.reminder_days(people.org) == (45, 10)
