"""Shorter forms in a browser (issue 13), in Polish at 1280 px and 390 px: a case worker
opens a client and fills the needs assessment with the keyboard only, sends it with a
mistake, lands on the error summary (focus moves there, the title starts with "Błąd:"),
fixes it and saves; a trainer takes the register on a phone and the "mark the rest" count
follows the taps. axe (WCAG 2.2 AA) on every page."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    DEFAULT_LOCALE,
    assert_no_axe_violations,
    assert_no_browser_errors,
    assert_reflows,
    login,
    make_staff,
    use_language,
    watch,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _focused(page):
    return page.evaluate("""() => { const e = document.activeElement;
      return {id: e.id, name: e.name || "", value: e.value || "", tag: e.tagName,
              type: e.type || "", cls: e.className || ""}; }""")


def _tab_to(page, test, limit=250):
    """Press Tab until the focused element passes ``test``; fails after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if test(_focused(page)):
            return
    raise AssertionError("never reached by Tab")


def _type_date(page, field, day: dt.date):
    """Type a date into the focused, empty date field in the format its hint shows
    (30.11.2026 in Polish: date fields are text boxes with a format hint)."""
    page.keyboard.type(f"{day:%d.%m.%Y}")
    assert page.locator(field).input_value() == f"{day:%d.%m.%Y}"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_assessment_with_the_keyboard_only(browser, live_server, coordinator, case_worker,
                                           size):
    from django.utils import timezone

    from reintegra.core.testing import make_client
    from reintegra.plans.choices import WEEKDAY_BY_NUMBER
    from reintegra.plans.models import DomainRating, NeedsAssessment

    person = make_client(coordinator.user, team=[case_worker.user], owner=case_worker.user)
    context = browser.new_context(locale=DEFAULT_LOCALE, viewport=SIZES[size])
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = watch(page)
    try:
        login(page, live_server, case_worker.user, case_worker.totp_secret)
        use_language(page, "pl")
        page.goto(f"{live_server.url}/clients/{person.pk}/")
        new = f"/plans/clients/{person.pk}/assessment/new/"
        _tab_to(page, lambda f: f["tag"] == "A" and page.evaluate(
            "document.activeElement.getAttribute('href')") == new)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/assessment/new/$"))
        assert page.locator("select[name^=rating_]").count() == 0
        assert_no_axe_violations(page)
        if size == "phone":
            assert_reflows(page)

        # The mistake: the date emptied (Backspace in each of its day, month, year parts).
        _tab_to(page, lambda f: f["id"] == "id_assessed_on")
        for key in ("Backspace", "Tab", "Backspace", "Tab", "Backspace"):
            page.keyboard.press(key)
        assert page.locator("#id_assessed_on").input_value() == ""
        # Safety: Tab reaches the group at its checked radio ("Nie oceniono", the last);
        # the arrow keys go round to 1 and then 2.
        _tab_to(page, lambda f: f["name"] == "rating_safety")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert page.locator("input[name=rating_safety][value='2']").is_checked()
        # The note under it: open with Enter, then write.
        page.keyboard.press("Tab")
        assert _focused(page)["tag"] == "SUMMARY"
        page.keyboard.press("Enter")
        _tab_to(page, lambda f: f["id"] == "id_note_safety", limit=3)
        page.keyboard.type("Mieszka u znajomych.")
        # Money: 4.
        _tab_to(page, lambda f: f["name"] == "rating_money")
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        assert page.locator("input[name=rating_money][value='4']").is_checked()
        # Free this evening: the grid's checkbox for today's weekday.
        slot = f"{WEEKDAY_BY_NUMBER[timezone.localdate().weekday()]}_evening"
        _tab_to(page, lambda f: f["name"] == "availability" and f["value"] == slot)
        page.keyboard.press("Space")
        assert page.locator(f"input[name=availability][value={slot}]").is_checked()
        _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["type"] == "submit"
                and "link-button" not in f["cls"])
        page.keyboard.press("Enter")
        page.wait_for_load_state()

        # The error summary has the focus, the title says there is an error, nothing saved.
        summary = page.locator(".error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        assert page.title().startswith("Błąd:")
        assert NeedsAssessment.objects.count() == 0
        assert page.locator("input[name=rating_money][value='4']").is_checked()  # kept
        assert_no_axe_violations(page)

        # Follow the summary's link to the field and fix the date.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_assessed_on"
        page.keyboard.press("Enter")
        expect(page.locator("#id_assessed_on")).to_be_focused()
        assert page.locator("#id_assessed_on").input_value() == ""
        _type_date(page, "#id_assessed_on", timezone.localdate())
        _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["type"] == "submit"
                and "link-button" not in f["cls"])
        page.keyboard.press("Enter")
        # (The address keeps the summary link's #id_assessed_on after the redirect.)
        page.wait_for_url(re.compile(r"/assessment/(#.*)?$"))
        assessment = NeedsAssessment.objects.get()
        ratings = dict(DomainRating.objects.filter(assessment=assessment)
                       .values_list("domain", "rating"))
        assert ratings["safety"] == 2 and ratings["money"] == 4 and ratings.get("housing") is None
        assert assessment.availability == [slot]
        assert_no_axe_violations(page)
        assert_no_browser_errors(errors)
    finally:
        context.close()


