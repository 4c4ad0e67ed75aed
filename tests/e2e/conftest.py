"""Browser journeys: Playwright (sync API) driving Debian's chromium, axe-core for WCAG 2.2 AA.

One browser for the whole session; a fresh context (cookies, language) per test. Reuse:

    def test_something(page, live_server, coordinator):
        login(page, live_server, coordinator.user, coordinator.totp_secret)
        page.goto(live_server.url + "/clients/")
        assert_no_axe_violations(page)
"""

import os
import re
import shutil
import time
from dataclasses import dataclass

import pytest

CHROMIUM = os.environ.get("REINTEGRA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run",
]
# WCAG 2.2 AA: the A and AA rules of 2.0, 2.1 and 2.2 (2.2 added no A rule that axe checks).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The site's default language is Polish; a Polish browser is what most of its users have.
DEFAULT_LOCALE = "pl-PL"


@dataclass
class Staff:
    """A staff user and the TOTP secret of their authenticator app."""

    user: object
    totp_secret: str
    password: str


# --- the browser ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (Debian's chromium package)")
    # Playwright's sync API keeps an event loop running in this thread, so Django would
    # refuse the tests' own ORM calls (making users, reading rows back) as "async unsafe".
    # Only while browser tests run: set at import, it would reach `make test` too.
    with pytest.MonkeyPatch.context() as env, sync_playwright() as pw:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                     headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale=DEFAULT_LOCALE)
    context.set_default_timeout(10_000)
    yield context
    context.close()


def watch(page):
    """Collect what goes wrong in the browser: console errors (CSP violations are reported
    there), uncaught exceptions, and stylesheets, scripts or images that fail to load."""
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda req: errors.append(f"{req.url}: {req.failure}"))
    page.on("response", lambda resp: errors.append(f"{resp.url}: HTTP {resp.status}")
            if resp.status >= 400 and resp.request.resource_type != "document" else None)
    return errors


def assert_no_browser_errors(errors):
    # A page answered 404 or 403 on purpose makes chromium log "Failed to load resource";
    # the response handler in watch() already tells which subresources really failed.
    faults = [e for e in errors
              if not e.startswith("Failed to load resource") and "/favicon.ico" not in e]
    assert not faults, "Errors in the browser:\n" + "\n".join(faults)


@pytest.fixture
def page(context):
    """A page; the test fails on any browser error seen while it ran (see watch)."""
    page = context.new_page()
    errors = watch(page)
    yield page
    assert_no_browser_errors(errors)


@pytest.fixture
def page_without_js(browser):
    """A page in a browser with JavaScript switched off: every form must still work."""
    context = browser.new_context(locale=DEFAULT_LOCALE, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = watch(page)
    yield page
    context.close()
    assert_no_browser_errors(errors)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate limits and used TOTP codes in the cache, which the live server
    shares with the tests: start each test with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- people --------------------------------------------------------------------------------

def make_staff(username, role, organisation=None, *, mfa=True, **extra) -> Staff:
    """A staff user with a known password and, with ``mfa``, an authenticator app whose
    secret the test knows. Without an organisation: the one called "Fundacja Test"."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from reintegra.accounts.models import Organisation
    from reintegra.core.testing import PASSWORD, make_user

    if organisation is None:
        organisation, _ = Organisation.objects.get_or_create(name="Fundacja Test")
    user = make_user(username, role, organisation, mfa=False, **extra)
    secret = ""
    if mfa:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    return Staff(user=user, totp_secret=secret, password=PASSWORD)


@pytest.fixture
def coordinator(transactional_db):
    from reintegra.accounts.models import Role

    return make_staff("alice", Role.COORDINATOR, first_name="Alicja", last_name="Nowak")


@pytest.fixture
def case_worker(coordinator):
    """bob, a case worker in the coordinator's organisation."""
    from reintegra.accounts.models import Role

    return make_staff("bob", Role.CASE_WORKER, coordinator.user.organisation,
                      first_name="Bogdan", last_name="Wiśniewski")


# --- steps reused by journeys --------------------------------------------------------------

def totp_code(secret: str) -> str:
    """The code the authenticator app shows now, by allauth's own algorithm.

    Near the end of a 30 s period the code may expire in flight: then wait for the next one.
    allauth accepts each code only once per user: a test that logs the same user in twice
    must wait for the next period in between.
    """
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def submit(page, field_name):
    """Press the submit button of the form in <main> that holds the named field."""
    page.locator(f"main form:has([name={field_name}]) [type=submit]").first.click()
    page.wait_for_load_state()


def login(page, live_server, user, totp_secret, password=None, *, check_axe=False):
    """Log in through the real allauth pages: username and password, then the TOTP code.

    Stays in the language the page is in. With ``check_axe`` both pages are checked with
    axe on the way.
    """
    from reintegra.core.testing import PASSWORD

    if "/accounts/login/" not in page.url:
        page.goto(f"{live_server.url}/accounts/login/")
    if check_axe:
        assert_no_axe_violations(page)
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(password or PASSWORD)
    submit(page, "password")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    if check_axe:
        assert_no_axe_violations(page)
    page.locator("input[name=code]").fill(totp_code(totp_secret))
    submit(page, "code")
    page.wait_for_url(lambda url: "/accounts/" not in url)


def use_language(page, code):
    """Choose the language with the header's switch, as a person would (no-op if it is
    already the page's language)."""
    if page.locator("html").get_attribute("lang") != code:
        page.locator(f".lang-switch button[value={code}]").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == code


def assert_reflows(page):
    """WCAG 1.4.10 (Reflow), which axe does not check: at the page's width (320 px is the
    criterion's), nothing makes the page scroll sideways."""
    overflow = page.evaluate("""() => {
      const width = document.documentElement.clientWidth;
      return Array.from(document.querySelectorAll("body *"))
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .map(e => e.outerHTML.slice(0, 120));
    }""")
    assert not overflow, f"Wider than the screen on {page.url}:\n" + "\n".join(overflow)


def translated(code, message):
    """``message`` as the site shows it in language ``code``."""
    from django.utils import translation

    with translation.override(code):
        return translation.gettext(message)


# --- axe -----------------------------------------------------------------------------------

# True where the page runs scripts: only then is <noscript> parsed as raw text.
SCRIPTS_RUN = """() => {
  const probe = document.createElement("div");
  probe.innerHTML = "<noscript><p></p></noscript>";
  return probe.querySelector("noscript p") === null;
}"""


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now."""
    if not page.evaluate(SCRIPTS_RUN):
        return _axe_on_a_copy(page)
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    return results.response["violations"]


def _axe_on_a_copy(page) -> list[dict]:
    """axe waits on timers, which never fire where JavaScript is off (it would hang): check
    the same HTML, served at the same address (so the same CSS loads), where it is on."""
    html, url = page.content(), page.url.split("#")[0]
    context = page.context.browser.new_context(viewport=page.viewport_size)
    try:
        copy = context.new_page()
        copy.route(lambda address: address.split("#")[0] == url,
                   lambda route: route.fulfill(status=200, body=html,
                                               content_type="text/html; charset=utf-8"))
        copy.goto(url)
        return axe_violations(copy)
    finally:
        context.close()


def format_violations(violations, url="") -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
                lines.append(f"      * {check['message']}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    """axe-core with the WCAG 2.2 AA rule set finds nothing on the page as it is now."""
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    assert not violations, format_violations(violations, page.url)
