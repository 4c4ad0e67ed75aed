"""Who may open each URL of the plans app (walked by test_access.py here and by the
project's access-matrix test).

Assessments, plans and recommendations are the CASE section of a client: the coordinator
and the case team's case worker and psychologist. The legal advisor sees only the coded
legal goals on the client page (no URL here); trainers, the DPO, case workers off the team
and other organisations get 404. Enrolling from the recommendations follows the
programme's rule (coordinator or case worker on the team): the psychologist gets 403.

``setup(world)`` makes, for ``world.team_client``: an assessment, a plan with one goal,
an activity and an offering open for enrolment (kept on ``world.plans``).
"""

import datetime as dt
from types import SimpleNamespace

PLANNERS = {"alice", "bob", "piotr"}


def setup(world):
    from django.utils import timezone

    from reintegra.plans import services
    from reintegra.programme.models import Activity, Offering

    client = world.team_client
    assessment = services.record_assessment(
        actor=world.bob, client=client,
        data=services.AssessmentData(
            assessed_on=max(client.intake_date, timezone.localdate() - dt.timedelta(days=7)),
            ratings={"money": services.Rating(4, "note")},
        ),
    )
    plan = services.create_plan(actor=world.bob, client=client, plan_type="Livelihood",
                                start_date=client.intake_date, objectives="objectives")
    goal = services.add_goal(actor=world.bob, plan=plan, domain="money", description="goal")
    activity = Activity.objects.create(
        organisation=client.organisation, name_pl="Budżet", name_en="Budget", kind="workshop",
        domains=["money"], languages="pol",
    )
    today = timezone.localdate()
    offering = Offering.objects.create(
        activity=activity, organisation=client.organisation, start_date=today,
        end_date=today + dt.timedelta(days=30), weekdays=["2"],
        start_time=dt.time(17), end_time=dt.time(19), capacity=10,
    )
    world.plans = SimpleNamespace(assessment=assessment, plan=plan, goal=goal,
                                  activity=activity, offering=offering)


def _client(w):
    return {"client_pk": w.team_client.pk}


RULES = {
    "plans:assessment": {"allow": PLANNERS, "kwargs": _client},
    "plans:assessment_new": {"allow": PLANNERS, "kwargs": _client},
    "plans:assessment_detail": {"allow": PLANNERS,
                                "kwargs": lambda w: {"pk": w.plans.assessment.pk}},
    "plans:plan_create": {"allow": PLANNERS, "kwargs": _client},
    "plans:plan": {"allow": PLANNERS, "kwargs": lambda w: {"pk": w.plans.plan.pk}},
    "plans:plan_edit": {"allow": PLANNERS, "kwargs": lambda w: {"pk": w.plans.plan.pk}},
    "plans:goal_create": {"allow": PLANNERS, "kwargs": lambda w: {"plan_pk": w.plans.plan.pk}},
    "plans:goal_edit": {"allow": PLANNERS, "kwargs": lambda w: {"pk": w.plans.goal.pk}},
    "plans:goal_review": {"allow": PLANNERS, "kwargs": lambda w: {"pk": w.plans.goal.pk}},
    "plans:challenge_create": {"allow": PLANNERS,
                               "kwargs": lambda w: {"plan_pk": w.plans.plan.pk}},
    "plans:recommendations": {"allow": PLANNERS, "kwargs": _client},
    # POST without a body: allowed personas get 400 (malformed), the others 403/404.
    "plans:add_to_plan": {"allow": PLANNERS, "method": "POST", "kwargs": _client},
    "plans:enrol": {"allow": {"alice", "bob"}, "method": "POST", "kwargs": _client},
}
