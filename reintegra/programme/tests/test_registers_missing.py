"""Past sessions without a register (issue 10): the list behind the coordinator's home block
"Registers not taken" and the trainer's "registers to take"."""

import datetime as dt

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reintegra.core.testing import make_client
from reintegra.programme import services
from reintegra.programme.tests.factories import make_offering, make_venue

TODAY = timezone.localdate
URL = "/programme/sessions/no-register/"


def _course(people, trainer=None, weeks=6, **fields):
    """A course that started ``weeks`` weeks ago, one client enrolled from its first day."""
    course = make_offering(people.alice, trainer=trainer, weekdays=("0", "1", "2", "3", "4"),
                           start=TODAY() - dt.timedelta(weeks=weeks), weeks=weeks + 1,
                           capacity=5, **fields)
    services.enrol_client(actor=people.alice, client=make_client(people.alice),
                          offering=course, acknowledge_warnings=True, today=course.start_date)
    return course


def test_the_list_pages_past_sessions_without_a_register_in_fixed_queries(client, people):
    assert reverse("programme:registers_missing") == URL
    course = _course(people, trainer=people.tina, weeks=8)
    past = list(course.sessions.filter(date__lt=TODAY()).order_by("-date"))
    assert len(past) > 25  # more than a page
    taken = past[0]
    services.mark_attendance(actor=people.tina, session=taken, marks={
        course.enrolments.get().client_id: "present"})
    client.force_login(people.alice)
    client.get(URL)  # the first request of a session costs more (not the page's doing)
    with CaptureQueriesContext(connection) as first:
        body = client.get(URL).content.decode()
    assert reverse("programme:register", args=[taken.pk]) not in body
    assert reverse("programme:register", args=[past[1].pk]) in body  # newest first
    assert "Page 1 of 2" in body
    with CaptureQueriesContext(connection) as second:
        body = client.get(URL + "?page=2").content.decode()
    assert reverse("programme:register", args=[past[-1].pk]) in body
    assert len(first) == len(second)


def test_a_trainer_sees_her_own_sessions_only_and_others_are_refused(client, people):
    mine = _course(people, trainer=people.tina, weeks=1)
    other = _course(people, trainer=None, weeks=1, venue=make_venue(people.org, "Room 9"),
                    start_time=dt.time(9), end_time=dt.time(10))
    client.force_login(people.tina)
    body = client.get(URL).content.decode()
    mine_past = mine.sessions.filter(date__lt=TODAY()).first()
    other_past = other.sessions.filter(date__lt=TODAY()).first()
    assert reverse("programme:register", args=[mine_past.pk]) in body
    assert reverse("programme:register", args=[other_past.pk]) not in body
    for name in ("bob", "lena", "dora"):
        client.force_login(getattr(people, name))
        assert client.get(URL).status_code == 403


def test_empty_in_both_languages(client, people):
    client.force_login(people.alice)
    body = client.get(URL).content.decode()
    assert "Every register of a past session has been taken." in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    body = client.get(URL).content.decode()
    assert "Obecność na wszystkich minionych zajęciach została sprawdzona." in body


def test_the_home_blocks_more_link_leads_here(people):
    from django.utils import translation

    from reintegra.programme.home import registers_block

    _course(people, trainer=people.tina, weeks=3)  # a dozen past sessions, none taken
    with translation.override("en"):
        block = registers_block(actor=people.alice, today=TODAY())
    assert block.context["more_url"] == URL and len(block.context["rows"]) == 8
