"""The programme in a browser: a trainer takes the register on a phone-sized screen
without JavaScript; a coordinator walks the programme's pages. axe (WCAG 2.2 AA) on
every page, in Polish and in English."""

import datetime as dt

import pytest

from tests.e2e.conftest import (
    DEFAULT_LOCALE,
    assert_no_axe_violations,
    assert_no_browser_errors,
    login,
    make_staff,
    use_language,
    watch,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def course(coordinator, case_worker):
    from django.utils import timezone

    from reintegra.accounts.models import Role
    from reintegra.core.testing import make_client
    from reintegra.programme import services
    from reintegra.programme.tests.factories import make_offering

    trainer = make_staff("tina", Role.TRAINER, coordinator.user.organisation,
                         first_name="Teresa", last_name="Trener")
    offering = make_offering(coordinator.user, trainer=trainer.user)
    people = [make_client(coordinator.user, team=[case_worker.user], owner=case_worker.user,
                          chosen_name=name) for name in ("Ola", "Iryna", "Thu")]
    for person in people:
        services.enrol_client(actor=coordinator.user, client=person, offering=offering,
                              acknowledge_warnings=True, today=offering.start_date)
    session = offering.sessions.filter(date__lt=timezone.localdate()).first()
    return trainer, offering, people, session


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_trainer_takes_the_register_on_a_phone_without_javascript(browser, live_server,
                                                                   course, lang):
    from reintegra.programme.models import Attendance

    trainer, _offering, people, session = course
    context = browser.new_context(locale=DEFAULT_LOCALE, viewport=PHONE,
                                  java_script_enabled=False)
    page = context.new_page()
    errors = watch(page)
    login(page, live_server, trainer.user, trainer.totp_secret)
    use_language(page, lang)
    assert page.url.endswith("/programme/sessions/")
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/programme/sessions/{session.pk}/register/")
    assert_no_axe_violations(page)
    body = page.locator("main").inner_text()
    assert all(p.code in body for p in people) and "Iryna" in body
    assert "Kowalska" not in body  # the legal surname never reaches a trainer
    # No sideways scrolling on a 390 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator(f"input[name=mark-{people[1].pk}][value=late]").check()
    page.locator(f"input[name=mark-{people[2].pk}][value=absent]").check()
    page.locator("main form button[name=rest]").click()
    page.wait_for_load_state()
    assert dict(Attendance.objects.values_list("client_id", "status")) == {
        people[0].pk: "present", people[1].pk: "late", people[2].pk: "absent"}
    assert_no_axe_violations(page)
    context.close()
    assert_no_browser_errors(errors)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_coordinator_pages_pass_axe(page, live_server, coordinator, course, lang):
    _trainer, offering, people, _session = course
    login(page, live_server, coordinator.user, coordinator.totp_secret)
    use_language(page, lang)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    for path in ("/programme/", f"/programme/activities/{offering.activity_id}/",
                 "/programme/offerings/", f"/programme/offerings/{offering.pk}/",
                 f"/programme/offerings/{offering.pk}/edit/",
                 f"/programme/offerings/{offering.pk}/enrol/",
                 f"/programme/week/?week={monday:%Y-%m-%d}", "/programme/venues/",
                 f"/programme/clients/{people[0].pk}/", "/programme/calendar/"):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)
    # A form error is announced next to the field, and passes axe too.
    page.goto(f"{live_server.url}/programme/offerings/{offering.pk}/edit/")
    page.locator("#id_end_date").fill("2000-01-01")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert page.locator(".error-summary a[href='#id_end_date']").count() == 1
    assert_no_axe_violations(page)
