import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reintegra.core.testing import make_client
from reintegra.programme import services
from reintegra.programme.models import Enrolment, EnrolmentStatus
from reintegra.programme.tests.factories import make_activity, make_offering, make_venue

TODAY = timezone.localdate


def _team(people, n, **overrides):
    return [make_client(people.alice, team=[people.bob], owner=people.bob, **overrides)
            for _ in range(n)]


def test_five_at_once_with_places_waiting_list_and_a_refusal(client, people):
    offering = make_offering(people.alice, start=TODAY(), capacity=3)
    clash = make_offering(people.alice, start=TODAY(), venue=make_venue(people.org, "Room 3"),
                          capacity=10,
                          activity=make_activity(people.org, name_en="Budget",
                                                 domains=["money"]))
    five = _team(people, 5)
    services.enrol_client(actor=people.bob, client=five[4], offering=clash,
                          acknowledge_warnings=True)
    client.force_login(people.bob)
    url = reverse("programme:offering_enrol_group", args=[offering.pk])
    page = client.get(url).content.decode()
    for person in five:
        assert person.code in page
    response = client.post(url, {"clients": [p.pk for p in five],
                                 "acknowledge_warnings": "on", "join_waiting_list": "on"})
    body = response.content.decode()
    assert response.status_code == 200
    statuses = dict(Enrolment.objects.filter(offering=offering)
                    .values_list("client_id", "status"))
    assert [statuses.get(p.pk) for p in five] == [
        EnrolmentStatus.ENROLLED] * 3 + [EnrolmentStatus.WAITING, None]
    assert "Enrolled: 3 clients" in body and "On the waiting list: 1 client" in body
    assert f"<strong>{five[4].code}</strong>: The client already has" in body


def test_another_teams_clients_are_neither_listed_nor_enrolled(client, people):
    offering = make_offering(people.alice, start=TODAY())
    mine = _team(people, 2)
    theirs = make_client(people.alice, team=[people.charlie], owner=people.charlie)
    client.force_login(people.charlie)
    url = reverse("programme:offering_enrol_group", args=[offering.pk])
    page = client.get(url).content.decode()
    assert theirs.code in page
    assert all(p.code not in page for p in mine)
    client.post(url, {"clients": [p.pk for p in mine] + [theirs.pk],
                      "acknowledge_warnings": "on"})
    assert list(Enrolment.objects.values_list("client_id", flat=True)) == [theirs.pk]


def test_warnings_show_before_the_click_and_stop_without_acknowledgement(client, people):
    offering = make_offering(people.alice, start=TODAY() - dt.timedelta(days=20), weeks=4,
                             language="eng",
                             activity=make_activity(people.org, name_en="Budget",
                                                    domains=["money"]))
    speaker = _team(people, 1, primary_language="ukr")[0]
    client.force_login(people.bob)
    url = reverse("programme:offering_enrol_group", args=[offering.pk])
    page = client.get(url).content.decode()
    assert "Warning:" in page and "ends in" in page
    body = client.post(url, {"clients": [speaker.pk]}).content.decode()
    assert "Refused: 1 client" in body
    assert not Enrolment.objects.exists()


def test_the_list_runs_a_fixed_number_of_queries(client, people):
    offering = make_offering(people.alice, start=TODAY(), capacity=None)
    _team(people, 2)
    client.force_login(people.bob)
    url = reverse("programme:offering_enrol_group", args=[offering.pk])
    client.get(url)  # the first request of a session costs more (not the page's doing)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _team(people, 12)
    with CaptureQueriesContext(connection) as large:
        body = client.get(url).content.decode()
    assert body.count('name="clients"') == 14
    assert len(large) == len(small)


def test_nothing_chosen_is_said_next_to_the_list(client, people):
    offering = make_offering(people.alice, start=TODAY())
    _team(people, 1)
    client.force_login(people.bob)
    url = reverse("programme:offering_enrol_group", args=[offering.pk])
    body = client.post(url, {}).content.decode()
    assert "Choose at least one client." in body
    assert not Enrolment.objects.exists()


def test_the_candidates_are_paged_and_searched_by_code(client, people):
    from reintegra.programme.views import GROUP_PAGE_SIZE

    offering = make_offering(people.alice, start=TODAY(), capacity=None)
    team = sorted(_team(people, GROUP_PAGE_SIZE + 2), key=lambda c: c.code)
    client.force_login(people.bob)
    url = reverse("programme:offering_enrol_group", args=[offering.pk])
    first = client.get(url).content.decode()
    assert first.count('name="clients"') == GROUP_PAGE_SIZE
    assert f"{GROUP_PAGE_SIZE + 2} clients you can enrol" in first and "Page 1 of 2" in first
    assert team[-1].code not in first
    second = client.get(url + "?page=2").content.decode()
    assert second.count('name="clients"') == 2 and team[-1].code in second
    found = client.get(url, {"code": team[-1].code}).content.decode()
    assert found.count('name="clients"') == 1 and team[-1].code in found
    assert "No client you can enrol matches the search." in client.get(
        url, {"code": "no-such-code"}).content.decode()
