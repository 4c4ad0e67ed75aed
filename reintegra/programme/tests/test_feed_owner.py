"""A token-addressed URL serves only while its owner is active (issue 7, item 4)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reintegra.clients.access import is_staff_member
from reintegra.programme import services
from reintegra.programme.tests.factories import make_offering


@pytest.fixture
def course(people, team_client):
    offering = make_offering(people.alice, trainer=people.tina)
    services.enrol_client(actor=people.bob, client=team_client, offering=offering,
                          acknowledge_warnings=True)
    return offering


def test_a_deactivated_trainers_feed_stops_at_once(client, people, course):
    token = services.create_trainer_feed(actor=people.tina).token
    url = reverse("programme:feed", args=[token])
    assert client.get(url).status_code == 200
    people.tina.is_active = False
    people.tina.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_a_closed_or_erased_clients_feed_stops(client, people, team_client, course):
    token = services.create_client_feed(actor=people.bob, client=team_client,
                                        client_agreed=True).token
    url = reverse("programme:feed", args=[token])
    assert client.get(url).status_code == 200
    type(team_client).objects.filter(pk=team_client.pk).update(erased_at=timezone.now())
    assert client.get(url).status_code == 404


def test_a_deactivated_account_is_no_staff_member(people):
    assert is_staff_member(people.bob)
    people.bob.is_active = False
    assert not is_staff_member(people.bob)
