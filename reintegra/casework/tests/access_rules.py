"""Who may open each URL of the casework app (walked by tests/test_access_matrix.py).

``setup(world)``: a case-work note and a psychological note on ``world.team_client`` (by
bob and piotr), and a task on it assigned to bob.
"""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

ORG_STAFF = {"alice", "bob", "charlie", "lena", "piotr", "tina", "dora"}
ANY_STAFF = ORG_STAFF | {"oscar"}


def setup(world):
    from reintegra.casework import services

    today = timezone.localdate()
    note = services.add_note(actor=world.bob, client=world.team_client, section="case",
                             kind="meeting", contact_on=today, text="Met at the office.")
    psych = services.add_note(actor=world.piotr, client=world.team_client,
                              section="psychological", kind="meeting", contact_on=today,
                              text="Session one.")
    task = services.add_task(actor=world.bob, client=world.team_client, what="Call the office",
                             due_on=today + dt.timedelta(days=3), assignee=world.bob)
    world.casework = SimpleNamespace(note=note, psych=psych, task=task)


def _c(world):
    return world.casework


def _client(world):
    return {"client_pk": world.team_client.pk}


RULES = {
    # A reader of some section of the notes: the case team and the coordinator.
    "casework:notes": {"allow": {"alice", "bob", "lena", "piotr"}, "kwargs": _client},
    "casework:note_create": {"allow": {"alice", "bob", "lena", "piotr"}, "kwargs": _client},
    # Only the author edits (a new version); readers of the section see the history.
    "casework:note_edit": {"allow": {"bob"}, "kwargs": lambda w: {"pk": _c(w).note.pk}},
    "casework:note_history": {"allow": {"alice", "bob", "piotr"},
                              "kwargs": lambda w: {"pk": _c(w).note.pk}},
    "casework:task_create": {"allow": {"alice", "bob", "piotr"}, "kwargs": _client},
    "casework:task_done": {"allow": {"alice", "bob", "piotr"}, "method": "POST",
                           "kwargs": lambda w: {"pk": _c(w).task.pk}},
    # Everyone's own list (empty for those who are given no tasks).
    "casework:my_tasks": {"allow": ANY_STAFF, "kwargs": lambda w: {}},
}
