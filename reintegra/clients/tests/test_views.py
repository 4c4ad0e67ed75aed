from datetime import date

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegra.audit.models import AuditEvent
from reintegra.clients.models import BlindIndex, Client, ClientIdentity
from reintegra.core.testing import chain_locks, make_client
from reintegra.vault.models import DataKey

LIST = reverse("clients:list")


def form_data(**overrides):
    data = {
        "first_name": "Oksana", "second_name": "Melnyk", "chosen_name": "Oksana",
        "birth_date": "1994-02-11", "phone": "+48 501 222 333", "email": "",
        "passport": "FX123456", "id_card": "", "other_document": "",
        "intake_date": "2026-04-01", "gender": "Feminine", "citizenship": ["UA"],
        "primary_language": "ukr", "secondary_language": "rus",
        "trafficking_status": "PossibleVictimOfTrafficking",
        "trafficking_status_decided_by": "NGO", "exploitation_types": ["ForcedLabour"],
        "control_methods": ["WithholdsDocuments", "DebtBondage"],
        "relationship_to_trafficker": "Unaquainted", "exploitation_country": "PL",
        "referral_organisation": "KCIK", "referral_date": "2026-03-30",
        "referral_reason": "AdditionalServicesRequired", "referral_details": "Night shift.",
        "art9_basis": "9_2_a",
    }
    data.update(overrides)
    return data


