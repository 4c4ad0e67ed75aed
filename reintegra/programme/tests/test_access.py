"""Every programme URL checks access: walk access_rules.RULES for every persona."""

import pytest
from django.urls import get_resolver, reverse

from reintegra.programme.tests import access_rules

PERSONAS = ("alice", "bob", "charlie", "lena", "piotr", "tina", "dora", "oscar", "anonymous")


@pytest.fixture
def world(people, team_client):
    people.team_client = team_client
    access_rules.setup(people)
    return people


def test_every_programme_url_has_a_rule():
    names = {
        f"programme:{name}" for name in get_resolver().namespace_dict["programme"][1]
        .reverse_dict.keys() if isinstance(name, str)
    }
    assert names == set(access_rules.RULES)


def test_each_url_lets_in_exactly_the_allowed_personas(client, world):
    wrong = []
    for name, rule in access_rules.RULES.items():
        url = reverse(name, kwargs=rule["kwargs"](world))
        for persona in PERSONAS:
            client.logout()
            if persona != "anonymous":
                client.force_login(getattr(world, persona))
            method = rule.get("method", "GET").lower()
            response = getattr(client, method)(url)
            allowed = persona in rule["allow"]
            denied = response.status_code in (403, 404) or (
                persona == "anonymous" and response.status_code == 302
                and "/accounts/login/" in response["Location"]
            )
            if allowed == denied or response.status_code >= 500:
                wrong.append((name, persona, response.status_code))
    assert wrong == []
