"""Case notes and tasks of one client, for the generic erasure walk
(reintegra/privacy/tests/test_erasure_reaches_every_app.py finds this module by itself)."""

from django.utils import timezone


def fill(people, client):
    from reintegra.casework import services

    today = timezone.localdate()
    note = services.add_note(actor=people.bob, client=client, section="case", kind="meeting",
                             contact_on=today, text="Opowiedziała o siostrze w Łodzi")
    services.edit_note(actor=people.bob, note=note, kind="meeting", contact_on=today,
                       text="Opowiedziała o siostrze")
    services.add_task(actor=people.bob, client=client, what="Zadzwonić do urzędu pracy",
                      due_on=today, assignee=people.bob)
