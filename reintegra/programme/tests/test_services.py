import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.core.testing import make_client
from reintegra.programme import services
from reintegra.programme.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Offering,
    Session,
)
from reintegra.programme.selectors import available_offerings, offering_progress
from reintegra.programme.tests.factories import make_activity, make_offering, make_venue
from reintegra.vault.keyring import KeyRing

TODAY = timezone.localdate


def test_recurring_offering_plans_sessions_twice_a_week(people):
    start = dt.date(2027, 1, 4)  # a Monday
    offering = make_offering(people.alice, start=start, weeks=12, trainer=people.tina)
    dates = list(offering.sessions.values_list("date", flat=True))
    assert len(dates) == 24
    assert {d.isoweekday() for d in dates} == {2, 4}
    assert dates[0] == dt.date(2027, 1, 5) and dates[-1] == dt.date(2027, 3, 25)
    first = offering.sessions.first()
    assert (first.trainer, first.venue.name) == (people.tina, "Room 2")
    assert first.hours == pytest.approx(1.5)


def test_public_holidays_are_skipped_when_asked(people):
    # 2026-11-11 (Independence Day) is a Wednesday; 2026-11-12 a Thursday.
    offering = make_offering(people.alice, start=dt.date(2026, 11, 9), weeks=1,
                             weekdays=("3", "4"), skip_public_holidays=True)
    assert list(offering.sessions.values_list("date", flat=True)) == [dt.date(2026, 11, 12)]


def test_dates_in_the_wrong_order_are_refused_next_to_the_field(people):
    with pytest.raises(services.ProgrammeError) as caught:
        make_offering(people.alice, start=dt.date(2027, 2, 1), weeks=-1)
    assert caught.value.field == "end_date"
    assert not Offering.objects.exists() and not Session.objects.exists()


def test_trainer_double_booking_is_refused_and_nothing_saved(people):
    start = dt.date(2027, 1, 4)
    make_offering(people.alice, start=start, trainer=people.tina,
                  venue=make_venue(people.org, "Room 1"))
    with pytest.raises(services.ScheduleConflict) as caught:
        make_offering(people.alice, start=start, trainer=people.tina,
                      venue=make_venue(people.org, "Room 3"), start_time=dt.time(18))
    assert "already teaches" in " ".join(caught.value.messages)
    assert Offering.objects.count() == 1


def test_room_double_booking_is_refused(people):
    start = dt.date(2027, 1, 4)
    make_offering(people.alice, start=start)
    with pytest.raises(services.ScheduleConflict) as caught:
        make_offering(people.alice, start=start, weekdays=("4",))
    assert "Room 2 is already booked" in caught.value.messages[0]
    # Back to back is not a clash.
    make_offering(people.alice, start=start, start_time=dt.time(18, 30),
                  end_time=dt.time(20))


def test_a_client_cannot_be_in_two_overlapping_offerings(people, team_client):
    start = TODAY() + dt.timedelta(days=1)
    first = make_offering(people.alice, start=start, venue=make_venue(people.org, "Room 1"))
    second = make_offering(people.alice, start=start, venue=make_venue(people.org, "Room 3"),
                           activity=make_activity(people.org, name_en="English A1"))
    services.enrol_client(actor=people.bob, client=team_client, offering=first)
    with pytest.raises(services.ScheduleConflict) as caught:
        services.enrol_client(actor=people.bob, client=team_client, offering=second)
    assert "already has" in caught.value.messages[0]
    assert not Enrolment.objects.filter(offering=second).exists()


def test_moving_a_session_onto_an_enrolled_clients_other_session_is_refused(
        people, team_client):
    start = TODAY() + dt.timedelta(days=1)
    first = make_offering(people.alice, start=start, weekdays=("1",),
                          venue=make_venue(people.org, "Room 1"))
    second = make_offering(people.alice, start=start, weekdays=("3",),
                           venue=make_venue(people.org, "Room 3"))
    for o in (first, second):
        services.enrol_client(actor=people.bob, client=team_client, offering=o)
    target = first.sessions.first()
    moved = second.sessions.first()
    with pytest.raises(services.ScheduleConflict) as caught:
        services.save_session(actor=people.alice, offering=second, session=moved,
                              date=target.date, start_time=target.start_time,
                              end_time=target.end_time, venue=moved.venue)
    assert team_client.code in caught.value.messages[0]
    moved.refresh_from_db()
    assert moved.date != target.date