@pytest.fixture
def class_today(coordinator, case_worker):
    """A class today with three people enrolled, and its trainer."""
    from django.utils import timezone

    from reintegra.accounts.models import Role
    from reintegra.core.testing import make_client
    from reintegra.programme import services
    from reintegra.programme.tests.factories import make_offering

    trainer = make_staff("tina", Role.TRAINER, coordinator.user.organisation,
                         first_name="Teresa", last_name="Trener")
    today = timezone.localdate()
    offering = make_offering(coordinator.user, trainer=trainer.user,
                             start=today - dt.timedelta(days=7), weeks=2,
                             weekdays=[str(today.isoweekday())], start_time=dt.time(0, 5),
                             end_time=dt.time(0, 50))
    people = [make_client(coordinator.user, team=[case_worker.user], owner=case_worker.user,
                          chosen_name=name) for name in ("Ola", "Iryna", "Thu")]
    for person in people:
        services.enrol_client(actor=coordinator.user, client=person, offering=offering,
                              acknowledge_warnings=True, today=offering.start_date)
    return trainer, people, offering.sessions.get(date=today)


def test_phone_register_count_follows_the_taps(browser, live_server, class_today):
    from reintegra.programme.models import Attendance

    trainer, people, session = class_today
    context = browser.new_context(locale=DEFAULT_LOCALE, viewport=SIZES["phone"])
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = watch(page)
    try:
        login(page, live_server, trainer.user, trainer.totp_secret)
        use_language(page, "pl")
        page.goto(f"{live_server.url}/programme/sessions/{session.pk}/register/")
        assert_reflows(page)
        # No label is cut off: each fits its box.
        clipped = page.evaluate("""() => Array.from(
            document.querySelectorAll('.mark label, .register-row legend'))
          .filter(l => l.scrollWidth > l.clientWidth + 1 || l.scrollHeight > l.clientHeight + 1)
          .map(l => l.textContent.trim())""")
        assert not clipped, clipped
        count = page.locator("[data-unmarked]")
        rest = page.locator("main form button[name=rest]")
        expect(count).to_have_text("3")
        row = page.get_by_role("group", name=re.compile("^" + re.escape(people[0].code)))
        row.get_by_text("Spóźnienie", exact=True).click()  # the label: a tap on the word
        assert row.get_by_role("radio", name="Spóźnienie", exact=True).is_checked()
        expect(count).to_have_text("2")
        expect(rest).to_contain_text("2")
        row = page.get_by_role("group", name=re.compile("^" + re.escape(people[1].code)))
        row.get_by_role("radio", name="Nieobecność", exact=True).check()
        expect(count).to_have_text("1")
        expect(rest).to_have_text("Zapisz i oznacz 1 nieoznaczoną osobę jako obecną")
        assert_no_axe_violations(page)
        rest.click()
        page.wait_for_load_state()
        assert dict(Attendance.objects.filter(session=session).values_list(
            "client_id", "status")) == {people[0].pk: "late", people[1].pk: "absent",
                                        people[2].pk: "present"}
        expect(page.locator("[data-unmarked]")).to_have_text("0")
        expect(page.locator("[data-rest]")).to_be_hidden()
        assert_no_axe_violations(page)
        assert_no_browser_errors(errors)
    finally:
        context.close()
