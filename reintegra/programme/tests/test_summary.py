"""The running totals of attendance (``programme.summary``) stay equal to a count of the
rows themselves whatever changes: a register taken and retaken, a session's times, a
cancellation, a marked session moved past today; the home page's hours read them."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.cache import caches
from django.utils import timezone, translation

from reintegra.core.testing import make_client
from reintegra.programme import services, summary
from reintegra.programme.home import hours_per_activity
from reintegra.programme.models import ATTENDED, Attendance, Offering, Session
from reintegra.programme.tests.factories import make_offering

TODAY = timezone.localdate


def _counted(offering):
    """What the totals should be, counted from the attendance rows."""
    sessions = {}
    for s in Session.objects.filter(offering=offering):
        n = Attendance.objects.filter(session=s, status__in=ATTENDED).count()
        sessions[s.pk] = n
    hours = sum((s.hours * sessions[s.pk] for s in Session.objects.filter(
        offering=offering, cancelled=False)), Decimal(0))
    return sessions, hours


def _kept(offering):
    return (dict(Session.objects.filter(offering=offering).values_list("pk", "attended")),
            Offering.objects.get(pk=offering.pk).attended_hours)


def _hours_from_rows(actor, today):
    """The home page's figure counted the old way: every attendance row."""
    month_start = today.replace(day=1)
    hours = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for a in Attendance.objects.filter(
            session__offering__organisation_id=actor.organisation_id, status__in=ATTENDED,
            session__cancelled=False, session__date__lte=today).select_related(
            "session__offering__activity"):
        name = a.session.offering.activity.name_en
        hours[name][1] += a.session.hours
        if a.session.date >= month_start:
            hours[name][0] += a.session.hours
    return sorted(((n, m, t) for n, (m, t) in hours.items()), key=lambda x: -x[2])


def _home_hours(actor, today):
    caches["local"].clear()
    with translation.override("en"):
        return hours_per_activity(actor=actor, today=today)


def test_the_totals_follow_the_register_and_the_sessions(people):
    course = make_offering(people.alice, trainer=people.tina, weeks=6,
                           start=TODAY() - dt.timedelta(days=30))
    other = make_offering(people.alice, trainer=people.tina, weeks=6, label="other",
                          start=TODAY() - dt.timedelta(days=30), start_time=dt.time(9),
                          end_time=dt.time(11))
    a, b = (make_client(people.alice) for _ in range(2))
    for offering in (course, other):
        for person in (a, b):
            services.enrol_client(actor=people.alice, client=person, offering=offering,
                                  acknowledge_warnings=True, today=offering.start_date)
    held = list(course.sessions.filter(date__lt=TODAY()).order_by("date"))
    services.mark_attendance(actor=people.tina, session=held[0],
                             marks={a.pk: "present", b.pk: "late"})
    services.mark_attendance(actor=people.tina, session=held[1],
                             marks={a.pk: "absent", b.pk: "present"})
    services.mark_attendance(actor=people.tina, session=other.sessions.order_by("date")[0],
                             marks={a.pk: "present", b.pk: "excused"})
    assert _kept(course) == _counted(course)
    assert _kept(course)[1] == Decimal("4.50")  # three marks of 1.5 h
    assert _kept(other) == _counted(other) and _kept(other)[1] == Decimal("2.00")
    first = other.sessions.order_by("date")[0]
    assert Session.objects.filter(pk=first.pk).values_list("marks", "attended").get() == (2, 1)
    services.mark_attendance(actor=people.tina, session=first,
                             marks={a.pk: "absent", b.pk: "absent"})  # taken, nobody came
    assert Session.objects.filter(pk=first.pk).values_list("marks", "attended").get() == (2, 0)
    from reintegra.programme.home import registers_not_taken

    untaken = set(registers_not_taken(actor=people.alice, today=TODAY()))
    assert first not in untaken and held[0] not in untaken and held[2] in untaken
    assert _home_hours(people.alice, TODAY()) == _hours_from_rows(people.alice, TODAY())

    # The register retaken: a presence becomes an absence.
    services.mark_attendance(actor=people.tina, session=held[0],
                             marks={a.pk: "absent", b.pk: "late"})
    assert _kept(course) == _counted(course) and _kept(course)[1] == Decimal("3.00")
    # The session made longer, then cancelled.
    services.save_session(actor=people.alice, offering=course, session=held[1],
                          date=held[1].date, start_time=dt.time(16), end_time=dt.time(18, 30))
    assert _kept(course) == _counted(course) and _kept(course)[1] == Decimal("4.00")
    assert _home_hours(people.alice, TODAY()) == _hours_from_rows(people.alice, TODAY())
    services.save_session(actor=people.alice, offering=course, session=held[0],
                          date=held[0].date, start_time=held[0].start_time,
                          end_time=held[0].end_time, cancelled=True)
    assert _kept(course) == _counted(course)
    assert _home_hours(people.alice, TODAY()) == _hours_from_rows(people.alice, TODAY())
    # A marked session moved past today: not delivered yet, on the home page either.
    later = TODAY() + dt.timedelta(days=1)
    services.save_session(actor=people.alice, offering=course, session=held[1],
                          date=later, start_time=dt.time(6), end_time=dt.time(7))
    assert _kept(course) == _counted(course)
    assert _home_hours(people.alice, TODAY()) == _hours_from_rows(people.alice, TODAY())
    # Another day's view (the month and what had been held by then).
    for day in (TODAY() - dt.timedelta(days=10), later + dt.timedelta(days=40)):
        assert _home_hours(people.alice, day) == _hours_from_rows(people.alice, day)


def test_refresh_all_recounts_rows_made_in_bulk(people):
    course = make_offering(people.alice, trainer=people.tina,
                           start=TODAY() - dt.timedelta(days=30))
    person = make_client(people.alice)
    services.enrol_client(actor=people.alice, client=person, offering=course,
                          acknowledge_warnings=True, today=course.start_date)
    held = list(course.sessions.filter(date__lt=TODAY()))
    Attendance.objects.bulk_create([Attendance(session=s, client=person, status="present")
                                    for s in held])
    assert _kept(course)[1] == 0
    summary.refresh_all(offerings=[course.pk])
    assert _kept(course) == _counted(course)
    assert _kept(course)[1] == Decimal("1.5") * len(held)
    assert set(course.sessions.filter(date__lt=TODAY()).values_list("marks", flat=True)) == {1}
