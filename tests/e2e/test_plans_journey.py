"""Support plans in a browser, from assessment to hours: a case worker assesses needs,
writes a plan with a goal, adds a recommended activity to the goal and enrols the client;
the trainer takes the register on a phone; the case worker sees the client's hours on the
client page. axe (WCAG 2.2 AA) on every page, in Polish and in English."""

import datetime as dt
import re

import pytest

from tests.e2e.conftest import (
    DEFAULT_LOCALE,
    assert_no_axe_violations,
    assert_no_browser_errors,
    assert_reflows,
    login,
    make_staff,
    submit,
    translated,
    use_language,
    watch,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
# How the site writes one and a half hours in each language (floatformat:"-2" keeps two
# decimals whenever there is a fraction).
ONE_AND_A_HALF = {"pl": "1,50", "en": "1.50"}


def starts_with(text):
    """An accessible-name matcher for buttons and links whose name goes on with text
    read only by screen readers (": Budżet domowy", the session's date)."""
    return re.compile("^" + re.escape(text))


@pytest.fixture
def budget_course(coordinator):
    """The activity the assessment will point to and its run: a 17:00-18:30 class (1.5 h)
    on today's weekday that began a week ago, so two sessions have been held by tonight
    (a week ago and today) and today's register can be taken. Plus an unrelated activity
    the ranking must put below it."""
    from django.utils import timezone

    from reintegra.accounts.models import Role
    from reintegra.plans.tests.factories import make_activity
    from reintegra.programme.tests.factories import make_offering

    org = coordinator.user.organisation
    trainer = make_staff("tina", Role.TRAINER, org, first_name="Teresa", last_name="Trener")
    budget = make_activity(org, domains=["money"], languages="ukr")
    today = timezone.localdate()
    offering = make_offering(
        coordinator.user, activity=budget, trainer=trainer.user, language="ukr",
        label="jesień", start=today - dt.timedelta(days=7), weeks=2,
        weekdays=[str(today.isoweekday())], start_time=dt.time(17), end_time=dt.time(18, 30),
    )
    assert list(offering.sessions.values_list("date", flat=True)) == [
        today - dt.timedelta(days=7), today]
    make_activity(org, name_pl="Pierwsza pomoc", name_en="First aid", domains=["health"])
    return trainer, budget, offering


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_assess_plan_enrol_take_register_and_see_hours(browser, page, live_server, coordinator,
                                                       case_worker, budget_course, lang):
    from reintegra.core.testing import make_client

    trainer, budget, offering = budget_course
    person = make_client(coordinator.user, team=[case_worker.user], owner=case_worker.user,
                         primary_language="ukr")

    login(page, live_server, case_worker.user, case_worker.totp_secret, check_axe=True)
    use_language(page, lang)
    _assess_plan_and_enrol(page, live_server, person, budget, offering, lang)
    _trainer_marks_present_on_a_phone(browser, live_server, trainer, person, offering, lang)

    # Back on the case worker's screen: the client page counts the hours.
    page.goto(f"{live_server.url}/clients/{person.pk}/")
    activities = page.get_by_role("region", name=translated(lang, "Activities"), exact=True)
    hours = ONE_AND_A_HALF[lang]
    total = translated(lang, "Hours attended in all activities: %(hours)s") % {"hours": hours}
    assert activities.get_by_text(total, exact=True).is_visible()
    row = activities.get_by_role("row").filter(has_text=offering.label)
    assert row.get_by_role("cell").nth(2).inner_text().strip() == hours
    # Enrolled today: only today's session counts, not last week's (issue 10).
    assert row.get_by_role("cell").nth(3).inner_text().startswith("100%")  # 1 of 1 held
    assert_no_axe_violations(page)


def _assess_plan_and_enrol(page, live_server, person, budget, offering, lang):
    """The case worker: needs assessment, plan, goal, "Add to plan", "Enrol"."""
    from django.utils import timezone

    from reintegra.plans.choices import WEEKDAY_BY_NUMBER
    from reintegra.plans.models import Goal, NeedsAssessment, SupportPlan
    from reintegra.programme.models import Enrolment

    page.goto(f"{live_server.url}/clients/{person.pk}/")
    assert_no_axe_violations(page)  # the client page with the plans panel
    page.locator(f"a[href='/plans/clients/{person.pk}/assessment/new/']").first.click()
    page.wait_for_url(re.compile(r"/assessment/new/$"))
    assert_no_axe_violations(page)
    page.locator("input[name=rating_money][value='4']").check()
    page.locator("details:has(#id_note_money) summary").click()  # the note opens on demand
    page.locator("#id_note_money").fill("Zaległy czynsz.")
    free = f"{WEEKDAY_BY_NUMBER[timezone.localdate().weekday()]}_evening"  # class time
    page.locator(f"input[name=availability][value={free}]").check()
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
    page.wait_for_url(re.compile(r"/goals/new/$"))
    assert_no_axe_violations(page)
    page.locator("#id_domain").select_option("money")
    page.locator("#id_description").fill("Prowadzić budżet domowy")
    submit(page, "description")
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert_no_axe_violations(page)

    page.goto(f"{live_server.url}/plans/clients/{person.pk}/recommendations/")
    assert_no_axe_violations(page)
    first = page.locator("main ol > li").first
    assert (budget.name_pl if lang == "pl" else budget.name_en) in first.inner_text()
    first.get_by_role("button", name=starts_with(translated(lang, "Add to plan"))).click()
    page.wait_for_load_state()
    assert list(Goal.objects.get().activities.all()) == [budget]
    assert Enrolment.objects.count() == 0  # nothing enrolled until someone presses Enrol
    assert_no_axe_violations(page)
    first = page.locator("main ol > li").first
    first.get_by_role("row").filter(has_text=offering.label).get_by_role(
        "button", name=starts_with(translated(lang, "Enrol"))).click()
    page.wait_for_load_state()
    assert Enrolment.objects.filter(client=person, offering=offering,
                                    status="enrolled").count() == 1
    assert_no_axe_violations(page)


def _trainer_marks_present_on_a_phone(browser, live_server, trainer, person, offering, lang):
    """The trainer, on a 390 px phone: today's session from the landing page, the client
    present, Save."""
    from django.utils import timezone

    from reintegra.programme.models import Attendance

    context = browser.new_context(locale=DEFAULT_LOCALE, viewport=PHONE)
    context.set_default_timeout(10_000)
    try:
        phone = context.new_page()
        errors = watch(phone)
        login(phone, live_server, trainer.user, trainer.totp_secret, check_axe=True)
        use_language(phone, lang)
        phone.wait_for_url(re.compile(r"/programme/sessions/$"))
        assert_no_axe_violations(phone)  # the trainer's landing page: today's sessions
        phone.get_by_role("link", name=starts_with(translated(lang, "Mark attendance"))).click()
        session = offering.sessions.get(date=timezone.localdate())
        phone.wait_for_url(re.compile(rf"/programme/sessions/{session.pk}/register/$"))
        assert_no_axe_violations(phone)
        assert_reflows(phone)
        client_row = phone.get_by_role("group", name=starts_with(person.code))
        client_row.get_by_role("radio", name=translated(lang, "Present"), exact=True).check()
        phone.get_by_role("button", name=translated(lang, "Save"), exact=True).click()
        phone.wait_for_load_state()
        assert dict(Attendance.objects.filter(session=session).values_list(
            "client_id", "status")) == {person.pk: "present"}
        assert client_row.get_by_role("radio", name=translated(lang, "Present"),
                                      exact=True).is_checked()
        assert_no_axe_violations(phone)  # the register again, with "Attendance saved"
        assert_no_browser_errors(errors)
    finally:
        context.close()
