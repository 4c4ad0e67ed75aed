"""A coordinator logs in with TOTP, registers a client, finds them and opens the record,
in Polish and in English, with axe (WCAG 2.2 AA) on every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    DEFAULT_LOCALE,
    assert_no_axe_violations,
    assert_reflows,
    login,
    make_staff,
    submit,
    translated,
    use_language,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OTHER_LANGUAGE = {"pl": "en", "en": "pl"}


def choose(page, field, value):
    """A long list: with JavaScript, the autocomplete (type the first letters, take the
    suggestion with the keyboard); without, the native select that it stands over."""
    select = page.locator(f"#id_{field}")
    combobox = page.locator(f"#id_{field}_input")
    if not combobox.count():
        chosen = select.evaluate("s => Array.from(s.selectedOptions).map(o => o.value)")
        select.select_option(sorted({*chosen, value}) if select.evaluate("s => s.multiple")
                             else value)
        return
    label = select.locator(f"option[value='{value}']").inner_text().strip()
    combobox.fill(label[:4])
    listbox = page.locator(f"#id_{field}_listbox")
    option = listbox.get_by_role("option", name=label, exact=True)
    expect(option).to_be_visible()
    for _ in range(13):  # at most 12 suggestions
        if option.get_attribute("aria-selected") == "true":
            break
        combobox.press("ArrowDown")
    combobox.press("Enter")
    assert value in select.evaluate("s => Array.from(s.selectedOptions).map(o => o.value)")


def fill_intake_form(page, *, team_member):
    """The intake form as a person fills it: text, dates, a multi-select, checkboxes."""
    page.locator("#id_first_name").fill("Ołena")
    page.locator("#id_second_name").fill("Kowalenko")
    page.locator("#id_chosen_name").fill("Lena")
    page.locator("#id_birth_date").fill("1994-02-03")
    page.locator("#id_phone").fill("+48 600 700 800")
    page.locator("#id_passport").fill("FX1234567")
    page.locator("#id_gender").select_option("Feminine")
    choose(page, "citizenship", "UA")
    choose(page, "citizenship", "MD")
    choose(page, "primary_language", "ukr")
    page.locator("#id_trafficking_status").select_option("PossibleVictimOfTrafficking")
    page.locator("#id_trafficking_status_decided_by").select_option("NGO")
    page.locator("input[name=exploitation_types][value=ForcedLabour]").check()
    page.locator("input[name=exploitation_types][value=Servitude]").check()
    page.locator("input[name=control_methods][value=WithholdsDocuments]").check()
    choose(page, "exploitation_country", "PL")
    page.locator("#id_referral_organisation").fill("Straż Graniczna")
    page.locator("#id_referral_date").fill("2026-03-01")
    page.locator("#id_referral_reason").select_option("AdditionalServicesRequired")
    page.locator("#id_referral_details").fill("Przyjęta po pobycie w schronisku.")
    page.locator(f"input[name=team][value='{team_member.pk}']").check()


def search(page, text):
    """Search the client list: a POST, the page comes back with a token in the URL (the
    text stays in the session, never in the URL)."""
    page.locator("#id_q").fill(text)
    page.locator("main form[role=search] [type=submit]").click()
    page.wait_for_url(re.compile(r"[?&]s="))
    page.wait_for_load_state()
    assert "q=" not in page.url


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_coordinator_registers_finds_and_opens_a_client(page, live_server, coordinator,
                                                         case_worker, lang):
    from reintegra.clients.models import Client
    from reintegra.vault.models import DataKey

    # Log in: the login page, a failed attempt, the TOTP code page.
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "pl", "the site default is Polish"
    use_language(page, lang)
    page.locator("input[name=login]").fill("alice")
    page.locator("input[name=password]").fill("not the password")
    submit(page, "password")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    login(page, live_server, coordinator.user, coordinator.totp_secret, check_axe=True)

    # The list, empty.
    page.get_by_role("navigation").get_by_role("link", name=translated(lang, "Clients")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translated(lang, "Clients"))
    expect(page.locator("#results")).to_contain_text(
        translated(lang, "There are no clients you can see yet."))
    assert_no_axe_violations(page)

    # The intake form, sent empty: errors next to the fields and in the summary, no client.
    page.get_by_role("link", name=translated(lang, "Register a client")).click()
    expect(page.locator("#id_first_name")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("main form[method=post] [type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # reintegra.js moves focus there for screen readers
    expect(summary.locator("a[href='#id_first_name']")).to_be_visible()
    expect(page.locator(".field-error #id_first_name")).to_be_visible()
    assert Client.objects.count() == 0
    assert_no_axe_violations(page)

    # The intake form, filled in.
    fill_intake_form(page, team_member=case_worker.user)
    page.locator("main form[method=post] [type=submit]").click()
    page.wait_for_url(re.compile(r"/clients/\d+/$"))
    client = Client.objects.get()
    assert DataKey.objects.count() == 1, "the live server wrote the data key to the keystore"
    assert {country.code for country in client.citizenship} == {"UA", "MD"}
    assert set(client.exploitation_types) == {"ForcedLabour", "Servitude"}
    assert list(client.control_methods) == ["WithholdsDocuments"]
    assert {m.user_id for m in client.team_members.all()} == {coordinator.user.pk,
                                                               case_worker.user.pk}
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{client.code}: Ołena Kowalenko")
    expect(page.locator("#case-h + .summary")).to_contain_text(
        translated(lang, "Ukraine"))
    assert_no_axe_violations(page)

    # Found in the list by full name (normalised), by the beginning of a word, and by code.
    page.get_by_role("link", name=translated(lang, "All clients")).click()
    search(page, "  olena  KOWALENKO ")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results").get_by_role("link", name=client.code)).to_be_visible()
    assert_no_axe_violations(page)
    search(page, "Kowal")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    search(page, "Zzyzx")
    expect(page.locator("#results tbody tr")).to_have_count(0)
    expect(page.locator("#results")).to_contain_text(
        translated(lang, "No clients match these filters. Try another spelling or the "
                         "beginning of the name (at least 3 letters)."))
    assert_no_axe_violations(page)
    search(page, client.code)
    expect(page.locator("#results tbody tr")).to_have_count(1)

    # The record, then the header's language switch there and back.
    page.locator("#results").get_by_role("link", name=client.code).click()
    page.wait_for_url(re.compile(rf"/clients/{client.pk}/$"))
    other = OTHER_LANGUAGE[lang]
    for code in (other, lang):
        use_language(page, code)
        assert page.url.endswith(f"/clients/{client.pk}/"), "the switch stays on the page"
        expect(page.locator("#case-h")).to_have_text(translated(code, "Case"))
        assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_a_forged_or_foreign_client_id_gives_the_404_page(page, live_server, coordinator,
                                                          lang):
    from reintegra.accounts.models import Organisation, Role
    from reintegra.core.testing import make_client

    other_org = Organisation.objects.create(name="Other Foundation", client_code_prefix="OF")
    oscar = make_staff("oscar", Role.COORDINATOR, other_org)
    foreign = make_client(oscar.user)

    page.goto(f"{live_server.url}/accounts/login/")
    use_language(page, lang)
    login(page, live_server, coordinator.user, coordinator.totp_secret)
    for pk in (foreign.pk, foreign.pk + 1000, 2**62):
        response = page.goto(f"{live_server.url}/clients/{pk}/")
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text(
            translated(lang, "Page not found"))
        expect(page.locator("main")).not_to_contain_text(foreign.code)
    assert_no_axe_violations(page)


def test_intake_works_without_javascript(page_without_js, live_server, coordinator,
                                         case_worker):
    from reintegra.clients.models import Client

    page = page_without_js
    login(page, live_server, coordinator.user, coordinator.totp_secret)
    page.goto(f"{live_server.url}/clients/new/")
    page.locator("main form[method=post] [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()
    assert Client.objects.count() == 0

    fill_intake_form(page, team_member=case_worker.user)
    page.locator("main form[method=post] [type=submit]").click()
    page.wait_for_url(re.compile(r"/clients/\d+/$"))
    client = Client.objects.get()
    assert {country.code for country in client.citizenship} == {"UA", "MD"}

    # Without JavaScript the search form is an ordinary POST form.
    page.goto(f"{live_server.url}/clients/")
    page.locator("#id_q").fill("Ołena Kowalenko")
    page.locator("main form[role=search] [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#results").get_by_role("link", name=client.code)).to_be_visible()


def test_pages_reflow_on_a_320px_screen(browser, live_server, coordinator, case_worker):
    from reintegra.core.testing import make_client

    client = make_client(coordinator.user, team=[case_worker.user])
    context = browser.new_context(locale=DEFAULT_LOCALE, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        assert_reflows(page)
        login(page, live_server, coordinator.user, coordinator.totp_secret)
        for path in ("/clients/", "/clients/new/", f"/clients/{client.pk}/", "/accounts/2fa/"):
            page.goto(f"{live_server.url}{path}")
            assert_reflows(page)
    finally:
        context.close()
