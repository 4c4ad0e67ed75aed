import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from reintegra.audit.models import AuditEvent
from reintegra.core.testing import make_client
from reintegra.plans import reports, services
from reintegra.plans.models import Challenge, Goal, GoalReview, SupportPlan

from .factories import make_activity, make_assessment, make_goal, make_plan
from .queries import PAGE_BUDGET, page_queries


def plan_data(**overrides):
    data = {"plan_type": "Livelihood", "start_date": "2026-04-02",
            "planned_end_date": "2026-10-01", "actual_end_date": "",
            "objectives": "A job and her own flat.",
            "action_plan": "1. Curriculum vitae. 2. Interviews."}
    data.update(overrides)
    return data


def test_create_plan_seals_objectives_and_action_plan(client, people, team_client):
    client.force_login(people.bob)
    response = client.post(reverse("plans:plan_create", args=[team_client.pk]), plan_data())
    assert response.status_code == 302
    plan = SupportPlan.objects.get()
    assert plan.plan_type == "Livelihood" and plan.planned_end_date == dt.date(2026, 10, 1)
    # Words long enough that base64 ciphertext cannot contain them by chance.
    assert "own flat" not in plan.objectives_sealed
    assert "Curriculum" not in plan.action_plan_sealed
    page = client.get(response["Location"]).content.decode()
    assert "A job and her own flat." in page and "2. Interviews." in page
    assert AuditEvent.objects.filter(action="create", object_type="plans.supportplan",
                                     client_id=team_client.pk).exists()
    assert AuditEvent.objects.filter(action="view", object_type="plans.supportplan",
                                     object_id=str(plan.pk), client_id=team_client.pk,
                                     actor=people.bob).exists()


