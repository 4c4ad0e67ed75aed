"""docs/design.md's query budget on every page of the plans app, and team membership asked once
per request (reintegra.plans.access)."""

import pytest
from django.db import connections
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegra.clients.access import Section, sections_for_role
from reintegra.clients.models import Client
from reintegra.plans import panels, selectors
from reintegra.plans.access import (
    known_team_membership,
    may_plan,
    note_team_membership,
    with_team_membership,
)
from reintegra.plans.tests import access_rules

from .queries import PAGE_BUDGET, page_queries

GET_PAGES = [name for name, rule in access_rules.RULES.items()
             if rule.get("method", "GET") == "GET"]


@pytest.fixture
def world(people, team_client):
    people.team_client = team_client
    access_rules.setup(people)
    return people


@pytest.mark.parametrize("who", sorted(access_rules.PLANNERS))
def test_every_page_keeps_to_the_budget(client, world, who):
    client.force_login(getattr(world, who))
    counts = {name: page_queries(client, reverse(name, kwargs=access_rules.RULES[name]
                                                 ["kwargs"](world)))
              for name in GET_PAGES}
    over = {name: n for name, n in counts.items() if n[0] > PAGE_BUDGET or n[1] > 1}
    assert over == {}


def _team_queries(queries):
    return [q["sql"] for q in queries if "clients_caseteammember" in q["sql"]]


def test_a_page_asks_for_team_membership_once(client, world):
    client.force_login(world.bob)
    for name in GET_PAGES:
        url = reverse(name, kwargs=access_rules.RULES[name]["kwargs"](world))
        client.get(url)
        with CaptureQueriesContext(connections["default"]) as main:
            assert client.get(url).status_code == 200
        asked = _team_queries(main.captured_queries)
        # Once, inside the query that loads the client, plan, goal or assessment.
        assert len(asked) == 1 and "EXISTS" in asked[0].upper(), (name, asked)


def test_the_client_page_panel_asks_nothing_about_the_team(world):
    client = world.team_client
    sections = frozenset(sections_for_role(world.bob))
    with CaptureQueriesContext(connections["default"]) as main:
        panel = panels.plans_panel(actor=world.bob, client=client, sections=sections)
    assert panel.context["may_plan"] and panel.context["plans"]
    assert panel.context["latest"].assessment == world.plans.assessment
    assert _team_queries(main.captured_queries) == []
    assert len(main) <= 3  # the needs summary, the plans, their goals


def test_membership_is_noted_per_actor(world):
    client = with_team_membership(Client.objects.filter(pk=world.team_client.pk),
                                  world.charlie).get()
    assert client.actor_on_team is False
    note_team_membership(client, world.charlie, client.actor_on_team)
    assert known_team_membership(client, world.charlie) is False
    assert known_team_membership(client, world.bob) is None  # asked of the database
    assert not may_plan(world.charlie, client)
    assert may_plan(world.bob, client)
    with pytest.raises(Http404):
        selectors.latest_assessment(actor=world.charlie, client=client)


def test_legal_advisor_sees_the_legal_panel_only_when_on_the_team(world):
    sections = frozenset(s for s in sections_for_role(world.lena) if s != Section.CASE)
    panel = panels.plans_panel(actor=world.lena, client=world.team_client, sections=sections)
    assert panel is not None and panel.context["may_plan"] is False
    assert panels.plans_panel(actor=world.lena, client=world.team_client,
                              sections=frozenset({Section.REGISTRY})) is None
