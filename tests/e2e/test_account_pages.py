"""allauth's pages in our layout: first login with TOTP setup (QR code), recovery codes,
the security page, password change, logout; axe on each, in Polish and English."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_axe_violations,
    axe_violations,
    make_staff,
    submit,
    totp_code,
    translated,
    use_language,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a brand new passphrase 2026"


def assert_our_layout(page):
    """The page is inside base.html: header with the language switch, one <main>, footer."""
    expect(page.locator("header.site-header .lang-switch")).to_be_visible()
    expect(page.locator("main#main")).to_have_count(1)
    expect(page.locator("footer.site-footer")).to_be_visible()


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_first_login_sets_up_totp_then_manages_the_account(page, live_server, lang):
    from allauth.mfa.models import Authenticator

    from reintegra.accounts.models import Role

    newcomer = make_staff("nina", Role.CASE_WORKER, mfa=False)
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    use_language(page, lang)
    assert_our_layout(page)
    page.locator("input[name=login]").fill("nina")
    page.locator("input[name=password]").fill(newcomer.password)
    submit(page, "password")

    # No client data before MFA: allauth asks for the password again, then shows the QR code.
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    assert_our_layout(page)
    assert_no_axe_violations(page)
    page.locator("input[name=password]").fill(newcomer.password)
    submit(page, "password")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    qr = page.locator("main img.qr-code")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code must show"
    assert_no_axe_violations(page)

    page.locator("input[name=code]").fill("000000")
    submit(page, "code")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".field-error input[name=code]")).to_be_visible()
    assert not Authenticator.objects.filter(user=newcomer.user).exists()
    assert_no_axe_violations(page)

    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    submit(page, "code")

    # Recovery codes are made at once and shown.
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    codes = page.locator("textarea#recovery_codes").input_value().split()
    assert len(codes) == 10
    assert_no_axe_violations(page)

    # The security page that the header's menu links to.
    page.get_by_role("navigation").get_by_role(
        "link", name=translated(lang, "Security")).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/$"))
    assert_our_layout(page)
    assert_no_axe_violations(page)

    # Password change: a mismatch is refused with the error by the field, then it works.
    page.goto(f"{live_server.url}/accounts/password/change/")
    page.locator("input[name=oldpassword]").fill(newcomer.password)
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD + "!")
    submit(page, "oldpassword")
    expect(page.locator(".field-error input[name=password2]")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("input[name=oldpassword]").fill(newcomer.password)
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    submit(page, "oldpassword")
    expect(page.locator(".messages")).to_be_visible()
    newcomer.user.refresh_from_db()
    assert newcomer.user.check_password(NEW_PASSWORD)

    # Logout through its confirmation page.
    page.goto(f"{live_server.url}/accounts/logout/")
    assert_no_axe_violations(page)
    page.locator("main form[method=post] [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("header .who")).to_have_count(0)
    assert page.locator("html").get_attribute("lang") == lang, "the language outlives a session"

    # The app just set up lets nina in, with the new password; a used code is refused.
    page.goto(f"{live_server.url}/clients/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.locator("input[name=login]").fill("nina")
    page.locator("input[name=password]").fill(NEW_PASSWORD)
    submit(page, "password")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(codes[0])
    submit(page, "code")
    page.wait_for_url(re.compile(r"/clients/"))


def test_wrong_totp_code_is_refused_on_the_code_page(page, live_server, coordinator):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill("alice")
    page.locator("input[name=password]").fill(coordinator.password)
    submit(page, "password")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_our_layout(page)
    wrong = (int(totp_code(coordinator.totp_secret)) + 1) % 1_000_000
    page.locator("input[name=code]").fill(f"{wrong:06}")
    submit(page, "code")
    expect(page.locator(".field-error input[name=code]")).to_be_visible()
    assert "/accounts/2fa/authenticate/" in page.url
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/clients/")
    assert "/accounts/2fa/authenticate/" in page.url, "no way in without the second factor"
    page.locator("input[name=code]").fill(totp_code(coordinator.totp_secret))
    submit(page, "code")
    # In: the home page (or the list she asked for), no longer the code page.
    page.wait_for_url(re.compile(r"/(clients/)?$"))
    assert "/accounts/2fa/" not in page.url


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_pages_linked_from_the_login_page(page, live_server, lang):
    """Password reset is by a coordinator: the login page says so and links to no e-mail
    reset, whose address says the same; the sign-up page is closed."""
    page.goto(f"{live_server.url}/accounts/login/")
    use_language(page, lang)
    expect(page.locator("main a[href*='/accounts/password/reset/']")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(translated(lang, (
        "Forgotten your password? Ask a coordinator of your organisation to reset your "
        "sign-in.")))
    page.goto(f"{live_server.url}/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated(lang, "Forgotten password"))
    assert_our_layout(page)
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/accounts/signup/")
    assert_our_layout(page)
    expect(page.locator("input[name=password1]")).to_have_count(0)
    assert_no_axe_violations(page)


def test_axe_check_is_not_vacuous(page, page_without_js, live_server):
    """The helper sees violations (an image without a text alternative, no lang), also on
    a page where JavaScript is off, which it checks through a copy."""
    for where in (page, page_without_js):
        where.route(f"{live_server.url}/broken/", lambda route: route.fulfill(
            body="<!doctype html><title>t</title><main><img src='data:,'></main>",
            content_type="text/html"))
        where.goto(f"{live_server.url}/broken/")
        found = {v["id"] for v in axe_violations(where)}
        assert {"image-alt", "html-has-lang"} <= found