def test_planned_end_before_start_is_refused_next_to_the_field(client, people, team_client):
    client.force_login(people.bob)
    response = client.post(reverse("plans:plan_create", args=[team_client.pk]),
                           plan_data(planned_end_date="2026-04-01"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_planned_end_date_error"' in page and 'href="#id_planned_end_date"' in page
    assert SupportPlan.objects.count() == 0


def test_the_form_gives_the_service_date_rule_next_to_each_field(team_client):
    from django.utils import translation

    from reintegra.plans.forms import PlanForm

    form = PlanForm(plan_data(start_date="2026-04-10", planned_end_date="2026-04-09",
                              actual_end_date="2026-04-08"), client=team_client)
    with translation.override("en"):
        assert not form.is_valid()
    assert form.errors["planned_end_date"] == [
        "The planned end date must be on or after the start date."]
    assert form.errors["actual_end_date"] == [
        "The actual end date must be on or after the start date."]
    assert "__all__" not in form.errors


def test_the_service_refuses_dates_in_the_wrong_order(people, team_client):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_plan(actor=people.bob, client=team_client, plan_type="Legal",
                             start_date=dt.date(2026, 5, 1),
                             planned_end_date=dt.date(2026, 4, 1))
    assert SupportPlan.objects.count() == 0


def test_edit_plan(client, people, team_client):
    plan = make_plan(people.bob, team_client)
    client.force_login(people.alice)
    url = reverse("plans:plan_edit", args=[plan.pk])
    assert "Find a stable job." in client.get(url).content.decode()
    response = client.post(url, plan_data(actual_end_date="2026-09-01", plan_type="Legal"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.plan_type == "Legal" and plan.actual_end_date == dt.date(2026, 9, 1)
    assert not plan.is_open


def test_goals_activities_and_reviews(client, people, team_client):
    plan = make_plan(people.bob, team_client)
    budget = make_activity(people.org)
    foreign = make_activity(people.other_org, name_en="Theirs")
    client.force_login(people.bob)
    response = client.post(reverse("plans:goal_create", args=[plan.pk]), {
        "domain": "money", "description": "Pay off the rent arrears",
        "target_date": "2026-08-01", "activities": [budget.pk],
    })
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert list(goal.activities.all()) == [budget]
    assert "arrears" not in goal.description_sealed
    # An activity of another organisation is not a choice.
    response = client.post(reverse("plans:goal_edit", args=[goal.pk]), {
        "domain": "money", "description": "x", "activities": [foreign.pk]})
    assert response.status_code == 200 and list(goal.activities.all()) == [budget]
    review = reverse("plans:goal_review", args=[goal.pk])
    assert client.post(review, {"reviewed_on": "2026-06-01", "status": "delayed",
                                "note": "Lost her job."}).status_code == 302
    assert client.post(review, {"reviewed_on": "2026-05-01", "status": "on_track"}
                       ).status_code == 302
    goal.refresh_from_db()
    assert goal.status == "delayed"  # the latest review by date decides, not the last typed
    assert GoalReview.objects.count() == 2
    assert AuditEvent.objects.filter(object_type="plans.goalreview",
                                     client_id=team_client.pk).count() == 2
    page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "Pay off the rent arrears" in page and "Lost her job." in page


def test_review_with_a_bad_status_or_date_saves_nothing(client, people, team_client):
    goal = make_goal(people.bob, make_plan(people.bob, team_client))
    client.force_login(people.bob)
    url = reverse("plans:goal_review", args=[goal.pk])
    response = client.post(url, {"reviewed_on": "2026-03-01", "status": "nonsense"})
    page = response.content.decode()
    assert 'id="id_status_error"' in page and 'id="id_reviewed_on_error"' in page
    assert GoalReview.objects.count() == 0


def test_challenges_are_recorded_and_counted(client, people, team_client):
    plan = make_plan(people.bob, team_client)
    goal = make_goal(people.bob, plan)
    client.force_login(people.bob)
    url = reverse("plans:challenge_create", args=[plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": "work_hours", "noted_on": "2026-05-02",
                                 "goal": goal.pk, "led_to_dropout": "on",
                                 "note": "Night shifts at the warehouse."})
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert challenge.goal == goal and challenge.led_to_dropout
    assert "warehouse" not in challenge.note_sealed
    services.record_challenge(actor=people.bob, plan=plan, code="work_hours",
                              noted_on=dt.date(2026, 6, 1))
    services.record_challenge(actor=people.bob, plan=plan, code="transport",
                              noted_on=dt.date(2026, 6, 1))
    other = make_client(people.alice, team=[people.charlie], owner=people.charlie)
    services.record_challenge(actor=people.charlie, plan=make_plan(people.charlie, other),
                              code="transport", noted_on=dt.date(2026, 6, 1))

    counts = reports.challenge_counts(actor=people.alice, organisation=people.org)
    assert [(c.code, c.occurrences, c.clients, c.dropouts) for c in counts] == [
        ("transport", 2, 2, 0), ("work_hours", 2, 1, 1)]
    # Need-to-know: a case worker counts only their team's clients; others nothing.
    mine = reports.challenge_counts(actor=people.bob, organisation=people.org)
    assert {(c.code, c.occurrences) for c in mine} == {("work_hours", 2), ("transport", 1)}
    for who in (people.lena, people.dora, people.tina, people.oscar):
        assert reports.challenge_counts(actor=who, organisation=people.org) == []
    since = reports.challenge_counts(actor=people.alice, organisation=people.org,
                                       since=dt.date(2026, 6, 1))
    assert {(c.code, c.occurrences) for c in since} == {("work_hours", 1), ("transport", 2)}


def test_a_challenge_cannot_point_at_another_plans_goal(people, team_client):
    plan = make_plan(people.bob, team_client)
    other_goal = make_goal(people.bob, make_plan(people.bob, team_client))
    with pytest.raises(PermissionDenied):
        services.record_challenge(actor=people.bob, plan=plan, code="health",
                                  noted_on=dt.date(2026, 5, 1), goal=other_goal)


def test_services_check_access(people, team_client):
    for who in (people.charlie, people.lena, people.tina, people.dora, people.oscar):
        with pytest.raises(PermissionDenied):
            make_plan(who, team_client)
        with pytest.raises(PermissionDenied):
            make_assessment(who, team_client)
    assert SupportPlan.objects.count() == 0


PLAN_URLS = ["plans:plan", "plans:plan_edit", "plans:goal_create", "plans:challenge_create"]
GOAL_URLS = ["plans:goal_edit", "plans:goal_review"]


@pytest.mark.parametrize("who,allowed", [
    ("alice", True), ("bob", True), ("piotr", True), ("charlie", False), ("lena", False),
    ("tina", False), ("dora", False), ("oscar", False),
])
def test_it_checks_access(client, people, team_client, who, allowed):
    plan = make_plan(people.bob, team_client)
    goal = make_goal(people.bob, plan)
    client.force_login(getattr(people, who))
    urls = [reverse(name, args=[plan.pk]) for name in PLAN_URLS]
    urls += [reverse(name, args=[goal.pk]) for name in GOAL_URLS]
    urls += [reverse("plans:plan_create", args=[team_client.pk])]
    for url in urls:
        assert client.get(url).status_code == (200 if allowed else 404), (who, url)
    response = client.post(reverse("plans:goal_review", args=[goal.pk]),
                           {"reviewed_on": "2026-05-01", "status": "achieved"})
    assert response.status_code == (302 if allowed else 404)
    assert GoalReview.objects.count() == (1 if allowed else 0)


def test_erased_client_is_404(client, people, team_client):
    plan = make_plan(people.bob, team_client)
    team_client.erased_at = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    team_client.save(update_fields=["erased_at"])
    client.force_login(people.alice)
    assert client.get(reverse("plans:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plans:assessment", args=[team_client.pk])).status_code == 404


def test_client_page_panel(client, people, team_client):
    make_assessment(people.bob, team_client, ratings={"money": 5, "rights": 2})
    plan = make_plan(people.bob, team_client)
    make_goal(people.bob, plan, domain="legal_status", description="Get the residence permit")
    make_goal(people.bob, plan, domain="work", description="Find a job in a bakery")
    url = reverse("clients:detail", args=[team_client.pk])
    client.force_login(people.bob)
    page = client.get(url).content.decode()
    assert "Find a job in a bakery" in page
    assert reverse("plans:plan", args=[plan.pk]) in page
    assert reverse("plans:assessment", args=[team_client.pk]) in page
    # The legal advisor sees that there is a legal goal and its status, nothing else.
    client.force_login(people.lena)
    page = client.get(url).content.decode()
    assert 'id="plans-panel-h"' in page
    assert "residence permit" not in page and "bakery" not in page
    assert reverse("plans:plan", args=[plan.pk]) not in page
    client.force_login(people.dora)
    page = client.get(url).content.decode()
    assert 'id="plans-panel-h"' not in page


def _grow(people, plan, n, activities):
    for i in range(n):
        goal = make_goal(people.bob, plan, description=f"goal {i}", activities=activities)
        services.review_goal(actor=people.bob, goal=goal, reviewed_on=dt.date(2026, 5, 1),
                             status="on_track", note=f"note {i}")
        services.record_challenge(actor=people.bob, plan=plan, code="transport",
                                  noted_on=dt.date(2026, 5, 1), goal=goal,
                                  activity=activities[0], note="bus")


def test_plan_page_runs_a_fixed_number_of_queries(client, people, team_client):
    plan = make_plan(people.bob, team_client)
    activities = [make_activity(people.org, name_en=f"A{i}") for i in range(3)]
    _grow(people, plan, 2, activities[:1])
    client.force_login(people.bob)
    url = reverse("plans:plan", args=[plan.pk])
    small = page_queries(client, url)
    _grow(people, plan, 12, activities)
    large = page_queries(client, url)
    assert small == large
    assert large[0] <= PAGE_BUDGET
    assert large[1] == 1  # one keystore query for the client's key


def test_unknown_plan_or_goal_is_404(client, people):
    client.force_login(people.alice)
    for name in PLAN_URLS:
        assert client.get(reverse(name, args=[999999])).status_code == 404
    for name in GOAL_URLS:
        assert client.get(reverse(name, args=[999999])).status_code == 404


def test_goal_status_counts_honour_access(people, team_client):
    plan = make_plan(people.bob, team_client)
    done = make_goal(people.bob, plan)
    make_goal(people.bob, plan)
    services.review_goal(actor=people.bob, goal=done, reviewed_on=dt.date(2026, 5, 1),
                         status="achieved")
    assert reports.goal_status_counts(actor=people.alice, organisation=people.org) == {
        "achieved": 1, "": 1}
    assert reports.goal_status_counts(actor=people.charlie, organisation=people.org) == {}
    assert reports.goal_status_counts(actor=people.oscar, organisation=people.org) == {}
