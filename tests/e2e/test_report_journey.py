"""The coordinator prepares the public programme report: the form, the job page with its
progress bar (htmx polling, no inline script), then the download. axe (WCAG 2.2 AA) on
each page.

The task worker is not running during the test: the test runs the queued task itself,
in-process, with ``manage.py db_worker --batch`` (the same command a deployment runs,
which processes what is queued and exits), while the page keeps polling."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_axe_violations, login, translated, use_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_coordinator_prepares_and_downloads_the_public_report(page, live_server, coordinator,
                                                              media, lang):
    from reintegra.core.testing import make_client
    from reintegra.privacy.services import record_consent
    from reintegra.reports.models import ReportJob

    for _i in range(3):
        client = make_client(coordinator.user)
        record_consent(actor=coordinator.user, client=client, purpose="statistics",
                       given_on=client.intake_date, language="pol",
                       explained_by=coordinator.user, items_explained=["purpose"])

    page.goto(f"{live_server.url}/accounts/login/")
    use_language(page, lang)
    login(page, live_server, coordinator.user, coordinator.totp_secret)
    page.get_by_role("navigation").get_by_role(
        "link", name=translated(lang, "Reports")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated(lang, "Programme report"))
    assert_no_axe_violations(page)

    page.locator("#id_start").fill("2026-01-01")
    page.locator("#id_end").fill("2026-12-31")
    page.get_by_role("button", name=translated(lang, "Prepare the report")).click()
    progress = page.locator("progress#job-progress")
    expect(progress).to_be_visible()
    assert_no_axe_violations(page)

    call_command("db_worker", "--batch", stdout=io.StringIO(), stderr=io.StringIO())
    job = ReportJob.objects.get()
    assert job.status == "done"

    link = page.get_by_role("link", name=translated(lang, "Download %(name)s")
                            % {"name": job.filename})
    expect(link).to_be_visible(timeout=10_000)  # the polling has fetched the new state
    assert_no_axe_violations(page)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == job.filename
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
