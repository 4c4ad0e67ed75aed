"""Who may open each URL of the outcomes app (walked by the project's access-matrix test).

Giving questionnaires (schedule, tablet, interview): the coordinator and the case worker
and psychologist on the client's team. Item answers: the coordinator and the team's
psychologist. The cohort page: coordinators, case workers and psychologists (each over
the clients they reach, consenting ones only). Trainers, the DPO, staff off the team and
other organisations: 404 (or nothing).

The client's questionnaire (``outcomes:q``) is reached by its one-time token alone: no
login, and no staff page is reachable from it (the staff session ended when it started;
see test_self_completion.py). ``setup`` makes a live link for ``world.team_client``.
"""

import datetime as dt
from types import SimpleNamespace

from reintegra.core.access_matrix import EVERYONE

ADMINISTER = {"alice", "bob", "piotr"}
ANSWERS = {"alice", "piotr"}
COHORT = {"alice", "bob", "charlie", "piotr", "oscar"}


def setup(world):
    from reintegra.outcomes import services

    instruments = {i.code: i for i in services.import_shipped_instruments()}
    client = world.team_client
    open_one = services.add_administration(actor=world.bob, client=client,
                                           instrument=instruments["SECURITY"])
    done = services.add_administration(actor=world.bob, client=client,
                                       instrument=instruments["WHO-5"])
    services.record_answers(actor=world.bob, administration=done, language="en",
                            answers={"1": 3, "2": 3, "3": 3, "4": 3, "5": 3},
                            completed_on=dt.date.today())
    _link, token = services.start_self_completion(
        actor=world.bob, client=client, instruments=[instruments["SOCIAL"]], language="uk")
    world.outcomes = SimpleNamespace(open=open_one, done=done, token=token)


def _client(w):
    return {"client_pk": w.team_client.pk}


RULES = {
    "outcomes:schedule": {"allow": ADMINISTER, "kwargs": _client},
    "outcomes:self_start": {"allow": ADMINISTER, "kwargs": _client},
    "outcomes:administer": {"allow": ADMINISTER, "kwargs": lambda w: {"pk": w.outcomes.open.pk}},
    "outcomes:answers": {"allow": ANSWERS, "kwargs": lambda w: {"pk": w.outcomes.done.pk}},
    "outcomes:cohort": {"allow": COHORT},
    # The token is the key: whoever holds the tablet may answer (once).
    "outcomes:q": {"allow": EVERYONE, "kwargs": lambda w: {"token": w.outcomes.token}},
    "outcomes:q_thanks": {"allow": EVERYONE, "kwargs": lambda w: {"language": "uk"}},
}
