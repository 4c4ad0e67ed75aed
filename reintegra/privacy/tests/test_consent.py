"""Consent per purpose (HTCDS con_Consent), withdrawal, and who counts in statistics."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.core.testing import make_client
from reintegra.privacy import services
from reintegra.privacy.models import ChecklistItem, Consent, ConsentPurpose
from reintegra.privacy.selectors import clients_consenting_to_statistics


def consent_data(people, **overrides):
    data = {
        "purpose": "statistics", "shared_with": "", "given_on": "2026-03-02",
        "language": "ukr", "explained_by": people.bob.pk,
        "items_explained": ["purpose", "use", "statistics", "access", "retention",
                            "withdrawal"],
    }
    data.update(overrides)
    return data


def create_url(c):
    return reverse("privacy:consent_create", args=[c.pk])


def give(actor, client, purpose=ConsentPurpose.STATISTICS, **extra):
    values = {"given_on": client.intake_date, "language": "pol", "explained_by": actor,
              "items_explained": ChecklistItem.values}
    values.update(extra)
    return services.record_consent(actor=actor, client=client, purpose=purpose, **values)


def test_case_worker_records_consent_and_it_shows_on_the_client_page(client, team_client,
                                                                     people):
    client.force_login(people.bob)
    response = client.post(create_url(team_client), consent_data(
        people, items_explained=["purpose", "use", "withdrawal"]))
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.purpose, consent.language, consent.explained_by) == (
        "statistics", "ukr", people.bob)
    assert consent.recorded_by == people.bob and consent.is_active
    assert AuditEvent.objects.filter(action="consent", object_type="privacy.consent",
                                     object_id=str(consent.pk), actor=people.bob).exists()
    page = client.get(reverse("clients:detail", args=[team_client.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="consent-h"' in page
    # The three points that were not explained are named.
    assert "3 points not explained" in page or "3 punkty" in page


def test_sharing_needs_the_organisation_and_dates_are_checked(client, team_client, people):
    client.force_login(people.bob)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(create_url(team_client), consent_data(
        people, purpose="sharing", given_on=future))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_shared_with_error"' in page and 'id="id_given_on_error"' in page
    assert not Consent.objects.exists()
    response = client.post(create_url(team_client), consent_data(
        people, purpose="sharing", shared_with="La Strada"))
    assert response.status_code == 302
    assert Consent.objects.get().shared_with == "La Strada"


def test_an_active_consent_is_not_recorded_twice(client, team_client, people):
    give(people.bob, team_client)
    client.force_login(people.bob)
    response = client.post(create_url(team_client), consent_data(people))
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Consent.objects.count() == 1


def test_staff_from_another_organisation_cannot_be_named_as_explaining(team_client, people):
    with pytest.raises(ValidationError):
        give(people.bob, team_client, explained_by=people.oscar)


def test_recording_consent_checks_access(client, team_client, people):
    expected = {"alice": 200, "bob": 200, "charlie": 404, "lena": 403, "piotr": 403,
                "tina": 404, "dora": 403, "oscar": 404}
    for who, status in expected.items():
        client.force_login(getattr(people, who))
        assert client.get(create_url(team_client)).status_code == status, who
        if status != 200:
            response = client.post(create_url(team_client), consent_data(people))
            assert response.status_code == status, who
    assert not Consent.objects.exists()
    with pytest.raises(PermissionDenied):
        give(people.dora, team_client)


def test_the_dpo_sees_consent_records_but_not_the_buttons(client, team_client, people):
    give(people.bob, team_client)
    client.force_login(people.dora)
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    assert 'id="consent-h"' in page
    assert create_url(team_client) not in page
    assert "/withdraw/" not in page
    client.force_login(people.lena)  # no consent section
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    assert 'id="consent-h"' not in page


def test_withdrawal_is_recorded_with_date_and_person(client, team_client, people):
    consent = give(people.bob, team_client)
    url = reverse("privacy:consent_withdraw", args=[consent.pk])
    client.force_login(people.bob)
    early = (consent.given_on - timedelta(days=1)).isoformat()
    response = client.post(url, {"withdrawn_on": early})
    assert response.status_code == 200 and 'id="id_withdrawn_on_error"' in (
        response.content.decode())
    response = client.post(url, {"withdrawn_on": "2026-04-01"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 4, 1)
    assert consent.withdrawal_recorded_by == people.bob and not consent.is_active
    assert client.get(url).status_code == 404  # no longer active
    assert AuditEvent.objects.filter(action="update", object_type="privacy.consent").exists()
    # A new consent may be given after a withdrawal.
    give(people.bob, team_client, given_on=date(2026, 5, 1))
    assert Consent.objects.filter(withdrawn_on__isnull=True).count() == 1


def test_withdrawal_checks_access(client, team_client, people):
    consent = give(people.bob, team_client)
    url = reverse("privacy:consent_withdraw", args=[consent.pk])
    expected = {"charlie": 404, "lena": 404, "piotr": 404, "tina": 404, "dora": 403,
                "oscar": 404, "alice": 200}
    for who, status in expected.items():
        client.force_login(getattr(people, who))
        assert client.get(url).status_code == status, who
        assert client.post(url, {"withdrawn_on": "2026-04-01"}).status_code in (
            status, 302 if status == 200 else status), who
    consent.refresh_from_db()
    assert consent.withdrawal_recorded_by == people.alice
    assert client.get(reverse("privacy:consent_withdraw", args=[99999])).status_code == 404


def test_only_clients_with_active_statistics_consent_are_counted(people):
    consenting = make_client(people.alice, team=[people.bob])
    never = make_client(people.alice, team=[people.bob])
    withdrawn = make_client(people.alice)
    other_purpose = make_client(people.alice)
    elsewhere = make_client(people.oscar)
    give(people.alice, consenting)
    give(people.alice, withdrawn)
    services.withdraw_consent(actor=people.alice, consent=withdrawn.consents.get(),
                              withdrawn_on=date(2026, 4, 1))
    give(people.alice, other_purpose, purpose=ConsentPurpose.CASE_MANAGEMENT)
    give(people.oscar, elsewhere)

    assert set(clients_consenting_to_statistics(organisation=people.org)) == {consenting}
    assert set(clients_consenting_to_statistics(actor=people.alice)) == {consenting}
    assert set(clients_consenting_to_statistics(actor=people.oscar)) == {elsewhere}
    assert set(clients_consenting_to_statistics(actor=people.charlie)) == set()
    assert set(clients_consenting_to_statistics(actor=people.tina)) == set()
    assert never not in clients_consenting_to_statistics(actor=people.bob)
    with pytest.raises(TypeError):
        clients_consenting_to_statistics()


def test_all_purposes_on_one_form_record_one_consent_each(client, team_client, people):
    """Issue 13: the purposes are ticked on one form; each is its own consent."""
    client.force_login(people.bob)
    response = client.post(create_url(team_client), consent_data(
        people, purpose=["statistics", "case_management", "sharing"],
        shared_with="Fundacja Pomoc"))
    assert response.status_code == 302
    assert sorted(Consent.objects.values_list("purpose", "shared_with")) == [
        ("case_management", ""), ("sharing", "Fundacja Pomoc"), ("statistics", "")]


def test_one_purpose_already_recorded_refuses_the_whole_form_naming_it(client, team_client,
                                                                     people):
    give(people.bob, team_client, purpose=ConsentPurpose.STATISTICS)
    client.force_login(people.bob)
    response = client.post(create_url(team_client), consent_data(
        people, purpose=["case_management", "statistics"]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Non-identifying statistics and research" in response.content.decode()
    assert list(Consent.objects.values_list("purpose", flat=True)) == ["statistics"]


def test_no_purpose_ticked_is_an_error_on_the_field(client, team_client, people):
    client.force_login(people.bob)
    response = client.post(create_url(team_client), consent_data(people, purpose=[]),
                           HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert 'id="id_purpose_error"' in page
    assert "Choose at least one purpose the person consented to" in page
    assert not Consent.objects.exists()