def test_it_requires_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_staff_without_mfa_is_sent_to_set_it_up(client, people):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=people.bob).delete()
    client.force_login(people.bob)
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_register_seals_identity_and_lists_the_client(client, people):
    client.force_login(people.alice)
    data = form_data(case_owner=people.bob.pk, team=[people.lena.pk])
    response = client.post(reverse("clients:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    registered = Client.objects.get()
    assert registered.code == "RT-2026-0001"
    assert registered.age_band == "30-38"
    identity = ClientIdentity.objects.get()
    assert "Melnyk" not in identity.second_name_sealed
    assert identity.second_name_sealed.startswith("rv1.")
    assert set(registered.team_members.values_list("user__username", flat=True)) == {
        "bob", "lena"
    }
    assert DataKey.objects.using("keystore").filter(key_id=registered.key_id).exists()
    page = client.get(LIST).content.decode()
    assert "RT-2026-0001" in page and "Melnyk" in page
    assert AuditEvent.objects.filter(action="create", object_id=str(registered.pk)).exists()


def test_invalid_intake_saves_nothing_and_explains(client, people):
    client.force_login(people.alice)
    response = client.post(reverse("clients:create"), form_data(
        first_name="", birth_date="2030-01-01", case_owner=people.alice.pk,
    ))
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert 'href="#id_first_name"' in page
    assert "cannot be in the future" in page or "nie może" in page
    assert Client.objects.count() == 0
    assert ClientIdentity.objects.count() == 0


def test_duplicate_warning_needs_confirmation(client, people):
    make_client(people.alice, first_name="Oksana", second_name="Melnyk",
                birth_date=date(1994, 2, 11))
    client.force_login(people.alice)
    data = form_data(case_owner=people.alice.pk)
    response = client.post(reverse("clients:create"), data)
    assert response.status_code == 200
    assert "confirm_duplicate" in response.content.decode()
    assert Client.objects.count() == 1
    response = client.post(reverse("clients:create"), {**data, "confirm_duplicate": "1"})
    assert response.status_code == 302
    assert Client.objects.count() == 2


def test_duplicate_warning_hides_a_record_the_actor_may_not_see(client, people):
    other = make_client(people.alice, documents=[{"type": "passport", "number": "FX123456"}])
    client.force_login(people.charlie)  # case worker, not on that client's team
    response = client.post(reverse("clients:create"), form_data(case_owner=people.charlie.pk))
    page = response.content.decode()
    assert "A record you cannot see" in page or "Rekord, którego nie widzisz" in page
    assert other.code not in page
    # Telling someone a record exists is a disclosure: the record's history shows it.
    from reintegra.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="match", client_id=other.pk,
                                     actor=people.charlie).exists()


def test_duplicate_check_stays_inside_the_organisation(client, people):
    make_client(people.oscar, documents=[{"type": "passport", "number": "FX123456"}])
    client.force_login(people.alice)
    response = client.post(reverse("clients:create"), form_data(case_owner=people.alice.pk))
    assert response.status_code == 302


def test_search_by_full_name_ignores_case_and_diacritics(client, people):
    target = make_client(people.alice, first_name="Łucja", second_name="Wiśniewska")
    make_client(people.alice, first_name="Ewa", second_name="Nowak")
    client.force_login(people.alice)
    page = client.post(LIST, {"q": "lucja WISNIEWSKA"}, follow=True).content.decode()
    assert target.code in page and "Nowak" not in page
    page = client.post(LIST, {"q": target.code[-4:]}, follow=True).content.decode()
    assert target.code in page


def test_search_by_document_number(client, people):
    target = make_client(people.alice, documents=[{"type": "passport", "number": "AB 99 12"}])
    client.force_login(people.alice)
    assert target.code in client.post(LIST, {"q": "ab9912"}, follow=True).content.decode()


def test_filters(client, people):
    ua = make_client(people.alice, citizenship=["PL", "UA"], gender="Masculine",
                     exploitation_types=["ForcedLabour"])
    pl = make_client(people.alice, citizenship=["PL"])
    client.force_login(people.alice)
    for params in ({"citizenship": "UA"}, {"gender": "Masculine"},
                   {"exploitation_type": "ForcedLabour"}):
        page = client.get(LIST, params).content.decode()
        assert ua.code in page and pl.code not in page, params


@pytest.mark.parametrize("params", [
    {"page": "abc"}, {"page": "-1"}, {"status": "Nonsense"}, {"case_owner": "x"},
    {"citizenship": "XX"},
])
def test_malformed_list_parameters_are_400(client, people, params):
    client.force_login(people.alice)
    assert client.get(LIST, params).status_code == 400


def test_page_past_the_end_is_404(client, people):
    make_client(people.alice)
    client.force_login(people.alice)
    assert client.get(LIST, {"page": "9"}).status_code == 404


def test_team_case_worker_sees_only_team_clients(client, people, team_client):
    hidden = make_client(people.alice)
    client.force_login(people.bob)
    page = client.get(LIST).content.decode()
    assert team_client.code in page and hidden.code not in page
    assert client.get(reverse("clients:detail", args=[hidden.pk])).status_code == 404
    client.force_login(people.charlie)
    assert client.get(reverse("clients:detail", args=[team_client.pk])).status_code == 404


def test_other_organisation_gets_404(client, people, team_client):
    client.force_login(people.oscar)
    assert client.get(reverse("clients:detail", args=[team_client.pk])).status_code == 404
    assert team_client.code not in client.get(LIST).content.decode()


def test_dpo_lists_codes_without_names(client, people, team_client):
    client.force_login(people.dora)
    page = client.get(LIST).content.decode()
    assert team_client.code in page
    assert "Kowalska" not in page


def test_detail_shows_identity_and_records_the_view(client, people, team_client):
    client.force_login(people.bob)
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    assert "Kowalska" in page and "Referred after the shelter stay." in page
    assert AuditEvent.objects.filter(
        action="view", actor=people.bob, object_id=str(team_client.pk)
    ).exists()


def test_unknown_client_is_404(client, people):
    client.force_login(people.alice)
    assert client.get(reverse("clients:detail", args=[999999])).status_code == 404


def test_edit_updates_sealed_values_and_indexes(client, people, team_client):
    client.force_login(people.bob)
    url = reverse("clients:edit", args=[team_client.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(case_owner=people.bob.pk, team=[people.lena.pk]))
    assert response.status_code == 302
    page = client.post(LIST, {"q": "Oksana Melnyk"}, follow=True).content.decode()
    assert team_client.code in page
    assert BlindIndex.objects.filter(client=team_client, kind="document").count() == 1


def test_legal_advisor_and_trainer_may_not_edit(client, people, team_client):
    url = reverse("clients:edit", args=[team_client.pk])
    client.force_login(people.lena)
    assert client.get(url).status_code in (403, 404)
    client.force_login(people.tina)
    assert client.get(url).status_code in (403, 404)


def test_close_and_reopen(client, people, team_client):
    client.force_login(people.bob)
    url = reverse("clients:close", args=[team_client.pk])
    bad = client.post(url, {"reason": "completed", "closed_on": "2020-01-01"})
    assert bad.status_code == 200 and Client.objects.get().is_open
    response = client.post(url, {"reason": "completed", "closed_on": "2026-06-30",
                                 "note": "Moved to a job in Gdańsk."})
    assert response.status_code == 302
    closed = Client.objects.get()
    assert closed.status == "Closed" and closed.closed_at == date(2026, 6, 30)
    assert "Gdańsk" not in closed.closure_note_sealed
    assert client.post(reverse("clients:reopen", args=[closed.pk])).status_code == 302
    assert Client.objects.get().status == "Active"


def _list_queries(client):
    client.get(LIST)  # the first request of a session stores its idle-timeout stamp
    with CaptureQueriesContext(connections["default"]) as main, \
            CaptureQueriesContext(connections["keystore"]) as keys:
        assert client.get(LIST).status_code == 200
    return len(main), len(keys)


def test_list_runs_a_fixed_number_of_queries(client, people):
    for _ in range(10):
        make_client(people.alice)
    client.force_login(people.alice)
    at_10 = _list_queries(client)
    for _ in range(190):
        make_client(people.alice)
    at_200 = _list_queries(client)
    assert at_10 == at_200
    # session, user, owners of the filter, count, the page's ids, its rows; one audit write
    # when the request ends (the list and the reads together: 4 statements with their
    # savepoint), the page's keys
    assert sum(at_200) == 11 + chain_locks(1)


def _page_queries(client, url):
    client.get(url)  # warm: the first request of a session stores its idle-timeout stamp
    with CaptureQueriesContext(connections["default"]) as main, \
            CaptureQueriesContext(connections["keystore"]) as keys:
        assert client.get(url).status_code == 200
    return len(main) + len(keys)


def test_client_page_query_count(client, people, team_client):
    """Session, user (the MFA check reads User.has_totp: no query of its own), client,
    team (answers membership too), the VIEW event, each app's panel, and the keys: 27 for
    a case worker on the team; the coordinator's page adds the access history and the
    erasure panel. One audit write when the request ends (the record and the outcomes scores
    read together)."""
    url = reverse("clients:detail", args=[team_client.pk])
    client.force_login(people.bob)
    assert _page_queries(client, url) == 23 + chain_locks(1)
    client.force_login(people.alice)
    assert _page_queries(client, url) == 25 + chain_locks(1)


def test_client_page_asks_about_team_membership_once(client, people, team_client):
    """The record and every panel reuse one answer (clients.access.is_on_team), taken from
    the case team that the page reads anyway: no membership query of its own."""
    client.force_login(people.bob)
    url = reverse("clients:detail", args=[team_client.pk])
    client.get(url)
    with CaptureQueriesContext(connections["default"]) as main:
        assert client.get(url).status_code == 200
    membership_checks = [
        q for q in main.captured_queries
        if "clients_caseteammember" in q["sql"]
    ]
    assert len(membership_checks) == 1
    assert "LIMIT 1" not in membership_checks[0]["sql"]  # the team list, not an exists()


def test_the_country_filter_shows_the_chosen_country_and_the_language(client, people):
    """The ~250 countries are rendered once and reused (core.forms.RenderedOnceSelect):
    the chosen country and the language still show."""
    from django.conf import settings

    client.force_login(people.alice)
    chosen = '<option value="PL" selected>'
    assert chosen not in client.get(LIST).content.decode()
    assert chosen in client.get(LIST + "?citizenship=PL").content.decode()
    assert chosen not in client.get(LIST).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(LIST).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    polish = client.get(LIST).content.decode()
    assert '<option value="DE">Germany</option>' in english
    assert '<option value="DE">Niemcy</option>' in polish


def test_a_deep_page_shows_its_rows_in_the_lists_order(client, people):
    """The page's ids are taken first, then only those rows are loaded: same rows, same
    order as the list's ordering (intake date, newest first, then id)."""
    for _ in range(30):
        make_client(people.alice)
    expected = list(Client.objects.filter(organisation=people.org)
                    .order_by("-intake_date", "-pk").values_list("code", flat=True))[25:]
    client.force_login(people.alice)
    html = client.get(LIST + "?page=2").content.decode()
    positions = [html.index(f">{code}</a>") for code in expected]
    assert positions == sorted(positions)
    assert len(expected) == 5
