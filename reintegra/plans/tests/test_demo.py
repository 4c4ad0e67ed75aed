import datetime as dt
import random

from reintegra.accounts.models import Role
from reintegra.core.testing import make_client
from reintegra.demo.context import DemoContext
from reintegra.plans import demo
from reintegra.plans.models import (
    Challenge,
    GoalReview,
    NeedsAssessment,
    SupportPlan,
)

from .factories import make_activity


def _context(people, clients, seed=3):
    staff = {role: [u for u in people.all().values()
                    if u.role == role and u.organisation_id == people.org.pk]
             for role in Role.values}
    return DemoContext(rng=random.Random(seed), organisation=people.org, staff=staff,
                       clients=clients, today=dt.date(2026, 11, 1))


def _snapshot():
    return (
        list(NeedsAssessment.objects.order_by("pk").values_list("assessed_on", flat=True)),
        list(SupportPlan.objects.order_by("pk").values_list("plan_type", "start_date")),
        list(GoalReview.objects.order_by("pk").values_list("status", "reviewed_on")),
        list(Challenge.objects.order_by("pk").values_list("code", "noted_on")),
    )


def test_seed_fills_assessments_plans_goals_reviews_and_challenges(people):
    money = make_activity(people.org, domains=["money"])
    clients = [make_client(people.alice, intake_date=dt.date(2026, 1, 5) + dt.timedelta(i),
                           citizenship=["UA"] if i % 2 else ["PL"],
                           primary_language="ukr" if i % 2 else "pol")
               for i in range(12)]
    demo.seed(_context(people, clients))
    assert NeedsAssessment.objects.count() > len(clients)  # some were reassessed
    assert SupportPlan.objects.count() >= len(clients) // 2
    assert GoalReview.objects.exists() and Challenge.objects.exists()
    money_goals = [g for p in SupportPlan.objects.all() for g in p.goals.all()
                   if g.domain == "money"]
    assert money_goals and all(list(g.activities.all()) == [money] for g in money_goals)
    # Everything within the demo's time frame.
    assert all(day <= dt.date(2026, 11, 1) for day in _snapshot()[0])


def test_seed_is_the_same_for_the_same_seed_and_works_without_a_catalogue(people):
    clients = [make_client(people.alice, intake_date=dt.date(2026, 2, 1)) for _ in range(4)]
    demo.seed(_context(people, clients, seed=11))
    first = _snapshot()
    for model in (Challenge, GoalReview, SupportPlan, NeedsAssessment):
        model.objects.all().delete()
    demo.seed(_context(people, clients, seed=11))
    assert _snapshot() == first
    assert first[0]  # assessments made even though no activity exists
