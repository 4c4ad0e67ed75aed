import time

from django.contrib.auth import get_user
from django.test import override_settings
from django.urls import reverse

from reintegra.audit.models import AuditEvent

LIST = reverse("clients:list")


def stamp(client, seconds_ago):
    session = client.session
    session["last_seen"] = int(time.time()) - seconds_ago
    session.save()


def test_a_session_idle_longer_than_the_timeout_ends(client, people, settings):
    assert settings.IDLE_TIMEOUT_SECONDS == 30 * 60
    client.force_login(people.alice)
    assert client.get(LIST).status_code == 200
    stamp(client, 30 * 60 + 5)
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?timeout=1"
    assert not get_user(client).is_authenticated
    assert AuditEvent.objects.filter(action="logout", actor=people.alice).exists()
    assert client.get(LIST)["Location"].startswith(reverse("account_login"))


def test_activity_within_the_timeout_keeps_the_session_and_renews_the_stamp(client, people):
    client.force_login(people.alice)
    client.get(LIST)
    stamp(client, 29 * 60)
    assert client.get(LIST).status_code == 200
    assert int(time.time()) - client.session["last_seen"] < 5


@override_settings(IDLE_TIMEOUT_SECONDS=60)
def test_the_timeout_is_a_setting(client, people):
    client.force_login(people.alice)
    client.get(LIST)
    stamp(client, 61)
    assert client.get(LIST).status_code == 302
