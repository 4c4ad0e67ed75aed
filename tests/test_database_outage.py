"""A database that cannot be reached answers 503 "temporarily unavailable", never a traceback
(issue 12, item 4), and a service cut off mid-transaction leaves nothing written.

The real outage (PostgreSQL restarted under load) is ``make load-faults`` (bench/load/);
here the driver's error is raised where it would surface: in a view, in a middleware's
session lookup, and between the writes of a service.
"""

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone

from reintegra.core.testing import make_client
from reintegra.programme import services as programme_services
from reintegra.programme.models import Attendance
from reintegra.programme.tests.factories import make_offering

CAUSE = "connection to server at 127.0.0.1, port 5432 failed: Connection refused"


@login_not_required
def _database_down(request):
    raise OperationalError(CAUSE)


@login_not_required
def _stale_connection(request):
    raise InterfaceError("connection already closed")


urlpatterns = [
    path("down/", _database_down),
    path("stale/", _stale_connection),
    path("", include("reintegra.urls")),
]
handler500 = "reintegra.core.errors.server_error"


def _browser(language="pl", **headers) -> Client:
    browser = Client(raise_request_exception=False, **headers)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return browser


def _assert_quiet(response):
    body = response.content.decode()
    for leak in ("Traceback", "OperationalError", "InterfaceError", "127.0.0.1", "5432",
                 "Connection refused", "connection already closed"):
        assert leak not in body
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.urls(__name__)
def test_a_database_outage_is_a_503_in_polish_with_english_below(db):
    response = _browser("pl").get("/down/")
    assert response.status_code == 503
    _assert_quiet(response)
    body = response.content.decode()
    assert body.index("Serwis jest chwilowo niedostępny") < body.index(
        "The service is temporarily unavailable")
    assert '<html lang="pl">' in body


@pytest.mark.urls(__name__)
def test_in_english_the_english_comes_first(db):
    response = _browser("en").get("/stale/")
    assert response.status_code == 503
    _assert_quiet(response)
    body = response.content.decode()
    assert body.index("The service is temporarily unavailable") < body.index(
        "Serwis jest chwilowo niedostępny")


@pytest.mark.urls(__name__)
def test_a_client_that_asked_for_json_gets_json(db):
    response = _browser("pl").get("/down/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "service_unavailable"
    assert "chwilowo niedostępny" in response.json()["detail"]
    _assert_quiet(response)


@pytest.mark.urls(__name__)
def test_htmx_gets_a_fragment_to_swap_in(db):
    response = _browser("en").get("/down/", HTTP_HX_REQUEST="true")
    assert response.status_code == 503
    body = response.content.decode()
    assert "<html" not in body and 'role="alert"' in body
    assert "The service is temporarily unavailable" in body
    _assert_quiet(response)


def test_an_outage_in_a_middleware_is_a_503_too(people):
    """The session is read by SessionMiddleware, before any view: the same 503."""
    browser = _browser("pl")
    browser.force_login(people.alice)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore._get_session_from_db",
                    side_effect=OperationalError(CAUSE)):
        response = browser.get(reverse("clients:list"))
    assert response.status_code == 503
    assert "Serwis jest chwilowo niedostępny" in response.content.decode()
    _assert_quiet(response)


def test_other_errors_stay_500(people):
    browser = _browser("en")
    browser.force_login(people.alice)
    with mock.patch("reintegra.clients.views.selectors.client_list",
                    side_effect=RuntimeError("not the database")):
        response = browser.get(reverse("clients:list"))
    assert response.status_code == 500


@pytest.fixture
def held_session(people, team_client):
    today = timezone.localdate()
    offering = make_offering(people.alice, trainer=people.tina,
                             start=today - dt.timedelta(weeks=3, days=today.weekday()))
    programme_services.enrol_client(actor=people.bob, client=team_client, offering=offering,
                                    acknowledge_warnings=True, today=offering.start_date)
    other = make_client(people.alice, team=[people.bob], owner=people.bob)
    programme_services.enrol_client(actor=people.bob, client=other, offering=offering,
                                    acknowledge_warnings=True, today=offering.start_date)
    session = offering.sessions.filter(date__lte=today).order_by("date").first()
    return session, [team_client.pk, other.pk]


def test_an_attendance_save_cut_off_mid_transaction_writes_nothing(people, held_session):
    """The marks are inserted, then the audit row fails (the connection dropped): the
    register's transaction rolls back as a whole, the page is the 503, and a retry saves."""
    session, roster = held_session
    browser = _browser("pl")
    browser.force_login(people.tina)
    marks = {f"mark-{pk}": "present" for pk in roster}
    with mock.patch("reintegra.programme.services.record",
                    side_effect=OperationalError(CAUSE)) as audit:
        response = browser.post(reverse("programme:register", args=[session.pk]), marks)
    assert audit.called, "the failure was not reached after the marks were written"
    assert response.status_code == 503
    _assert_quiet(response)
    assert not Attendance.objects.filter(session=session).exists()
    retry = browser.post(reverse("programme:register", args=[session.pk]), marks)
    assert retry.status_code == 302
    assert set(Attendance.objects.filter(session=session).values_list("client_id", "status")) == {
        (pk, "present") for pk in roster}
