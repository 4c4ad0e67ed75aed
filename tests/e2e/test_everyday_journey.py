"""Everyday work in a browser (issue 10): the coordinator signs in and sees the programme at
a glance, follows "clients falling behind" to a client; a case worker adds a contact note
and a task and enrols five clients into a course in one step; the trainer takes the
register on a phone (390 px) and the new enrolee's rate counts from her enrolment. axe
(WCAG 2.2 AA) on every page; in Polish, and in English."""

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


def starts_with(text):
    return re.compile("^" + re.escape(text))


@pytest.fixture
def programme(coordinator, case_worker):
    """A course on today's weekday that began two weeks ago (sessions two weeks ago, a week
    ago and today), its trainer, one client enrolled from the start who missed both held
    sessions (falling behind), and five more clients of the case worker, not enrolled."""
    from django.utils import timezone

    from reintegra.accounts.models import Role
    from reintegra.core.testing import make_client
    from reintegra.programme import services
    from reintegra.programme.tests.factories import make_activity, make_offering

    org = coordinator.user.organisation
    trainer = make_staff("tina", Role.TRAINER, org, first_name="Teresa", last_name="Trener")
    today = timezone.localdate()
    course = make_offering(
        coordinator.user, trainer=trainer.user, label="zima", capacity=10,
        activity=make_activity(org, name_pl="Język polski A1", name_en="Polish A1",
                               domains=["language"], languages="pol"),
        start=today - dt.timedelta(days=14), weeks=3, weekdays=[str(today.isoweekday())],
        start_time=dt.time(8), end_time=dt.time(9, 30),
    )
    team = dict(team=[case_worker.user], owner=case_worker.user)
    behind = make_client(coordinator.user, chosen_name="Ola", **team)
    services.enrol_client(actor=coordinator.user, client=behind, offering=course,
                          acknowledge_warnings=True, today=course.start_date)
    for session in course.sessions.filter(date__lt=today):
        services.mark_attendance(actor=trainer.user, session=session,
                                 marks={behind.pk: "absent"})
    five = [make_client(coordinator.user, chosen_name=name, primary_language="ukr", **team)
            for name in ("Iryna", "Olena", "Daria", "Maria", "Nadia")]
    return trainer, course, behind, five


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_week_of_everyday_work(browser, page, live_server, coordinator, case_worker,
                                 programme, lang):
    trainer, course, behind, five = programme
    _coordinator_sees_the_programme(page, live_server, coordinator, behind, lang)
    _case_worker_notes_tasks_and_group_enrolment(browser, live_server, case_worker, course,
                                                 behind, five, lang)
    _trainer_takes_the_register_on_a_phone(browser, live_server, trainer, course, five, lang)
    if lang == "pl":
        _rate_counts_from_the_enrolment(course, behind, five)


def _coordinator_sees_the_programme(page, live_server, coordinator, behind, lang):
    login(page, live_server, coordinator.user, coordinator.totp_secret, check_axe=True)
    use_language(page, lang)
    assert page.url.rstrip("/") == live_server.url  # the home page is the landing page
    for title in ("Clients against the target", "Attendance rate per offering",
                  "Registers not taken", "Reviews and reassessments due"):
        assert page.get_by_role("heading", name=translated(lang, title)).is_visible()
    assert_no_axe_violations(page)
    falling = page.get_by_role("region", name=translated(lang, "Clients falling behind"))
    falling.get_by_role("link", name=behind.code).first.click()
    page.wait_for_load_state()
    assert re.search(rf"/(clients|casework/clients)/{behind.pk}/", page.url)
    assert_no_axe_violations(page)


