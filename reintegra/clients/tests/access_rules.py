"""Who may open each URL of the client registry (walked by tests/test_access_matrix.py).

Derived from clients/access.py: the list needs any section (trainers have none); a client
page needs the REGISTRY section of that client (the coordinator and the DPO organisation-
wide, the case team); editing, closing and reopening need ``may_manage_case`` (the
coordinator, or a case worker on the team). Forbidden records answer 404 like missing
ones; a role that may see a record but not change it gets 403 (piotr on edit).

``setup(world)`` adds ``world.closed_client``: a closed case with the same team, so that
reopening can be allowed to someone.
"""

import datetime as dt

MANAGERS = {"alice", "bob"}


def setup(world):
    from reintegra.clients.services import close_case
    from reintegra.core.testing import make_client

    closed = make_client(world.alice, team=[world.bob, world.lena, world.piotr],
                         owner=world.bob)
    world.closed_client = close_case(actor=world.alice, client=closed, reason="completed",
                                     closed_on=dt.date(2026, 6, 30))


def _team_client(w):
    return {"pk": w.team_client.pk}


RULES = {
    "clients:list": {"allow": {"alice", "bob", "charlie", "lena", "piotr", "dora", "oscar"}},
    "clients:create": {"allow": {"alice", "bob", "charlie", "oscar"}},
    "clients:detail": {"allow": {"alice", "bob", "lena", "piotr", "dora"},
                       "kwargs": _team_client},
    "clients:edit": {"allow": MANAGERS, "kwargs": _team_client},
    "clients:close": {"allow": MANAGERS, "kwargs": _team_client},
    "clients:reopen": {"allow": MANAGERS, "method": "POST",
                       "kwargs": lambda w: {"pk": w.closed_client.pk}},
}