def test_capacity_waiting_list_and_promotion(people):
    offering = make_offering(people.alice, capacity=1, start=TODAY())
    first, second, third = (make_client(people.alice) for _ in range(3))
    services.enrol_client(actor=people.alice, client=first, offering=offering)
    with pytest.raises(services.OfferingFull):
        services.enrol_client(actor=people.alice, client=second, offering=offering)
    assert Enrolment.objects.count() == 1
    waiting = services.enrol_client(actor=people.alice, client=second, offering=offering,
                                    join_waiting_list=True)
    later = services.enrol_client(actor=people.alice, client=third, offering=offering,
                                  join_waiting_list=True)
    assert (waiting.status, waiting.waiting_position) == ("waiting", 1)
    assert later.waiting_position == 2
    enrolment = Enrolment.objects.get(client=first)
    result = services.withdraw_client(actor=people.alice, enrolment=enrolment,
                                      reason="work", note="Started at the bakery in Wola.")
    assert [e.client_id for e in result.promoted] == [second.pk]
    waiting.refresh_from_db()
    assert waiting.status == "enrolled" and waiting.waiting_position is None
    assert AuditEvent.objects.filter(action="update", object_type="programme.enrolment",
                                     object_id=str(waiting.pk)).exists()
    withdrawn = Enrolment.objects.get(pk=enrolment.pk)
    assert withdrawn.withdrawal_reason == "work"
    assert "bakery" not in withdrawn.withdrawal_note_sealed
    assert withdrawn.reveal(KeyRing()).withdrawal_note == "Started at the bakery in Wola."


def test_ended_offerings_and_closed_cases_are_refused(people, team_client):
    past = make_offering(people.alice, start=TODAY() - dt.timedelta(days=60), weeks=2)
    with pytest.raises(services.ProgrammeError) as caught:
        services.enrol_client(actor=people.bob, client=team_client, offering=past)
    assert "ended" in caught.value.messages[0]
    assert not Enrolment.objects.exists()


def test_women_only_mismatch_is_a_warning_to_acknowledge(people):
    offering = make_offering(people.alice, start=TODAY(), women_only=True,
                             activity=make_activity(people.org, name_en="Self-defence",
                                                    women_only=True))
    man = make_client(people.alice, gender="Masculine")
    with pytest.raises(services.NeedsAcknowledgement) as caught:
        services.enrol_client(actor=people.alice, client=man, offering=offering)
    assert "women only" in caught.value.warnings[0]
    assert not Enrolment.objects.exists()
    done = services.enrol_client(actor=people.alice, client=man, offering=offering,
                                 acknowledge_warnings=True)
    assert done.status == EnrolmentStatus.ENROLLED


def test_only_the_coordinator_or_the_case_team_may_enrol(people, team_client):
    offering = make_offering(people.alice, start=TODAY())
    for outsider in (people.charlie, people.tina, people.lena, people.dora, people.oscar):
        with pytest.raises(PermissionDenied):
            services.enrol_client(actor=outsider, client=team_client, offering=offering)
    assert not Enrolment.objects.exists()


def test_attendance_for_a_client_not_enrolled_is_refused_and_nothing_saved(
        people, team_client):
    offering = make_offering(people.alice, trainer=people.tina)
    services.enrol_client(actor=people.bob, client=team_client, offering=offering,
                          acknowledge_warnings=True, today=offering.start_date)
    stranger = make_client(people.alice)
    session = offering.sessions.filter(date__lt=TODAY()).first()
    with pytest.raises(services.ProgrammeError) as caught:
        services.mark_attendance(actor=people.tina, session=session,
                                 marks={team_client.pk: "present", stranger.pk: "present"})
    assert caught.value.code == "not_enrolled"
    assert not Attendance.objects.exists()
    services.mark_attendance(actor=people.tina, session=session,
                             marks={team_client.pk: "late"})
    assert Attendance.objects.get().status == "late"
    services.mark_attendance(actor=people.tina, session=session,
                             marks={team_client.pk: "absent"})
    assert Attendance.objects.get().status == "absent"


def test_only_the_sessions_trainer_or_coordinator_marks_attendance(people, team_client):
    offering = make_offering(people.alice, trainer=people.tina)
    session = offering.sessions.filter(date__lt=TODAY()).first()
    for other in (people.bob, people.charlie, people.oscar):
        with pytest.raises(PermissionDenied):
            services.mark_attendance(actor=other, session=session, marks={})


def test_future_sessions_cannot_be_marked(people):
    offering = make_offering(people.alice, trainer=people.tina, start=TODAY())
    future = offering.sessions.filter(date__gt=TODAY()).first()
    with pytest.raises(services.ProgrammeError):
        services.mark_attendance(actor=people.tina, session=future, marks={})


