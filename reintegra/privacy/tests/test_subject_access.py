"""Data-subject access: everything about one client, as a page and as a JSON file."""

import json

from django.urls import reverse

from reintegra.audit.models import AuditEvent
from reintegra.privacy import services
from reintegra.privacy.services import erase_client
from reintegra.vault.keyring import KeyRing

from .conftest import PDF


def json_url(c, lang="en"):
    return reverse("privacy:subject_access_json", args=[c.pk]) + f"?lang={lang}"


def page_url(c, lang="en"):
    return reverse("privacy:subject_access", args=[c.pk]) + f"?lang={lang}"


def test_the_json_file_holds_everything_decrypted_and_is_audited(client, team_client, people):
    services.upload_attachment(actor=people.bob, client=team_client, name="umowa.pdf", data=PDF)
    services.record_consent(actor=people.bob, client=team_client, purpose="statistics",
                            given_on=team_client.intake_date, language="pol",
                            explained_by=people.bob, items_explained=["purpose"])
    client.force_login(people.dora)
    response = client.get(json_url(team_client))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"].startswith("application/json")
    report = json.loads(response.content)
    first_name = team_client.identity.reveal(KeyRing()).first_name
    assert report["identity"]["first_name"] == first_name
    assert report["identity"]["second_name"] == "Kowalska"
    assert report["identity"]["birth_date"] == "1990-05-17"
    assert report["identity"]["documents"][0]["number"].startswith("EK")
    assert report["case"]["referral_details"] == "Referred after the shelter stay."
    assert report["case"]["gender"] == {"code": "Feminine", "label": "Female"}
    assert report["consents"][0]["purpose"]["code"] == "statistics"
    assert report["attachments"][0]["name"] == "umowa.pdf"
    assert {p["name"] for p in report["team"]} >= {"Bob Tester", "Lena Tester"}
    # The trail names who did what: alice created the record, bob added a file.
    trail = {(e["who"]["name"], e["action"]["code"], e["object_type"]) for e in report["audit"]}
    assert ("Alice Tester", "create", "clients.client") in trail
    assert ("Bob Tester", "create", "clients.attachment") in trail
    assert AuditEvent.objects.filter(action="export", object_type="clients.client",
                                     object_id=str(team_client.pk), actor=people.dora).exists()


def test_the_page_is_in_the_chosen_language(client, team_client, people):
    client.force_login(people.alice)
    polish = client.get(page_url(team_client, "pl")).content.decode()
    english = client.get(page_url(team_client, "en")).content.decode()
    assert "Kowalska" in polish and "Kowalska" in english
    assert "Female" in english and "Female" not in polish
    assert 'lang="pl"' in polish
    assert AuditEvent.objects.filter(action="export", actor=people.alice).count() == 2


def test_a_language_other_than_polish_or_english_is_a_bad_request(client, team_client, people):
    client.force_login(people.dora)
    assert client.get(json_url(team_client, "de")).status_code == 400
    assert client.get(page_url(team_client, "<x>")).status_code == 400
    assert not AuditEvent.objects.filter(action="export").exists()


def test_subject_access_checks_access(client, team_client, people):
    expected = {"alice": 200, "dora": 200, "bob": 404, "charlie": 404, "lena": 404,
                "piotr": 404, "tina": 404, "oscar": 404}
    for who, status in expected.items():
        client.force_login(getattr(people, who))
        for url in (json_url(team_client), page_url(team_client)):
            response = client.get(url)
            assert response.status_code == status, (who, url)
            if status != 200:
                assert b"Kowalska" not in response.content
    exporters = set(AuditEvent.objects.filter(action="export").values_list(
        "actor__username", flat=True))
    assert exporters == {"alice", "dora"}


def test_after_erasure_the_report_holds_no_identity(client, team_client, people):
    erase_client(actor=people.dora, client=team_client, confirmed_by=people.alice)
    client.force_login(people.dora)
    report = json.loads(client.get(json_url(team_client)).content)
    assert report["identity"] is None
    assert report["case"]["referral_details"] is None
    assert report["client"]["erased_at"]
    assert b"Kowalska" not in client.get(page_url(team_client)).content
