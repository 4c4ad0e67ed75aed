"""The DPO follows who has seen a record: the panel on the client page, the full history,
the organisation's trail with filters; and the error pages. axe (WCAG 2.2 AA) on each,
in Polish and in English."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    assert_no_axe_violations,
    login,
    make_staff,
    translated,
    use_language,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dpo(coordinator):
    from reintegra.accounts.models import Role

    return make_staff("dora", Role.DPO, coordinator.user.organisation,
                      first_name="Dorota", last_name="Wiśniewska")


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_dpo_sees_who_has_seen_a_record(page, live_server, coordinator, case_worker, dpo,
                                        lang):
    from reintegra.audit.models import Action
    from reintegra.audit.services import record
    from reintegra.core.testing import make_client

    client = make_client(coordinator.user, team=[case_worker.user])
    record(actor=case_worker.user, action=Action.VIEW, obj=client)

    page.goto(f"{live_server.url}/accounts/login/")
    use_language(page, lang)
    login(page, live_server, dpo.user, dpo.totp_secret)

    # The client page: codes only for the DPO, and the panel naming the case worker.
    page.goto(f"{live_server.url}/clients/{client.pk}/")
    panel = page.locator("section[aria-labelledby=access-history-h]")
    expect(panel.get_by_role("heading", level=2)).to_have_text(
        translated(lang, "Who has seen this record"))
    expect(panel).to_contain_text(case_worker.user.get_full_name())
    assert_no_axe_violations(page)

    # The full history, which records that the DPO opened it.
    panel.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(client.code)
    expect(page.locator("main table")).to_contain_text(dpo.user.get_full_name())
    assert_no_axe_violations(page)

    # The organisation's trail, through the menu, then filtered.
    page.get_by_role("navigation").get_by_role(
        "link", name=translated(lang, "Audit trail")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(translated(lang, "Audit trail"))
    assert_no_axe_violations(page)
    page.locator("#id_action").select_option("view")
    page.locator("#id_user").select_option(str(case_worker.user.pk))
    page.locator("main form[role=search] [type=submit]").click()
    page.wait_for_load_state()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(client.code)

    # A reversed date range: the error next to the field and in the summary.
    page.locator("#id_date_from").fill("2026-05-02")
    page.locator("#id_date_to").fill("2026-05-01")
    page.locator("main form[role=search] [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_error_pages_are_accessible(page, live_server, coordinator, lang):
    page.goto(f"{live_server.url}/accounts/login/")
    use_language(page, lang)
    login(page, live_server, coordinator.user, coordinator.totp_secret)
    for path, status in (("/clients/999999/", 404), ("/audit/", 403),
                         ("/clients/?page=x", 400)):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == status
        assert page.locator("html").get_attribute("lang") == lang
        expect(page.locator("main code")).to_have_text(response.headers["x-request-id"])
        assert_no_axe_violations(page)
