"""A coordinator finds a person registered in Cyrillic by the Latin spelling seen in their
passport, and opens the record: in Polish, at 1280 px and at 390 px, axe on each page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, assert_reflows, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_latin_spelling_finds_a_cyrillic_name(browser, live_server, coordinator, width):
    from reintegra.core.testing import make_client

    halyna = make_client(coordinator.user, first_name="Галина", second_name="Ковальчук",
                         chosen_name=None, citizenship=["UA"], primary_language="ukr")
    make_client(coordinator.user, first_name="Ewa", second_name="Nowak")
    context = browser.new_context(locale="pl-PL", viewport={"width": width, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        login(page, live_server, coordinator.user, coordinator.totp_secret)
        page.goto(f"{live_server.url}/clients/")
        page.locator("#id_q").fill("Halyna Kovalchuk")
        page.locator("main form[role=search] [type=submit]").click()
        page.wait_for_url(re.compile(r"[?&]s="))
        assert "kovalchuk" not in page.url.lower()
        expect(page.locator("#results tbody tr")).to_have_count(1)
        assert_no_axe_violations(page)
        if width < 400:
            assert_reflows(page)
        page.locator("#results").get_by_role("link", name=halyna.code).click()
        page.wait_for_url(re.compile(rf"/clients/{halyna.pk}/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Галина Ковальчук")
        assert_no_axe_violations(page)
    finally:
        context.close()
