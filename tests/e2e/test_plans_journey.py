"""Support plans in a browser: a case worker assesses needs, writes a plan with a goal,
gets recommendations, adds an activity to the goal and enrols the client, with axe
(WCAG 2.2 AA) on every page."""

import re

import pytest

from tests.e2e.conftest import assert_no_axe_violations, login, submit, use_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_assess_plan_recommend_and_enrol(page, live_server, coordinator, case_worker):
    from reintegra.core.testing import make_client
    from reintegra.plans.models import Goal, NeedsAssessment, SupportPlan
    from reintegra.plans.tests.factories import make_activity, make_offering
    from reintegra.programme.models import Enrolment

    org = coordinator.user.organisation
    person = make_client(coordinator.user, team=[case_worker.user], owner=case_worker.user,
                         primary_language="ukr")
    budget = make_activity(org, domains=["money"], languages="ukr")
    make_offering(budget, language="ukr", label="jesień")
    make_activity(org, name_pl="Pierwsza pomoc", name_en="First aid", domains=["health"])

    login(page, live_server, case_worker.user, case_worker.totp_secret)
    page.goto(f"{live_server.url}/clients/{person.pk}/")
    assert_no_axe_violations(page)  # the client page with the plans panel
    page.locator(f"a[href='/plans/clients/{person.pk}/assessment/new/']").first.click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    page.locator("#id_rating_money").select_option("4")
    page.locator("#id_note_money").fill("Zaległy czynsz.")
    page.locator("input[name=availability][value=tue_evening]").check()
    submit(page, "rating_money")
    page.wait_for_url(re.compile(r"/assessment/$"))
    assert NeedsAssessment.objects.count() == 1
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/plans/clients/{person.pk}/plans/new/")
    page.locator("#id_plan_type").select_option("Financial")
    page.locator("#id_start_date").fill("2026-04-02")
    page.locator("#id_planned_end_date").fill("2026-04-01")  # before the start
    page.locator("#id_objectives").fill("Spłacić długi.")
    submit(page, "objectives")
    assert page.locator("#id_planned_end_date_error").is_visible()
    assert SupportPlan.objects.count() == 0
    assert_no_axe_violations(page)  # the form with its error summary
    page.locator("#id_planned_end_date").fill("2026-10-01")
    submit(page, "objectives")
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert_no_axe_violations(page)

    page.locator("a[href$='/goals/new/']").first.click()
    page.wait_for_load_state()
    page.locator("#id_domain").select_option("money")
    page.locator("#id_description").fill("Prowadzić budżet domowy")
    submit(page, "description")
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/plans/clients/{person.pk}/recommendations/")
    assert_no_axe_violations(page)
    first = page.locator("main ol > li").first
    assert budget.name_pl in first.inner_text()
    first.locator("form:has([name=goal]) [type=submit]").click()
    page.wait_for_load_state()
    assert list(Goal.objects.get().activities.all()) == [budget]
    assert Enrolment.objects.count() == 0  # nothing enrolled until someone presses Enrol
    page.locator("main ol > li").first.locator("form:has([name=offering]) [type=submit]").click()
    page.wait_for_load_state()
    assert Enrolment.objects.filter(client=person).count() == 1
    use_language(page, "en")
    assert_no_axe_violations(page)
