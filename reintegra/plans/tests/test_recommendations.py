import datetime as dt

import pytest
from django.urls import reverse

from reintegra.plans import recommendations, services
from reintegra.plans.models import Goal
from reintegra.programme.models import Enrolment

from .factories import make_activity, make_assessment, make_goal, make_offering, make_plan
from .queries import PAGE_BUDGET, page_queries


@pytest.fixture
def catalogue(people):
    budget = make_activity(people.org, name_en="Budget planning", domains=["money"],
                           languages="ukr,pol")
    first_aid = make_activity(people.org, name_en="First aid", name_pl="Pierwsza pomoc",
                              domains=["health"], languages="pol")
    return {"budget": budget, "first_aid": first_aid,
            "budget_run": make_offering(budget, language="ukr", label="autumn")}


def _url(name, client):
    return reverse(name, args=[client.pk])


def test_ranks_by_needs_and_explains(client, people, team_client, catalogue):
    make_assessment(people.bob, team_client, ratings={"money": 4, "health": 2},
                    languages=["ukr"], availability=["tue_evening"])
    client.force_login(people.bob)
    response = client.get(_url("plans:recommendations", team_client),
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    rec = response.context["rec"]
    assert [ch.activity for ch in rec.choices] == [catalogue["budget"], catalogue["first_aid"]]
    run = rec.choices[0].offerings[0]
    words = [str(r) for r in run.scored.reasons]
    assert "need 'Money management' rated 4" in words or "need 'Money management' rated 4" \
        in " ".join(str(r) for r in rec.choices[0].scored.reasons)
    page = response.content.decode()
    assert "Budget planning" in page


def test_reasons_name_the_need_the_language_and_the_free_time(people, team_client, catalogue):
    from django.utils import translation

    make_assessment(people.bob, team_client, ratings={"money": 4}, languages=["ukr"],
                    availability=["tue_evening"])
    rec = recommendations.recommendations(actor=people.bob, client_pk=team_client.pk)
    budget = next(ch for ch in rec.choices if ch.activity == catalogue["budget"])
    with translation.override("en"):
        words = "; ".join(str(r) for r in budget.offerings[0].scored.reasons)
    assert words.startswith("need 'Money management' rated 4; taught in Ukrainian; "
                            "free on Tuesday evenings")


def test_nothing_is_added_or_enrolled_by_looking(client, people, team_client, catalogue):
    make_assessment(people.bob, team_client, ratings={"money": 5})
    make_goal(people.bob, make_plan(people.bob, team_client), domain="money")
    client.force_login(people.bob)
    assert client.get(_url("plans:recommendations", team_client)).status_code == 200
    assert Enrolment.objects.count() == 0
    assert not Goal.objects.get().activities.exists()


def test_add_to_plan(client, people, team_client, catalogue):
    goal = make_goal(people.bob, make_plan(people.bob, team_client), domain="money")
    client.force_login(people.bob)
    url = _url("plans:add_to_plan", team_client)
    response = client.post(url, {"goal": goal.pk, "activity": catalogue["budget"].pk})
    assert response.status_code == 302
    assert list(goal.activities.all()) == [catalogue["budget"]]
    # Forged ids are 404, malformed ones 400; nothing changes.
    other = make_activity(people.other_org)
    assert client.post(url, {"goal": goal.pk, "activity": other.pk}).status_code == 404
    assert client.post(url, {"goal": 999999, "activity": catalogue["budget"].pk}
                       ).status_code == 404
    assert client.post(url, {"goal": "x", "activity": "1"}).status_code == 400
    assert client.get(url).status_code == 405
    assert goal.activities.count() == 1


def test_add_to_plan_refuses_a_goal_of_another_client(client, people, team_client, catalogue):
    from reintegra.core.testing import make_client

    other = make_client(people.alice, team=[people.bob], owner=people.bob)
    goal = make_goal(people.bob, make_plan(people.bob, other))
    client.force_login(people.bob)
    response = client.post(_url("plans:add_to_plan", team_client),
                           {"goal": goal.pk, "activity": catalogue["budget"].pk})
    assert response.status_code == 404 and not goal.activities.exists()


def test_enrol_calls_the_programme(client, people, team_client, catalogue):
    client.force_login(people.bob)
    run = catalogue["budget_run"]
    response = client.post(_url("plans:enrol", team_client), {"offering": run.pk})
    # The client's record lists Polish only; the run is in Ukrainian: confirm first.
    assert response.status_code == 200
    assert "acknowledge_warnings" in response.content.decode()
    assert Enrolment.objects.count() == 0
    response = client.post(_url("plans:enrol", team_client),
                           {"offering": run.pk, "acknowledge_warnings": "on"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.client == team_client and enrolment.offering == run
    page = client.get(_url("plans:recommendations", team_client)).content.decode()
    assert "Enrolled" in page or "Zapisan" in page


def test_a_full_run_offers_the_waiting_list(client, people, team_client, catalogue):
    run = make_offering(catalogue["first_aid"], capacity=0)
    client.force_login(people.alice)
    url = _url("plans:enrol", team_client)
    response = client.post(url, {"offering": run.pk})
    assert response.status_code == 200 and "join_waiting_list" in response.content.decode()
    assert client.post(url, {"offering": run.pk, "join_waiting_list": "on"}).status_code == 302
    assert Enrolment.objects.get().status == "waiting"


def test_enrol_refuses_forged_and_malformed_ids(client, people, team_client, catalogue):
    theirs = make_offering(make_activity(people.other_org))
    client.force_login(people.bob)
    url = _url("plans:enrol", team_client)
    assert client.post(url, {"offering": theirs.pk}).status_code == 404
    assert client.post(url, {"offering": "abc"}).status_code == 400
    assert client.post(url, {}).status_code == 400
    assert Enrolment.objects.count() == 0


def test_psychologist_may_see_recommendations_but_not_enrol(client, people, team_client,
                                                            catalogue):
    client.force_login(people.piotr)
    page = client.get(_url("plans:recommendations", team_client)).content.decode()
    assert catalogue["budget"].name_pl in page
    assert _url("plans:enrol", team_client) not in page
    response = client.post(_url("plans:enrol", team_client),
                           {"offering": catalogue["budget_run"].pk})
    assert response.status_code == 403 and Enrolment.objects.count() == 0


@pytest.mark.parametrize("who,allowed", [
    ("alice", True), ("bob", True), ("piotr", True), ("charlie", False), ("lena", False),
    ("tina", False), ("dora", False), ("oscar", False),
])
def test_it_checks_access(client, people, team_client, catalogue, who, allowed):
    goal = make_goal(people.bob, make_plan(people.bob, team_client))
    client.force_login(getattr(people, who))
    response = client.get(_url("plans:recommendations", team_client))
    assert response.status_code == (200 if allowed else 404)
    response = client.post(_url("plans:add_to_plan", team_client),
                           {"goal": goal.pk, "activity": catalogue["budget"].pk})
    assert response.status_code == (302 if allowed else 404)
    response = client.post(_url("plans:enrol", team_client),
                           {"offering": catalogue["budget_run"].pk,
                            "acknowledge_warnings": "on"})
    assert response.status_code == {"alice": 302, "bob": 302, "piotr": 403}.get(who, 404)


def _grow(people, team_client, n):
    plan = make_plan(people.bob, team_client)
    for i in range(n):
        activity = make_activity(people.org, name_en=f"Activity {i}",
                                 domains=["money", "work"], languages="pol")
        make_offering(activity, label=f"run {i}")
        make_offering(activity, label=f"run {i}b", weekdays=["1", "3"])
        make_goal(people.bob, plan, description=f"goal {i}", activities=[activity])


def test_recommendations_run_a_fixed_number_of_queries(client, people, team_client):
    make_assessment(people.bob, team_client, ratings={"money": 4, "work": 3},
                    languages=["pol"], availability=["tue_evening"])
    _grow(people, team_client, 2)
    client.force_login(people.bob)
    url = _url("plans:recommendations", team_client)
    small = page_queries(client, url)
    _grow(people, team_client, 10)
    large = page_queries(client, url)
    assert small == large
    assert large[0] <= PAGE_BUDGET
    assert large[1] == 1


def test_offering_end_dates_are_respected(people, team_client, catalogue):
    ended = make_offering(catalogue["first_aid"], start_date=dt.date(2026, 4, 1),
                          end_date=dt.date(2026, 4, 30))
    rec = recommendations.recommendations(actor=people.bob, client_pk=team_client.pk)
    runs = [r.offering for ch in rec.choices for r in ch.offerings]
    assert ended not in runs and catalogue["budget_run"] in runs


def test_shows_the_clients_enrolments_and_the_activities_chosen(client, people, team_client,
                                                                catalogue):
    from reintegra.programme import services as programme

    budget, first_aid = catalogue["budget"], catalogue["first_aid"]
    waiting_run = make_offering(first_aid, capacity=0, label="full")
    left_run = make_offering(first_aid, label="left")
    programme.enrol_client(actor=people.bob, client=team_client, offering=waiting_run,
                           acknowledge_warnings=True, join_waiting_list=True)
    left = programme.enrol_client(actor=people.bob, client=team_client, offering=left_run,
                                  acknowledge_warnings=True)
    programme.withdraw_client(actor=people.bob, enrolment=left, reason="schedule")
    goal = make_goal(people.bob, make_plan(people.bob, team_client), domain="money",
                     activities=[budget])
    client.force_login(people.bob)
    response = client.get(_url("plans:recommendations", team_client),
                          HTTP_ACCEPT_LANGUAGE="en")
    rec = response.context["rec"]
    by_activity = {ch.activity: ch for ch in rec.choices}
    assert by_activity[budget].goal_ids == {goal.pk}
    assert by_activity[first_aid].goal_ids == set()
    status = {run.offering: run.enrolment_status for run in by_activity[first_aid].offerings}
    assert status == {waiting_run: "waiting", left_run: ""}  # withdrawn: may enrol again
    page = response.content.decode()
    assert "Already chosen for a goal of the plan." in page
    assert "On the waiting list" in page
    assert f'name="offering" value="{left_run.pk}"' in page


def test_only_open_goals_of_open_plans_can_take_an_activity(people, team_client, catalogue):
    old = make_plan(people.bob, team_client, start_date=dt.date(2026, 3, 10))
    newer = make_plan(people.bob, team_client, start_date=dt.date(2026, 4, 10))
    ended = make_plan(people.bob, team_client, start_date=dt.date(2026, 3, 5))
    old_goal, newer_goal = make_goal(people.bob, old), make_goal(people.bob, newer)
    make_goal(people.bob, ended)
    ended.actual_end_date = dt.date(2026, 4, 1)
    ended.save(update_fields=["actual_end_date"])
    achieved = make_goal(people.bob, newer, description="done")
    services.review_goal(actor=people.bob, goal=achieved, reviewed_on=dt.date(2026, 5, 1),
                         status="achieved")
    rec = recommendations.recommendations(actor=people.bob, client_pk=team_client.pk)
    assert [g.goal for g in rec.goals] == [newer_goal, old_goal]  # newest plan first
    assert rec.goals[0].description == "Get a job"


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "lena", "piotr", "tina", "dora",
                                 "oscar"])
def test_enrol_buttons_follow_the_programmes_rule(people, team_client, who):
    from reintegra.plans.access import may_offer_enrolment
    from reintegra.programme.access import may_enrol

    actor = getattr(people, who)
    on_team = team_client.team_members.filter(user=actor).exists()
    assert may_offer_enrolment(actor, team_client, on_team=on_team) == \
        may_enrol(actor, team_client)
    if who in ("alice", "bob", "piotr"):
        rec = recommendations.recommendations(actor=actor, client_pk=team_client.pk)
        assert rec.may_enrol == may_enrol(actor, team_client)
