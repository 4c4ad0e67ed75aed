"""Case notes and tasks of the demo (``manage.py seed_demo``; see reintegra/demo/context.py),
dated relative to the demo's "today": most open cases were in touch lately, a few not for
weeks (they show as falling behind), and some tasks fall due this week or are overdue.
Written through the services, so sealed and audited like real ones."""

import datetime as dt

from reintegra.accounts.models import Role
from reintegra.clients.choices import OPEN_STATUSES
from reintegra.clients.models import CaseTeamMember

from . import services

CASE_NOTES = (
    ("meeting", "Spotkanie w biurze: omówiłyśmy plan na najbliższy miesiąc."),
    ("phone", "Rozmowa telefoniczna: potwierdzenie terminu kursu."),
    ("accompaniment", "Towarzyszenie w urzędzie wojewódzkim przy składaniu wniosku."),
    ("home_visit", "Wizyta w miejscu zamieszkania: warunki bez zmian, potrzebna pościel."),
)
PSYCH_NOTE = ("meeting", "Sesja indywidualna: praca nad snem i poczuciem bezpieczeństwa.")
TASKS = (
    "Umówić wizytę u lekarza rodzinnego",
    "Sprawdzić termin ważności zaświadczenia",
    "Zadzwonić do pracodawcy w sprawie stażu",
    "Przygotować dokumenty do wniosku o pobyt",
)


def _team(client):
    return {m.user.role: m.user for m in
            CaseTeamMember.objects.filter(client=client).select_related("user")}


def seed(context) -> None:
    if context.scale:
        return
    rng, today = context.rng, context.today
    notes = tasks = 0
    for client in [c for c in context.clients if c.status in OPEN_STATUSES]:
        team = _team(client)
        owner = client.case_owner
        # One in six has not been in touch for weeks: "no contact" on the home page.
        latest = rng.randint(30, 60) if rng.random() < 1 / 6 else rng.randint(0, 14)
        for n in range(rng.randint(1, 4)):
            kind, text = rng.choice(CASE_NOTES)
            day = today - dt.timedelta(days=latest + 9 * n)
            if day < client.intake_date:
                break
            services.add_note(actor=owner, client=client, section="case", kind=kind,
                              contact_on=day, text=text)
            notes += 1
        psychologist = team.get(Role.PSYCHOLOGIST)
        if psychologist is not None:
            services.add_note(actor=psychologist, client=client, section="psychological",
                              kind=PSYCH_NOTE[0], text=PSYCH_NOTE[1],
                              contact_on=today - dt.timedelta(days=rng.randint(1, 20)))
            notes += 1
        if rng.random() < 0.6:
            services.add_task(actor=owner, client=client, what=rng.choice(TASKS),
                              due_on=today + dt.timedelta(days=rng.randint(-5, 10)),
                              assignee=owner)
            tasks += 1
    context.extra["casework"] = {"notes": notes, "tasks": tasks}
