"""clients/access.py, table-driven: every role x section x team membership x organisation.

The table below states the rule independently of ``ROLE_SECTIONS`` (written out by hand
from docs/architecture.md, "The access rule"): if the code's mapping drifts, a cell fails
and names itself. ``o`` = the whole organisation (whatever the team), ``t`` = only when on
the client's case team, ``-`` = never. Nobody ever crosses the organisation.
"""

from types import SimpleNamespace

import pytest

from reintegra.accounts.models import Role
from reintegra.clients.access import (
    Section,
    can_see,
    may_manage_case,
    may_register_clients,
    reach_q,
)
from reintegra.clients.models import Client
from reintegra.core.testing import make_client, make_user

S = Section
COLUMNS = (S.REGISTRY, S.IDENTITY, S.CASE, S.LEGAL, S.PSYCHOLOGICAL, S.CONSENT, S.AUDIT,
           S.ERASURE)
TABLE = {  # registry identity case legal psychological consent audit erasure
    Role.COORDINATOR:   "o o o o - o o -",
    Role.CASE_WORKER:   "t t t t - t - -",
    Role.LEGAL_ADVISOR: "t t - t - - - -",
    Role.PSYCHOLOGIST:  "t t t - t - - -",
    Role.DPO:           "o - - - - o o o",
    Role.TRAINER:       "- - - - - - - -",
}
EXPECTED = {role: dict(zip(COLUMNS, row.split(), strict=True)) for role, row in TABLE.items()}


def _actor(role, organisation_id=1, *, active=True):
    return SimpleNamespace(pk=10, role=role, organisation_id=organisation_id,
                           is_authenticated=True, is_active=active)


def _allowed(role, section, on_team, same_org):
    cell = EXPECTED[role][section]
    return same_org and (cell == "o" or (cell == "t" and on_team))


CELLS = [(role, section, on_team, same_org)
         for role in TABLE for section in COLUMNS
         for on_team in (True, False) for same_org in (True, False)]


@pytest.mark.parametrize(("role", "section", "on_team", "same_org"), CELLS,
                         ids=[f"{r}-{s}-{'team' if t else 'offteam'}-{'org' if o else 'otherorg'}"
                              for r, s, t, o in CELLS])
def test_can_see_follows_the_table(role, section, on_team, same_org):
    client = SimpleNamespace(organisation_id=1 if same_org else 2)
    assert can_see(_actor(role), client, section, on_team=on_team) is _allowed(
        role, section, on_team, same_org)


def test_the_table_covers_every_role_and_section():
    assert set(TABLE) == set(Role)
    assert set(COLUMNS) == set(Section)


@pytest.mark.parametrize("role", list(Role))
def test_nobody_sees_anything_when_deactivated_or_without_organisation(role):
    client = SimpleNamespace(organisation_id=1)
    for section in COLUMNS:
        assert not can_see(_actor(role, active=False), client, section, on_team=True)
        assert not can_see(_actor(role, organisation_id=None), client, section, on_team=True)


def test_reach_q_and_the_team_rules_agree_with_the_table(people):
    """The query form of the rule: every role, on and off the team, and another org."""
    on_team = make_client(people.alice, team=[people.bob, people.lena, people.piotr],
                          owner=people.bob)
    off_team = make_client(people.alice, team=[people.charlie], owner=people.charlie)
    other_org = make_client(people.oscar)
    actors = {Role.COORDINATOR: people.alice, Role.CASE_WORKER: people.bob,
              Role.LEGAL_ADVISOR: people.lena, Role.PSYCHOLOGIST: people.piotr,
              Role.DPO: people.dora, Role.TRAINER: people.tina}
    for role, actor in actors.items():
        reached = set(Client.objects.filter(reach_q(actor)).values_list("pk", flat=True))
        for client, team, same_org in ((on_team, True, True), (off_team, False, True),
                                       (other_org, False, False)):
            expected = _allowed(role, Section.REGISTRY, team, same_org)
            assert (client.pk in reached) is expected, (role, client.code)
            for section in COLUMNS:
                assert can_see(actor, client, section) is _allowed(role, section, team,
                                                                   same_org), (role, section)
    assert may_register_clients(people.alice) and may_register_clients(people.bob)
    assert not any(may_register_clients(p) for p in (people.lena, people.piotr, people.dora,
                                                      people.tina))
    assert may_manage_case(people.bob, on_team) and not may_manage_case(people.bob, off_team)
    assert not may_manage_case(people.oscar, on_team)
    other = make_user("olga", Role.CASE_WORKER, people.oscar.organisation)
    assert not can_see(other, on_team) and on_team.pk not in set(
        Client.objects.filter(reach_q(other)).values_list("pk", flat=True))
