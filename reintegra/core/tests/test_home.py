"""Home pages per role (issue 10): what each shows, within reach, in a fixed number of
queries whatever the organisation's size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reintegra.casework import services as casework
from reintegra.core.dates import show_date
from reintegra.core.testing import make_client
from reintegra.privacy.home import one_month_after
from reintegra.programme import services as programme
from reintegra.programme.tests.factories import make_offering

TODAY = timezone.localdate
# Issue 10: at most 15, sign-in checks (session, user, MFA) included, fixed whatever the
# size. The due registry is asked once per page (the header's count reuses it).
MAX_QUERIES = 15
ROLES = ("alice", "bob", "charlie", "lena", "piotr", "dora")


def _monday_weeks_ago(weeks):
    return TODAY() - dt.timedelta(weeks=weeks, days=TODAY().weekday())


def _grow(people, n, course):
    """``n`` more clients on bob's team, enrolled from the start, registers taken (half of
    them absent every time), a note each, a task each, a plan each."""
    from reintegra.plans import services as plans

    held = list(course.sessions.filter(date__lt=TODAY()))
    made = []
    for i in range(n):
        person = make_client(people.alice, team=[people.bob, people.lena, people.piotr],
                             owner=people.bob)
        programme.enrol_client(actor=people.alice, client=person, offering=course,
                               acknowledge_warnings=True, join_waiting_list=True,
                               today=course.start_date)
        casework.add_note(actor=people.bob, client=person, section="case", kind="phone",
                          contact_on=TODAY() - dt.timedelta(days=i % 40), text="call")
        casework.add_task(actor=people.bob, client=person, what="do", due_on=TODAY(),
                          assignee=people.bob)
        plans.create_plan(actor=people.bob, client=person, plan_type="Education",
                          start_date=TODAY() - dt.timedelta(days=120),
                          planned_end_date=TODAY() + dt.timedelta(days=2))
        made.append(person)
    for session in held[:-1]:  # the last register is left untaken
        programme.mark_attendance(actor=people.tina, session=session, marks={
            p.pk: "present" if i % 2 else "absent" for i, p in enumerate(made)})
    return made


@pytest.fixture
def course(people):
    return make_offering(people.alice, trainer=people.tina, start=_monday_weeks_ago(3),
                         weeks=6, capacity=100)


def _home(client, user, *, warm=False):
    from django.core.cache import caches

    client.force_login(user)
    if warm:  # whatever a first request loads once per process (content types, ...)
        client.get("/")
    caches["local"].clear()  # the worst case: no figure kept from an earlier request
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(ctx)


def test_every_home_page_stays_within_the_query_budget_at_two_sizes(client, people, course):
    _grow(people, 2, course)
    small = {name: _home(client, getattr(people, name), warm=True)[1] for name in ROLES}
    _grow(people, 25, course)
    large = {name: _home(client, getattr(people, name), warm=True)[1] for name in ROLES}
    assert max(small.values()) <= MAX_QUERIES, small
    assert large == small


def test_the_coordinator_sees_the_programme_at_a_glance(client, people, course, settings):
    settings.PROGRAMME_CLIENT_TARGET = 30
    made = _grow(people, 4, course)
    body, _n = _home(client, people.alice)
    for title in ("Clients against the target", "Attendance rate per offering",
                  "Hours delivered per activity", "Registers not taken",
                  "Clients falling behind", "Reviews and reassessments due",
                  "Erasure requests waiting for a second person"):
        assert title in body
    assert "4 / 30" in body
    behind = body.split("Clients falling behind")[1].split("</section>")[0]
    # Half of them were absent every time: those fall behind, the others do not.
    assert made[0].code in behind and made[1].code not in behind


def test_the_target_block_counts_each_status_and_leaves_erased_clients_out(
        client, people, settings):
    import re

    from reintegra.clients.models import Client

    settings.PROGRAMME_CLIENT_TARGET = 30
    made = [make_client(people.alice, team=[people.bob], owner=people.bob) for _ in range(5)]
    Client.objects.filter(pk=made[0].pk).update(status="FollowUp")
    Client.objects.filter(pk=made[1].pk).update(status="Closed", closed_at=TODAY())
    Client.objects.filter(pk=made[2].pk).update(status="ClosedReferred", closed_at=TODAY())
    Client.objects.filter(pk=made[3].pk).update(erased_at=timezone.now())
    block = _home(client, people.alice)[0].split("Clients against the target")[1] \
        .split("</section>")[0]
    figures = dict(re.findall(r'>([^<>]+)</a> <strong class="figure">([^<]+)</strong>', block))
    before = Client.objects.filter(organisation=people.alice.organisation,
                                   erased_at__isnull=True).exclude(pk__in=[c.pk for c in made])
    active = before.filter(status="Active").count() + 1  # made[4]
    assert figures["Active"] == str(active)
    assert figures["In follow-up"] == str(before.filter(status="FollowUp").count() + 1)
    assert figures["Closed"] == str(before.filter(status__startswith="Closed").count() + 2)
    served = active + int(figures["In follow-up"]) + int(figures["Closed"])
    assert figures["Served so far, against the target"] == f"{served} / 30"


def test_a_late_joiner_is_not_falling_behind_for_sessions_before_she_joined(
        client, people, course):
    made = _grow(people, 2, course)
    late = make_client(people.alice, team=[people.bob], owner=people.bob)
    last = course.sessions.filter(date__lt=TODAY()).order_by("date").last()
    programme.enrol_client(actor=people.alice, client=late, offering=course,
                           acknowledge_warnings=True, today=last.date)
    casework.add_note(actor=people.bob, client=late, section="case", kind="meeting",
                      contact_on=TODAY(), text="first meeting")
    programme.mark_attendance(actor=people.tina, session=last, marks={
        late.pk: "present", made[0].pk: "absent", made[1].pk: "present"})
    body, _n = _home(client, people.alice)
    behind = body.split("Clients falling behind")[1].split("</section>")[0]
    assert late.code not in behind and made[0].code in behind


def test_another_teams_case_worker_sees_none_of_the_teams_clients(client, people, course):
    made = _grow(people, 3, course)
    own = make_client(people.alice, team=[people.charlie], owner=people.charlie)
    casework.add_task(actor=people.charlie, client=own, what="x", due_on=TODAY(),
                      assignee=people.charlie)
    body, _n = _home(client, people.charlie)
    assert own.code in body
    for person in made:
        assert person.code not in body
    bob, _n = _home(client, people.bob)
    assert made[0].code in bob and own.code not in bob
    for title in ("Due this week", "My clients", "Recent contacts"):
        assert title in bob


def test_the_psychologists_contacts_stay_hers(client, people, team_client):
    casework.add_note(actor=people.piotr, client=team_client, section="psychological",
                      kind="meeting", contact_on=TODAY(), text="s")
    piotr, _n = _home(client, people.piotr)
    recent = piotr.split("Recent contacts")[1].split("</section>")[0]
    assert team_client.code in recent
    bob, _n = _home(client, people.bob)
    assert team_client.code not in bob.split("Recent contacts")[1].split("</section>")[0]


def test_the_dpo_sees_requests_with_their_clock_and_unusual_access(client, people,
                                                                   team_client):
    from reintegra.audit.home import UNUSUAL_CLIENTS_PER_DAY
    from reintegra.audit.models import Action
    from reintegra.audit.services import record
    from reintegra.privacy import services as privacy

    privacy.request_erasure(actor=people.dora, client=team_client, reason="data_subject")
    for _i in range(UNUSUAL_CLIENTS_PER_DAY):
        record(actor=people.charlie, action=Action.VIEW,
               obj=make_client(people.alice, team=[people.charlie]))
    body, _n = _home(client, people.dora)
    assert "Open data-subject requests" in body and team_client.code in body
    assert f"answer by {show_date(one_month_after(TODAY()))}" in body
    unusual = body.split("Unusual access today")[1].split("</section>")[0]
    assert people.charlie.display_name in unusual
    assert people.bob.display_name not in unusual
    alice, _n = _home(client, people.alice)
    assert "waiting for your confirmation" in alice and "Unusual access" not in alice


def test_one_month_after_keeps_the_day_or_takes_the_months_last():
    assert one_month_after(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert one_month_after(dt.date(2028, 1, 31)) == dt.date(2028, 2, 29)
    assert one_month_after(dt.date(2026, 12, 15)) == dt.date(2027, 1, 15)


def test_the_trainer_lands_on_her_sessions(client, people):
    client.force_login(people.tina)
    assert client.get("/").url.endswith("/programme/sessions/")


def test_waiting_lists_of_offerings_not_started_yet_show(client, people):
    soon = make_offering(people.alice, start=TODAY() + dt.timedelta(days=7), capacity=1)
    quiet = make_offering(people.alice, start=TODAY() + dt.timedelta(days=7), capacity=1,
                          start_time=dt.time(9), end_time=dt.time(10), label="quiet")
    first, second = (make_client(people.alice) for _ in range(2))
    programme.enrol_client(actor=people.alice, client=first, offering=soon,
                           acknowledge_warnings=True)
    programme.enrol_client(actor=people.alice, client=second, offering=soon,
                           acknowledge_warnings=True, join_waiting_list=True)
    body, _n = _home(client, people.alice)
    block = body.split("Attendance rate per offering")[1].split("</section>")[0]
    assert "1 waiting" in block and "quiet" not in block
    assert f'/programme/offerings/{soon.pk}/' in block and f"/{quiet.pk}/" not in block


def test_the_due_list_behind_the_blocks_keeps_to_reach(client, people, team_client):
    casework.add_task(actor=people.bob, client=team_client, what="Call the office",
                      due_on=TODAY() + dt.timedelta(days=10), assignee=people.bob)
    client.force_login(people.bob)
    body = client.get("/due/").content.decode()
    assert team_client.code in body and "Call the office" not in body  # sealed: no text
    client.force_login(people.charlie)
    assert team_client.code not in client.get("/due/").content.decode()
    client.force_login(people.bob)
    assert team_client.code not in client.get("/due/?source=plans").content.decode()


def test_hours_delivered_per_activity(people, course):
    from decimal import Decimal

    from django.core.cache import caches

    from reintegra.programme.home import hours_per_activity

    person = make_client(people.alice)
    programme.enrol_client(actor=people.alice, client=person, offering=course,
                           acknowledge_warnings=True, today=course.start_date)
    held = list(course.sessions.filter(date__lt=TODAY()).order_by("date"))
    for session, mark in zip(held[:3], ("present", "late", "absent"), strict=True):
        programme.mark_attendance(actor=people.tina, session=session, marks={person.pk: mark})
    caches["local"].clear()
    [(name, month, total)] = hours_per_activity(actor=people.alice, today=TODAY())
    assert total == Decimal("3.0")  # two attended sessions of 1.5 h; the absence not
    in_month = sum(1 for s in held[:2] if s.date >= TODAY().replace(day=1))
    assert month == Decimal("1.5") * in_month
    assert hours_per_activity(actor=people.oscar, today=TODAY()) == []
