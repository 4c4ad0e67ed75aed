from datetime import timedelta

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reintegra.audit.models import Action, AuditEvent
from reintegra.audit.selectors import PANEL_SIZE
from reintegra.audit.services import record
from reintegra.core.testing import make_client

EVENTS = reverse("audit:events")


def history_url(client):
    return reverse("audit:client_history", args=[client.pk])


def queries(client, url, params=None):
    client.get(url, params)  # the first request of a session stores its idle-timeout stamp
    with CaptureQueriesContext(connections["default"]) as main, \
            CaptureQueriesContext(connections["keystore"]) as keys:
        response = client.get(url, params)
        assert response.status_code == 200
    return len(main), len(keys)


# --- the panel on the client page ---------------------------------------------------------

@pytest.mark.parametrize("name", ["alice", "dora"])
def test_coordinator_and_dpo_see_who_has_seen_the_record(client, people, team_client, name):
    record(actor=people.lena, action=Action.VIEW, obj=team_client)
    client.force_login(getattr(people, name))
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    panel = page[page.index('id="access-history-h"'):]
    assert people.lena.display_name in panel
    assert "Legal advisor" in panel or "Doradca prawny" in panel
    assert history_url(team_client) in panel


@pytest.mark.parametrize("name", ["bob", "lena", "piotr"])
def test_team_members_do_not_see_the_panel(client, people, team_client, name):
    client.force_login(getattr(people, name))
    response = client.get(reverse("clients:detail", args=[team_client.pk]))
    assert response.status_code == 200
    assert "access-history-h" not in response.content.decode()


def test_panel_shows_the_latest_events_and_says_there_are_more(client, people, team_client):
    for _ in range(PANEL_SIZE + 5):
        record(actor=people.bob, action=Action.VIEW, obj=team_client)
    client.force_login(people.alice)
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    panel = page[page.index("access-history-h"):]
    assert panel.count("<tr>") == PANEL_SIZE + 1  # the header row and the latest events
    assert "See the full history" in panel or "Zobacz całą historię" in panel


def test_the_panel_keeps_the_client_page_at_a_fixed_query_count(client, people, team_client):
    client.force_login(people.alice)
    url = reverse("clients:detail", args=[team_client.pk])
    few = queries(client, url)
    for _ in range(120):
        record(actor=people.bob, action=Action.VIEW, obj=team_client)
    assert queries(client, url) == few


def test_events_of_other_clients_stay_out_of_the_panel(client, people, team_client):
    other = make_client(people.alice)
    record(actor=people.charlie, action=Action.VIEW, obj=other)
    client.force_login(people.alice)
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    assert people.charlie.display_name not in page[page.index("access-history-h"):]


# --- the full history page ----------------------------------------------------------------

@pytest.mark.parametrize(("name", "status"), [
    ("alice", 200), ("dora", 200), ("bob", 404), ("charlie", 404), ("lena", 404),
    ("piotr", 404), ("tina", 404), ("oscar", 404),
])
def test_history_page_checks_access(client, people, team_client, name, status):
    client.force_login(getattr(people, name))
    assert client.get(history_url(team_client)).status_code == status


def test_history_page_needs_login(client, team_client):
    response = client.get(history_url(team_client))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_history_page_is_recorded_and_paginated(client, people, team_client):
    for _ in range(30):
        record(actor=people.bob, action=Action.VIEW, obj=team_client)
    client.force_login(people.dora)
    response = client.get(history_url(team_client))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(actor=people.dora, object_type="audit.history",
                                     client_id=team_client.pk).exists()
    assert client.get(history_url(team_client), {"page": "2"}).status_code == 200
    assert client.get(history_url(team_client), {"page": "x"}).status_code == 400
    assert client.get(history_url(team_client), {"page": "99"}).status_code == 404


def test_history_of_an_unknown_client_is_404(client, people):
    client.force_login(people.alice)
    assert client.get(reverse("audit:client_history", args=[987654])).status_code == 404


def test_history_page_runs_a_fixed_number_of_queries(client, people, team_client):
    client.force_login(people.alice)
    for _ in range(10):
        record(actor=people.bob, action=Action.VIEW, obj=team_client)
    few = queries(client, history_url(team_client))
    for _ in range(150):
        record(actor=people.lena, action=Action.VIEW, obj=team_client)
    assert queries(client, history_url(team_client)) == few


def test_history_shows_no_personal_data_of_the_client(client, people, team_client):
    client.force_login(people.alice)
    page = client.get(history_url(team_client)).content.decode()
    assert team_client.code in page
    assert "Kowalska" not in page


# --- the organisation's trail, for the DPO ------------------------------------------------

@pytest.mark.parametrize(("name", "status"), [
    ("dora", 200), ("alice", 403), ("bob", 403), ("charlie", 403), ("lena", 403),
    ("piotr", 403), ("tina", 403), ("oscar", 403),
])
def test_events_page_checks_access(client, people, name, status):
    client.force_login(getattr(people, name))
    assert client.get(EVENTS).status_code == status


def test_events_page_shows_only_the_organisations_events(client, people, team_client):
    theirs = make_client(people.oscar)
    record(actor=people.oscar, action=Action.VIEW, obj=theirs)
    client.force_login(people.dora)
    page = client.get(EVENTS).content.decode()
    assert team_client.code in page
    assert theirs.code not in page and people.oscar.display_name not in page


def test_events_page_filters_by_action_user_and_dates(client, people, team_client):
    record(actor=people.lena, action=Action.EXPORT, obj=team_client)
    client.force_login(people.dora)
    page = client.get(EVENTS, {"action": "export"}).content.decode()
    assert people.lena.display_name in page and people.bob.display_name not in page.split(
        "<tbody>")[1]
    rows = client.get(EVENTS, {"user": people.lena.pk}).content.decode().split("<tbody>")[1]
    assert rows.count("<tr>") == 1
    today = timezone.localdate()
    assert "<tbody>" in client.get(EVENTS, {"date_from": today.isoformat(),
                                            "date_to": today.isoformat()}).content.decode()
    later = (today + timedelta(days=1)).isoformat()
    page = client.get(EVENTS, {"date_from": later}).content.decode()
    assert "<tbody>" not in page and ("No events match" in page or "Żadne" in page)


def test_events_page_explains_a_reversed_date_range(client, people):
    client.force_login(people.dora)
    response = client.get(EVENTS, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and 'href="#id_date_to"' in page


@pytest.mark.parametrize("params", [
    {"action": "nonsense"}, {"user": "x"}, {"date_from": "yesterday"}, {"page": "-2"},
])
def test_malformed_event_filters_are_400(client, people, params):
    client.force_login(people.dora)
    assert client.get(EVENTS, params).status_code == 400


def test_a_user_of_another_organisation_is_not_a_valid_filter(client, people):
    client.force_login(people.dora)
    assert client.get(EVENTS, {"user": people.oscar.pk}).status_code == 400


def test_events_page_runs_a_fixed_number_of_queries(client, people, team_client):
    others = [make_client(people.alice) for _ in range(3)]
    client.force_login(people.dora)
    few = queries(client, EVENTS)
    for i in range(60):
        record(actor=people.bob, action=Action.VIEW, obj=others[i % 3])
    assert queries(client, EVENTS) == few


def test_listing_the_trail_is_itself_recorded(client, people):
    client.force_login(people.dora)
    client.get(EVENTS)
    assert AuditEvent.objects.filter(actor=people.dora, action="list",
                                     object_type="audit.auditevent").exists()