def _case_worker_notes_tasks_and_group_enrolment(browser, live_server, case_worker, course,
                                                 behind, five, lang):
    from django.utils import timezone

    from reintegra.casework.models import CaseNote, Task
    from reintegra.programme.models import Enrolment

    context = browser.new_context(locale=DEFAULT_LOCALE)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        errors = watch(page)
        login(page, live_server, case_worker.user, case_worker.totp_secret)
        use_language(page, lang)
        assert_no_axe_violations(page)  # the case worker's home page
        page.goto(f"{live_server.url}/clients/{behind.pk}/")
        page.get_by_role("link", name=translated(lang, "Add a note")).first.click()
        page.wait_for_url(re.compile(r"/notes/new/$"))
        assert_no_axe_violations(page)
        page.locator("#id_kind").select_option("phone")
        page.locator("#id_text").fill("Rozmowa: wróci na zajęcia w czwartek.")
        submit(page, "text")
        page.wait_for_url(re.compile(r"/notes/$"))
        assert CaseNote.objects.get().kind == "phone"
        assert page.get_by_text("Rozmowa: wróci na zajęcia w czwartek.").is_visible()
        assert_no_axe_violations(page)

        page.goto(f"{live_server.url}/clients/{behind.pk}/")
        page.get_by_role("link", name=translated(lang, "Add a task")).first.click()
        page.wait_for_url(re.compile(r"/tasks/new/$"))
        page.locator("#id_what").fill("Zadzwonić do szkoły językowej")
        page.locator("#id_due_on").fill((timezone.localdate()
                                         + dt.timedelta(days=2)).isoformat())
        submit(page, "what")
        page.wait_for_url(re.compile(rf"/clients/{behind.pk}/$"))
        assert Task.objects.get().assignee == case_worker.user
        tasks = page.get_by_role("region", name=translated(lang, "Tasks"), exact=True)
        assert tasks.get_by_text("Zadzwonić do szkoły językowej").is_visible()
        assert_no_axe_violations(page)

        page.goto(f"{live_server.url}/programme/offerings/{course.pk}/")
        page.get_by_role("link", name=translated(lang, "Enrol several clients")).click()
        page.wait_for_url(re.compile(r"/enrol-group/$"))
        assert_no_axe_violations(page)
        for person in five:
            page.locator(f"#c-{person.pk}").check()
        page.locator("#ack").check()
        page.get_by_role("button", name=translated(lang, "Enrol the chosen clients")).click()
        page.wait_for_load_state()
        assert Enrolment.objects.filter(offering=course, status="enrolled").count() == 6
        heading = page.get_by_role("heading", level=2).first.inner_text()
        assert "5" in heading
        assert_no_axe_violations(page)
        assert_no_browser_errors(errors)
    finally:
        context.close()


def _trainer_takes_the_register_on_a_phone(browser, live_server, trainer, course, five,
                                           lang):
    from django.utils import timezone

    from reintegra.programme.models import Attendance

    context = browser.new_context(locale=DEFAULT_LOCALE, viewport=PHONE)
    context.set_default_timeout(10_000)
    try:
        phone = context.new_page()
        errors = watch(phone)
        login(phone, live_server, trainer.user, trainer.totp_secret)
        use_language(phone, lang)
        phone.wait_for_url(re.compile(r"/programme/sessions/$"))
        assert_no_axe_violations(phone)
        session = course.sessions.get(date=timezone.localdate())
        phone.goto(f"{live_server.url}/programme/sessions/{session.pk}/register/")
        assert_no_axe_violations(phone)
        assert_reflows(phone)
        row = phone.get_by_role("group", name=starts_with(five[0].code))
        row.get_by_role("radio", name=translated(lang, "Present"), exact=True).check()
        phone.get_by_role("button", name=translated(lang, "Save"), exact=True).click()
        phone.wait_for_load_state()
        assert Attendance.objects.filter(session=session, client=five[0],
                                         status="present").exists()
        assert_no_axe_violations(phone)
        assert_no_browser_errors(errors)
    finally:
        context.close()


def _rate_counts_from_the_enrolment(course, behind, five):
    from reintegra.programme.selectors import offering_progress

    progress = offering_progress(offering=course)
    assert (progress[five[0].pk].attended, progress[five[0].pk].held) == (1, 1)
    assert progress[five[0].pk].percent == 100
    assert (progress[behind.pk].attended, progress[behind.pk].held) == (0, 3)
