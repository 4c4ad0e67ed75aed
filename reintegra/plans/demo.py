"""Demo needs assessments and support plans (``manage.py seed_demo``; see
reintegra/demo/context.py). Everything goes through the services, so notes are sealed and
every write is audited. All randomness comes from ``context.rng``.

The programme's catalogue is seeded after this hook (order: plans, programme). Goals are
linked to catalogue activities that serve their domain: at once if the catalogue exists,
otherwise when the demo transaction commits (by then the programme hook has run). Without
a catalogue the goals simply have no activities.
"""

import datetime as dt
import random

from django.db import transaction

from reintegra.accounts.models import Role
from reintegra.programme.models import Domain

from . import choices as c
from . import services
from .models import Goal

# Polish text, as the programme's staff would write it. Invented; no real person.
GOALS = {
    "safety": "Poczucie bezpieczeństwa: plan bezpieczeństwa i kontakt w razie zagrożenia",
    "legal_status": "Uregulować pobyt: wniosek o zezwolenie na pobyt czasowy",
    "housing": "Znaleźć stałe mieszkanie i podpisać umowę najmu",
    "health": "Regularna opieka lekarska i wsparcie psychologiczne",
    "language": "Porozumiewać się po polsku w urzędzie i w pracy",
    "education": "Ukończyć kurs zawodowy",
    "work": "Znaleźć legalną pracę na umowę",
    "money": "Prowadzić domowy budżet i spłacać zaległości",
    "social_network": "Mieć bliskie osoby i grupę wsparcia",
    "rights": "Znać swoje prawa jako pokrzywdzona i pracownica",
}
REVIEW_NOTES = {
    c.GoalStatus.ON_TRACK: "Postępy zgodnie z planem.",
    c.GoalStatus.DELAYED: "Opóźnienie: trzeba było zająć się pilniejszymi sprawami.",
    c.GoalStatus.ACHIEVED: "Cel osiągnięty.",
    c.GoalStatus.DROPPED: "Klientka zdecydowała się zmienić cel.",
}
CHALLENGE_NOTES = {
    "language_barrier": "Nie rozumie pism z urzędu.",
    "housing_instability": "Musiała wyprowadzić się z mieszkania.",
    "work_hours": "Praca na zmiany koliduje z zajęciami.",
    "legal_delay": "Decyzja urzędu opóźniona o kilka miesięcy.",
    "trauma_symptoms": "Trudności ze snem i koncentracją.",
}
PLAN_TYPE_FOR = {
    "safety": c.PlanType.SOCIAL_CARE, "legal_status": c.PlanType.LEGAL,
    "housing": c.PlanType.SOCIAL_CARE, "health": c.PlanType.HEALTH,
    "language": c.PlanType.EDUCATION, "education": c.PlanType.EDUCATION,
    "work": c.PlanType.LIVELIHOOD, "money": c.PlanType.FINANCIAL,
    "social_network": c.PlanType.SOCIAL_CARE, "rights": c.PlanType.RIGHTS_TRAINING,
}
FOREIGNER_CHALLENGES = ["language_barrier", "legal_delay", "documents", "work_hours",
                        "housing_instability", "transport", "money"]
POLISH_CHALLENGES = ["housing_instability", "money", "trauma_symptoms", "work_hours",
                     "childcare", "health", "safety", "transport"]


def seed(context):
    actor = context.first(Role.COORDINATOR)
    goal_ids = []
    for client in context.clients:
        if client.is_erased:
            continue
        goal_ids += _seed_client(context.rng, actor, client, context.today)
    # A seed for the linking step, drawn now so that the demo is the same on each run.
    link_seed = context.rng.randrange(2**32)
    context.extra["plans"] = {"goal_ids": goal_ids}
    if not _link_activities(actor, context.organisation, goal_ids, link_seed):
        transaction.on_commit(
            lambda: _link_activities(actor, context.organisation, goal_ids, link_seed)
        )


def _is_foreigner(client) -> bool:
    return any(code != "PL" for code in client.citizenship)


def _ratings(rng, client) -> dict[str, int]:
    base = {d: rng.randint(1, 3) for d in Domain.values}
    if _is_foreigner(client):
        base.update(language=rng.randint(3, 5), legal_status=rng.randint(3, 5),
                    work=rng.randint(3, 5))
    if "SexualExploitation" in client.exploitation_types:
        base.update(safety=rng.randint(3, 5), health=rng.randint(3, 5),
                    rights=rng.randint(2, 4))
    base["money"] = max(base["money"], rng.randint(2, 5))
    for domain in rng.sample(Domain.values, 2):  # not every domain is discussed at first
        base.pop(domain)
    return base


def _day(rng, start: dt.date, low: int, high: int, today: dt.date) -> dt.date | None:
    day = start + dt.timedelta(days=rng.randint(low, high))
    return day if day <= today else None


