"""Issue 14's journey, in Polish: the coordinator invites a case worker; the case worker
sets a password and TOTP through the one-time link and sees an empty client list; the
coordinator deactivates them and their next request is signed out. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    DEFAULT_LOCALE,
    assert_no_axe_violations,
    login,
    submit,
    totp_code,
    translated,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "śliwka kwarc przystań latarnia"


def test_coordinator_invites_a_case_worker_who_sets_up_and_is_later_deactivated(
        page, browser, live_server, coordinator):
    from reintegra.accounts.models import User
    from reintegra.clients.models import Client
    from reintegra.core.testing import make_client

    make_client(coordinator.user)  # a client the new colleague is not on the team of
    login(page, live_server, coordinator.user, coordinator.totp_secret)
    assert page.locator("html").get_attribute("lang") == "pl"

    # Staff, from the menu; then the invitation form, sent empty first.
    page.get_by_role("navigation").get_by_role("link", name=translated("pl", "Staff")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translated("pl", "Staff"))
    expect(page.get_by_role("cell", name="Alicja Nowak")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=translated("pl", "Invite a colleague")).click()
    submit(page, "email")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label(translated("pl", "First name")).fill("Ewa")
    page.get_by_label(translated("pl", "Last name")).fill("Lis")
    page.get_by_label(translated("pl", "E-mail address")).fill("ewa.lis@example.org")
    page.get_by_label(translated("pl", "Role")).select_option("case_worker")
    submit(page, "email")
    link = page.locator("#setup-url").input_value()
    assert "?t=" in link
    assert_no_axe_violations(page)

    # The case worker, in a browser of their own, follows the link.
    context = browser.new_context(locale=DEFAULT_LOCALE)
    worker = context.new_page()
    worker.goto(link)
    assert "?t=" not in worker.url  # the token leaves the address bar at once
    expect(worker.get_by_role("heading", level=1)).to_have_text(
        translated("pl", "Set up your account"))
    assert_no_axe_violations(worker)
    secret = worker.locator("#totp-secret").inner_text()
    worker.get_by_label(translated("pl", "New password"), exact=True).fill(PASSWORD)
    worker.get_by_label(translated("pl", "New password (again)")).fill(PASSWORD)
    worker.get_by_label(translated("pl", "Code from the authenticator app")).fill(
        totp_code(secret))
    submit(worker, "code")
    worker.wait_for_url(re.compile(r"/accounts/login/"))
    expect(worker.locator(".messages")).to_contain_text(
        translated("pl", "Your account is ready. Sign in with your password and a code "
                         "from your app."))
    ewa = User.objects.get(username="ewa.lis@example.org")
    login(worker, live_server, ewa, secret, PASSWORD, check_axe=True)
    worker.goto(f"{live_server.url}/clients/")
    expect(worker.get_by_role("heading", level=1)).to_be_visible()
    code = Client.objects.get().code
    assert code not in worker.content()  # an empty list: on no case team yet
    assert_no_axe_violations(worker)

    # The coordinator deactivates her.
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="Ewa Lis").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=translated("pl", "Deactivate (a leaver)")).click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=translated("pl", "Deactivate"), exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Ewa Lis")
    expect(page.get_by_role("row", name=re.compile("Ewa Lis"))).to_contain_text(
        translated("pl", "deactivated"))
    assert_no_axe_violations(page)

    # The organisation's settings: every threshold with its note; a wrong k is refused.
    page.get_by_role("link", name=translated("pl", "Organisation settings")).click()
    field = page.get_by_label(translated("pl", "smallest number shown in reports"))
    expect(field).to_have_value("10")
    field.fill("2")
    page.get_by_role("button", name=translated("pl", "Save")).click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)

    # Her next request is signed out.
    worker.goto(f"{live_server.url}/clients/")
    worker.wait_for_url(re.compile(r"/accounts/login/"))
    context.close()