def test_hours_rate_and_completion(people, team_client, settings):
    settings.PROGRAMME_COMPLETION_RATE = 0.75
    start = TODAY() - dt.timedelta(weeks=2, days=TODAY().weekday())  # a Monday
    offering = make_offering(people.alice, trainer=people.tina, start=start, weeks=2,
                             end_date=TODAY())
    services.enrol_client(actor=people.bob, client=team_client, offering=offering,
                          acknowledge_warnings=True, today=start)
    # Time passes: the course ended two full weeks after it started.
    last_day = start + dt.timedelta(days=13)
    Offering.objects.filter(pk=offering.pk).update(end_date=last_day)
    offering.sessions.filter(date__gt=last_day).delete()
    offering.refresh_from_db()
    sessions = list(offering.sessions.all())
    assert len(sessions) == 4
    for session, mark in zip(sessions, ("present", "late", "present", "excused"), strict=True):
        services.mark_attendance(actor=people.tina, session=session,
                                 marks={team_client.pk: mark})
    progress = offering_progress(offering=offering)[team_client.pk]
    assert (progress.attended, progress.held) == (3, 4)
    assert progress.hours == pytest.approx(4.5)
    assert progress.completed  # 75% >= 75%, and the offering has ended
    settings.PROGRAMME_COMPLETION_RATE = 0.8
    assert not offering_progress(offering=offering)[team_client.pk].completed
    settings.PROGRAMME_COMPLETION_RATE = 0.75
    done = services.record_completions(actor=people.alice, offering=offering)
    assert [e.client_id for e in done] == [team_client.pk]


def test_available_offerings_show_schedule_and_free_places(people, team_client):
    offering = make_offering(people.alice, start=TODAY(), capacity=3, trainer=people.tina)
    make_offering(people.alice, start=TODAY() - dt.timedelta(days=90), weeks=2,
                  venue=make_venue(people.org, "Room 1"))  # ended: not available
    services.enrol_client(actor=people.bob, client=team_client, offering=offering,
                          acknowledge_warnings=True)
    found = list(available_offerings(actor=people.bob, organisation=people.org))
    assert [o.pk for o in found] == [offering.pk]
    assert (found[0].free_places, found[0].enrolled_count) == (2, 1)
    assert found[0].schedule_text().endswith("17:00-18:30")
    assert list(available_offerings(actor=people.oscar, organisation=people.org)) == []


def test_changing_the_pattern_replans_future_sessions_only(people, team_client):
    offering = make_offering(people.alice, trainer=people.tina)
    past = offering.sessions.filter(date__lt=TODAY())
    past_ids = set(past.values_list("pk", flat=True))
    services.update_offering(actor=people.alice, offering=offering,
                             fields={"weekdays": ["1"], "start_time": dt.time(10),
                                     "end_time": dt.time(12)})
    assert past_ids <= set(offering.sessions.values_list("pk", flat=True))
    future = offering.sessions.filter(date__gte=TODAY())
    assert future.exists() and {s.date.isoweekday() for s in future} == {1}


def test_feeds_store_only_a_hash_and_can_be_revoked(people, team_client):
    made = services.create_trainer_feed(actor=people.tina)
    assert made.token not in made.feed.token_hash and len(made.token) >= 40
    again = services.create_trainer_feed(actor=people.tina)
    made.feed.refresh_from_db()
    assert made.feed.revoked_at is not None and again.feed.revoked_at is None
    with pytest.raises(services.ProgrammeError):
        services.create_client_feed(actor=people.bob, client=team_client, client_agreed=False)
    with pytest.raises(PermissionDenied):
        services.create_client_feed(actor=people.charlie, client=team_client,
                                    client_agreed=True)
    feed = services.create_client_feed(actor=people.bob, client=team_client,
                                       client_agreed=True).feed
    with pytest.raises(PermissionDenied):
        services.revoke_feed(actor=people.tina, feed=feed)
    services.revoke_feed(actor=people.bob, feed=feed)
    feed.refresh_from_db()
    assert feed.revoked_at is not None


def test_revoking_a_clients_feeds_needs_the_case_team_and_is_audited(people, team_client):
    feed = services.create_client_feed(actor=people.bob, client=team_client,
                                       client_agreed=True).feed
    with pytest.raises(PermissionDenied):
        services.revoke_client_feeds(actor=people.charlie, client=team_client)
    assert services.revoke_client_feeds(actor=people.bob, client=team_client) == 1
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    assert AuditEvent.objects.filter(action="delete", object_id=str(feed.pk)).exists()
    assert services.revoke_client_feeds(actor=people.bob, client=team_client) == 0