def _first_data(rng, client, day) -> services.AssessmentData:
    spoken = [code for code in (client.primary_language, client.secondary_language) if code]
    if _is_foreigner(client) and "pol" not in spoken and rng.random() < 0.4:
        spoken.append("pol")
    languages = [services.Language(code, speaks=True, reads=rng.random() < 0.85,
                                   writes=rng.random() < 0.7) for code in spoken]
    slots = [code for code, _label in c.AVAILABILITY_CHOICES]
    wishes_women = "SexualExploitation" in client.exploitation_types
    return services.AssessmentData(
        assessed_on=day,
        ratings={d: services.Rating(r) for d, r in _ratings(rng, client).items()},
        languages=languages,
        availability=rng.sample(slots, rng.randint(3, 9)),
        needs_childcare=rng.random() < 0.2,
        interests=rng.sample(c.Interest.values[:-1], rng.randint(1, 3)),
        cultural_preferences=(["women_only"] if wishes_women and rng.random() < 0.6 else [])
        + (["female_trainer"] if wishes_women and rng.random() < 0.4 else []),
        trauma_preferences=rng.sample(c.TraumaPreference.values, rng.randint(0, 2)),
        summary="Pierwsza rozmowa o potrzebach.",
    )


def _reassess(rng, first: services.AssessmentData, day) -> services.AssessmentData:
    ratings = {
        d: services.Rating(max(c.NEED_MIN, min(c.NEED_MAX, r.rating - rng.choice([0, 1, 1, 2])
                                                + (1 if rng.random() < 0.1 else 0))))
        for d, r in first.ratings.items()
    }
    return services.AssessmentData(
        **{**first.__dict__, "assessed_on": day, "ratings": ratings,
           "summary": "Ponowna ocena po kilku miesiącach."}
    )


def _seed_client(rng: random.Random, actor, client, today) -> list[int]:
    day = _day(rng, client.intake_date, 2, 20, today)
    if day is None:
        return []
    first = _first_data(rng, client, day)
    services.record_assessment(actor=actor, client=client, data=first)
    later = _day(rng, day, 60, 140, today)
    if later is not None and rng.random() < 0.7:
        services.record_assessment(actor=actor, client=client,
                                   data=_reassess(rng, first, later))
    if rng.random() < 0.1:
        return []  # some clients have no plan yet
    return _seed_plan(rng, actor, client, first, today)


def _seed_plan(rng, actor, client, first, today) -> list[int]:
    needs = sorted(((r.rating, d) for d, r in first.ratings.items() if r.rating >= 3),
                   reverse=True)[:3] or [(2, "money")]
    start = first.assessed_on + dt.timedelta(days=rng.randint(1, 7))
    if start > today:
        return []
    ended = client.closed_at if client.closed_at and client.closed_at >= start else None
    plan = services.create_plan(
        actor=actor, client=client, plan_type=PLAN_TYPE_FOR[needs[0][1]], start_date=start,
        planned_end_date=start + dt.timedelta(days=180), actual_end_date=ended,
        objectives="Stabilizacja sytuacji życiowej i samodzielność.",
        action_plan="1. Spotkania co dwa tygodnie.\n2. Zajęcia wybrane razem z klientką.",
    )
    goal_ids = []
    for _rating, domain in needs:
        goal = services.add_goal(actor=actor, plan=plan, domain=domain,
                                 description=GOALS[domain],
                                 target_date=start + dt.timedelta(days=rng.randint(60, 180)))
        goal_ids.append(goal.pk)
        _seed_reviews(rng, actor, goal, start, ended or today)
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        _seed_challenge(rng, actor, plan, client, start, ended or today)
    return goal_ids


def _seed_reviews(rng, actor, goal, start, last_day):
    statuses = [c.GoalStatus.ON_TRACK, c.GoalStatus.DELAYED]
    day = start
    for i in range(rng.randint(0, 3)):
        day = day + dt.timedelta(days=rng.randint(30, 60))
        if day > last_day:
            return
        final = i > 0 and rng.random() < 0.4
        status = (rng.choice([c.GoalStatus.ACHIEVED, c.GoalStatus.ACHIEVED,
                              c.GoalStatus.DROPPED]) if final else rng.choice(statuses))
        services.review_goal(actor=actor, goal=goal, reviewed_on=day, status=status,
                             note=REVIEW_NOTES[status])
        if final:
            return


def _seed_challenge(rng, actor, plan, client, start, last_day):
    if last_day <= start:
        return
    codes = FOREIGNER_CHALLENGES if _is_foreigner(client) else POLISH_CHALLENGES
    code = rng.choice(codes)
    services.record_challenge(
        actor=actor, plan=plan, code=code,
        noted_on=start + dt.timedelta(days=rng.randint(0, (last_day - start).days)),
        led_to_dropout=rng.random() < 0.15, note=CHALLENGE_NOTES.get(code, ""),
    )


def _link_activities(actor, organisation, goal_ids, link_seed) -> bool:
    """Choose one or two catalogue activities for each goal, among those serving its
    domain. Returns False when the organisation has no catalogue yet."""
    from reintegra.programme.models import Activity

    activities = list(Activity.objects.filter(organisation=organisation, active=True)
                      .order_by("pk"))
    if not activities:
        return False
    rng = random.Random(link_seed)
    goals = Goal.objects.filter(pk__in=goal_ids).select_related("plan__client").order_by("pk")
    for goal in goals:
        fitting = [a for a in activities if goal.domain in a.domains]
        for activity in rng.sample(fitting, min(len(fitting), rng.randint(1, 2))):
            services.add_activity_to_goal(actor=actor, goal=goal, activity=activity)
    return True
