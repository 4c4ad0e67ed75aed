"""Attendance counts from the enrolment date and stops at a withdrawal (issue 10, item 5):
rates, registers and certificates count only the sessions in the client's own window."""

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.core.testing import make_client
from reintegra.programme import services
from reintegra.programme.models import Enrolment, WithdrawalReason
from reintegra.programme.selectors import client_programme, offering_progress, session_register
from reintegra.programme.tests.factories import make_offering

TODAY = timezone.localdate


def _monday_weeks_ago(weeks):
    today = TODAY()
    return today - dt.timedelta(weeks=weeks, days=today.weekday())


@pytest.fixture
def course(people):
    """Tue/Thu for four weeks, started three weeks ago: six or more sessions held."""
    return make_offering(people.alice, trainer=people.tina, start=_monday_weeks_ago(3),
                         weeks=4)


def _held(offering):
    return list(offering.sessions.filter(date__lte=TODAY()).order_by("date"))


def test_a_late_joiner_is_counted_from_her_enrolment(people, team_client, course):
    held = _held(course)
    early = make_client(people.alice, team=[people.bob], owner=people.bob)
    services.enrol_client(actor=people.bob, client=early, offering=course,
                          acknowledge_warnings=True, today=course.start_date)
    joined_on = held[4].date  # she came for the fifth session
    services.enrol_client(actor=people.bob, client=team_client, offering=course,
                          acknowledge_warnings=True, today=joined_on)
    for session in held[4:]:
        services.mark_attendance(actor=people.tina, session=session,
                                 marks={team_client.pk: "present", early.pk: "present"})
    progress = offering_progress(offering=course)
    since = len(held) - 4
    assert (progress[team_client.pk].attended, progress[team_client.pk].held) == (since, since)
    assert progress[team_client.pk].percent == 100
    assert (progress[early.pk].attended, progress[early.pk].held) == (since, len(held))
    mine = client_programme(actor=people.bob, client=team_client).rows[0][1]
    assert (mine.attended, mine.held) == (since, since)


def test_registers_before_the_enrolment_do_not_list_the_client(people, team_client, course):
    held = _held(course)
    services.enrol_client(actor=people.bob, client=team_client, offering=course,
                          acknowledge_warnings=True, today=held[2].date)
    before = session_register(actor=people.tina, pk=held[1].pk)
    on_the_day = session_register(actor=people.tina, pk=held[2].pk)
    assert team_client.pk not in [r.client_id for r in before.rows]
    assert team_client.pk in [r.client_id for r in on_the_day.rows]
    with pytest.raises(services.ProgrammeError):
        services.mark_attendance(actor=people.tina, session=held[1],
                                 marks={team_client.pk: "present"})


def test_a_withdrawal_ends_the_window(people, team_client, course):
    held = _held(course)
    enrolment = services.enrol_client(actor=people.bob, client=team_client, offering=course,
                                      acknowledge_warnings=True, today=course.start_date)
    for session in held[:3]:
        services.mark_attendance(actor=people.tina, session=session,
                                 marks={team_client.pk: "present"})
    services.withdraw_client(actor=people.bob, enrolment=enrolment,
                             reason=WithdrawalReason.WORK)
    left_on = held[3].date
    Enrolment.objects.filter(pk=enrolment.pk).update(
        withdrawn_at=timezone.make_aware(dt.datetime.combine(left_on, dt.time(9))))
    progress = offering_progress(offering=course)[team_client.pk]
    # Three sessions before she left, all attended: not 3 of 6.
    assert (progress.attended, progress.held) == (3, 3)
    assert team_client.pk not in [
        r.client_id for r in session_register(actor=people.tina, pk=held[3].pk).rows]
    assert team_client.pk in [
        r.client_id for r in session_register(actor=people.tina, pk=held[2].pk).rows]


def test_a_late_joiner_can_earn_a_certificate(people, team_client, settings):
    settings.PROGRAMME_COMPLETION_RATE = 0.8
    start = _monday_weeks_ago(3)
    offering = make_offering(people.alice, trainer=people.tina, start=start, weeks=2)
    held = _held(offering)
    services.enrol_client(actor=people.bob, client=team_client, offering=offering,
                          acknowledge_warnings=True, today=held[2].date)
    for session in held[2:]:
        services.mark_attendance(actor=people.tina, session=session,
                                 marks={team_client.pk: "present"})
    assert offering_progress(offering=offering)[team_client.pk].completed
    done = services.record_completions(actor=people.alice, offering=offering)
    assert [e.client_id for e in done] == [team_client.pk]


def test_the_enrolment_date_is_the_day_of_the_decision(people, team_client, course):
    enrolment = services.enrol_client(actor=people.bob, client=team_client, offering=course,
                                      acknowledge_warnings=True, today=course.start_date)
    assert timezone.localtime(enrolment.enrolled_at).date() == course.start_date


def test_a_language_course_does_not_warn_about_its_own_language(people):
    from reintegra.programme.tests.factories import make_activity

    speaker = make_client(people.alice, primary_language="ukr", secondary_language="")
    course = make_offering(people.alice, start=TODAY(), language="pol",
                           activity=make_activity(people.org, domains=["language"]))
    workshop = make_offering(people.alice, start=TODAY(), language="pol",
                             start_time=dt.time(9), end_time=dt.time(10),
                             activity=make_activity(people.org, name_en="Budget",
                                                    domains=["money"]))
    assert services.enrolment_warnings(client=speaker, offering=course) == []
    assert len(services.enrolment_warnings(client=speaker, offering=workshop)) == 1


def test_the_trainer_sees_the_day_of_each_session_and_registers_to_take(client, people,
                                                                        team_client, course):
    from django.urls import reverse

    services.enrol_client(actor=people.bob, client=team_client, offering=course,
                          acknowledge_warnings=True, today=course.start_date)
    held = [s for s in _held(course) if s.date < TODAY()]
    services.mark_attendance(actor=people.tina, session=held[0],
                             marks={team_client.pk: "present"})
    client.force_login(people.tina)
    body = client.get(reverse("programme:my_sessions")).content.decode()
    section = body.split("Registers to take")[1].split("</ul>")[0]
    assert reverse("programme:register", args=[held[1].pk]) in section
    assert reverse("programme:register", args=[held[0].pk]) not in section
