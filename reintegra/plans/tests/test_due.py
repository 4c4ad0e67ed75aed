"""Plan reviews, reassessments and plan ends as due items and counts (issue 10)."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from reintegra.clients.choices import CaseStatus
from reintegra.clients.home import status_counts
from reintegra.core.due import due_items
from reintegra.core.testing import make_client
from reintegra.plans import services
from reintegra.plans.home import due_counts
from reintegra.plans.services import AssessmentData

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _plan(actor, client, started_days_ago, **fields):
    return services.create_plan(actor=actor, client=client, plan_type="Education",
                                start_date=TODAY() - dt.timedelta(days=started_days_ago),
                                **fields)


def _due(actor, days=6):
    return [(i.client_code, i.what, i.due_on) for i in due_items(
        actor=actor, start=TODAY() - dt.timedelta(days=90),
        end=TODAY() + dt.timedelta(days=days)) if i.source == "plans"]


def test_reviews_reassessments_and_plan_ends_fall_due(people, team_client, settings):
    settings.PLAN_REVIEW_DAYS, settings.REASSESSMENT_DAYS = 90, 180
    plan = _plan(people.bob, team_client, 95,
                 planned_end_date=TODAY() + dt.timedelta(days=3))
    reviewed = make_client(people.alice, team=[people.bob], owner=people.bob)
    goal = services.add_goal(actor=people.bob, plan=_plan(people.bob, reviewed, 95),
                             domain="housing", description="Flat")
    services.review_goal(actor=people.bob, goal=goal, reviewed_on=TODAY(), status="on_track")
    services.record_assessment(actor=people.bob, client=team_client, data=AssessmentData(
        assessed_on=TODAY() - dt.timedelta(days=181)))
    found = _due(people.bob)
    assert (team_client.code, "Plan review", plan.start_date + dt.timedelta(days=90)) in found
    assert (team_client.code, "Planned end of the support plan",
            TODAY() + dt.timedelta(days=3)) in found
    assert (team_client.code, "Reassessment of needs",
            TODAY() - dt.timedelta(days=1)) in found
    assert all(code != reviewed.code for code, _w, _d in found)  # reviewed today
    # Out of reach or without the CASE section: nothing.
    assert _due(people.charlie) == [] and _due(people.lena) == []
    counts = due_counts(actor=people.alice, today=TODAY())
    assert counts == {"reviews": 1, "reviews_overdue": 1, "reassessments": 1,
                      "reassessments_overdue": 1}
    # Within reach only: another team's case worker counts none of them.
    assert due_counts(actor=people.charlie, today=TODAY()) == {
        "reviews": 0, "reviews_overdue": 0, "reassessments": 0, "reassessments_overdue": 0}
    # A closed case's plan and assessment are not counted.
    from reintegra.clients.models import Client

    Client.objects.filter(pk=team_client.pk).update(status="Closed", closed_at=TODAY())
    counts = due_counts(actor=people.alice, today=TODAY())
    assert (counts["reviews"], counts["reassessments"]) == (0, 0)
    assert status_counts(actor=people.alice)[CaseStatus.CLOSED] == 1
