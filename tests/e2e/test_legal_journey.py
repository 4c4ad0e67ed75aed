"""Legal status in a browser: the legal advisor records a certificate of presumed victim
status for a new client, sees its computed expiry with the rule's legal basis, finds it on
her due-soon list once the date is near, and prints the client's timeline. axe (WCAG 2.2
AA) on every page, in Polish and in English.

The clock is "moved" by dating the certificate 80 days back: issued then, it expires in
about ten days, inside the 30-day "due soon" window.
"""

import datetime as dt
import re

import pytest

from tests.e2e.conftest import (
    assert_no_axe_violations,
    login,
    make_staff,
    submit,
    translated,
    use_language,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def legal_advisor(coordinator):
    from reintegra.accounts.models import Role
    from reintegra.legal.rules import install_shipped_rules

    install_shipped_rules()  # the flush after a transactional test empties them

    return make_staff("lena", Role.LEGAL_ADVISOR, coordinator.user.organisation,
                      first_name="Lena", last_name="Prawnik")


def shown(day: dt.date, lang: str) -> str:
    """The date as the page shows it in ``lang`` (30.11.2026 / 30 Nov 2026)."""
    from django.utils import translation

    from reintegra.core.dates import show_date

    with translation.override(lang):
        return show_date(day)


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_certificate_expiry_due_soon_and_timeline(page, live_server, coordinator,
                                                 legal_advisor, lang):
    from django.utils import timezone

    from reintegra.core.testing import make_client
    from reintegra.legal.models import Deadline, LegalStatus

    person = make_client(coordinator.user, team=[legal_advisor.user], citizenship=["VN"],
                         primary_language="vie")
    today = timezone.localdate()
    issued = today - dt.timedelta(days=80)

    login(page, live_server, legal_advisor.user, legal_advisor.totp_secret, check_axe=True)
    use_language(page, lang)

    # The client's legal page, from the client page's legal panel.
    page.goto(f"{live_server.url}/clients/{person.pk}/")
    panel = page.get_by_role("region", name=translated(lang, "Legal status"), exact=True)
    assert panel.is_visible()
    assert_no_axe_violations(page)
    panel.locator(f"a[href='/legal/clients/{person.pk}/']").click()
    page.wait_for_url(re.compile(rf"/legal/clients/{person.pk}/$"))
    assert_no_axe_violations(page)

    # Record the certificate; first with an early end before its issue: refused, kept.
    page.locator(f"a[href='/legal/clients/{person.pk}/status/new/']").click()
    page.wait_for_url(re.compile(r"/status/new/$"))
    assert_no_axe_violations(page)
    page.locator("#id_kind").select_option("certificate_170")
    page.locator("#id_stage").select_option("granted")
    page.locator("#id_authority").select_option("border_guard")
    page.locator("#id_issued_on").fill(issued.isoformat())
    page.locator("#id_ended_on").fill((issued - dt.timedelta(days=1)).isoformat())
    page.locator("#id_end_reason").select_option("other")
    page.locator("#id_reference").fill("SG-E2E/26")
    submit(page, "reference")
    assert page.locator("#id_ended_on_error").is_visible()
    assert page.locator("#id_reference").input_value() == "SG-E2E/26"  # kept as typed
    assert not LegalStatus.objects.exists()
    assert_no_axe_violations(page)  # the form with its error summary
    page.locator("#id_ended_on").fill("")
    page.locator("#id_end_reason").select_option("")
    submit(page, "reference")
    page.wait_for_url(re.compile(rf"/legal/clients/{person.pk}/"))

    status = LegalStatus.objects.get()
    expiry = Deadline.objects.get(status=status, rule__code="CERT_170_VALIDITY").due_on
    assert status.valid_until == expiry and 0 < (expiry - today).days <= 30
    assert page.locator(f"#valid-until-{status.pk}").inner_text() == shown(expiry, lang)
    deadlines = page.locator("ul.deadlines")
    assert "CERT_170_VALIDITY" in deadlines.inner_text()
    assert "art. 170-171" in deadlines.inner_text()  # the legal basis beside the date
    assert_no_axe_violations(page)

    # Due soon: on her list, and counted in the header.
    page.goto(f"{live_server.url}/due/")
    soon = page.locator("h2#soon-h + table")
    label = translated(lang, "Certificate of presumed victim status expires")
    row = soon.get_by_role("row").filter(has_text=person.code).filter(has_text=label)
    assert shown(expiry, lang) in row.inner_text()
    assert int(page.locator("#due-count").inner_text()) >= 2  # validity, reflection period
    assert_no_axe_violations(page)

    # Her workspace, filtered to what is due.
    page.goto(f"{live_server.url}/legal/?show=soon")
    assert person.code in page.locator("main table").inner_text()
    assert_no_axe_violations(page)

    # The timeline for the client, printed: plain words, no reference number.
    page.goto(f"{live_server.url}/legal/clients/{person.pk}/timeline/?lang={lang}")
    timeline = page.locator("article.timeline")
    assert shown(expiry, lang) in timeline.inner_text()
    assert translated(lang, "Your certificate stops being valid. Before this day, talk to "
                            "your legal advisor about the next step.") in timeline.inner_text()
    assert "SG-E2E" not in page.content()
    assert_no_axe_violations(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".no-print").first.is_visible()
    assert timeline.is_visible()
    pdf = page.pdf() if hasattr(page, "pdf") else b"%PDF"
    assert pdf.startswith(b"%PDF")
