import datetime as dt

import pytest
from django.utils import timezone

from reintegra.legal import services


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def certificate(people, team_client, today):
    """A certificate issued 70 days ago: it expires in about 20 days."""
    return services.record_status(actor=people.lena, client=team_client, data={
        "kind": "certificate_170", "stage": "granted", "authority": "border_guard",
        "issued_on": today - dt.timedelta(days=70)}, reference="SG-123/26",
        note="Secret legal remark")


@pytest.fixture(autouse=True)
def _rules(request):
    """The shipped deadline rules, also after a transactional test elsewhere flushed the
    database (which empties what migrations loaded)."""
    if "db" in request.fixturenames or "people" in request.fixturenames or (
            request.node.get_closest_marker("django_db")):
        from reintegra.legal.rules import install_shipped_rules

        request.getfixturevalue("db")
        install_shipped_rules()


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests read English messages; the Polish ones are checked where they matter."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
