"""Outcomes on a tablet (768 x 1024): a case worker starts a questionnaire in Ukrainian
for a client and is logged out; the client answers one question per screen (skipping
one), cannot reach any staff page, and sees a thank-you; the case worker logs in again
and sees the score, the chart and the table in Polish. axe (WCAG 2.2 AA) on every page."""

import re
import time

import pytest

from tests.e2e.conftest import (
    DEFAULT_LOCALE,
    assert_no_axe_violations,
    assert_no_browser_errors,
    login,
    watch,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TABLET = {"width": 768, "height": 1024}


def wait_for_next_totp_period():
    """allauth accepts each TOTP code once per user: the second login needs a new one."""
    from allauth.mfa import app_settings

    period = app_settings.TOTP_PERIOD
    time.sleep(period - time.time() % period + 0.5)


def test_self_completion_in_ukrainian_then_the_score_in_polish(browser, live_server,
                                                               coordinator, case_worker):
    from reintegra.core.testing import make_client
    from reintegra.outcomes import services
    from reintegra.outcomes.models import Administration

    services.import_shipped_instruments()
    person = make_client(coordinator.user, team=[case_worker.user], owner=case_worker.user)
    context = browser.new_context(locale=DEFAULT_LOCALE, viewport=TABLET)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = watch(page)
    try:
        login(page, live_server, case_worker.user, case_worker.totp_secret)
        client_url = f"{live_server.url}/clients/{person.pk}/"
        page.goto(client_url)
        page.get_by_role("link", name="Kwestionariusz na tablecie").click()
        assert_no_axe_violations(page)
        page.get_by_label("Poczucie bezpieczeństwa (SECURITY)").check()
        page.get_by_label("Українська").check()
        page.get_by_role("button", name="Wyloguj mnie i przekaż tablet").click()
        page.wait_for_url(re.compile(r"/outcomes/q/"))
        questionnaire_url = page.url
        assert page.locator("html").get_attribute("lang") == "uk"
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Почати").click()
        answers = ["Повністю погоджуюся", None, "Категорично не погоджуюся",
                   "Повністю погоджуюся", "Повністю погоджуюся", "Категорично не погоджуюся"]
        for number, answer in enumerate(answers, start=1):
            assert page.get_by_text(f"Запитання {number} з 6").is_visible()
            if number == 1:
                assert_no_axe_violations(page)
            if answer is None:
                page.get_by_role("button", name="Пропустити це запитання").click()
            else:
                page.get_by_label(answer, exact=True).check()
                page.get_by_role("button", name="Далі").click()
        assert page.get_by_text("Відповідей: 5 з 6").is_visible()
        assert_no_axe_violations(page)
        page.get_by_role("button", name="Надіслати відповіді").click()
        assert page.get_by_role("heading", name="Дякуємо").is_visible()
        assert_no_axe_violations(page)
        # Nothing else is reachable from the tablet: staff pages ask for a login, and the
        # link has been used.
        for path in (f"/clients/{person.pk}/", "/clients/", "/outcomes/cohort/", "/"):
            page.goto(live_server.url + path)
            assert "/accounts/login/" in page.url
        page.goto(questionnaire_url)
        assert page.get_by_text("Відповіді за цим посиланням уже надіслано").is_visible()

        done = Administration.objects.get(client=person, instrument__code="SECURITY")
        assert done.valid and done.answered == 5 and done.score == 30.0

        wait_for_next_totp_period()
        page.goto(f"{live_server.url}/accounts/login/")
        login(page, live_server, case_worker.user, case_worker.totp_secret)
        page.goto(client_url)
        assert page.locator("html").get_attribute("lang") == "pl"
        panel = page.locator("#outcomes")
        assert panel.get_by_role("heading", name="Rezultaty (kwestionariusze)").is_visible()
        assert panel.get_by_role("img", name=re.compile("Poczucie bezpieczeństwa")).is_visible()
        row = panel.locator("table tbody tr").first
        assert "30" in row.inner_text() and "inny" in row.inner_text()
        assert_no_axe_violations(page)
    finally:
        context.close()
    assert_no_browser_errors(errors)
