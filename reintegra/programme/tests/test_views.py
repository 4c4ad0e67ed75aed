import datetime as dt
import io
import re

import pypdf
import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.core.testing import chain_locks, make_client
from reintegra.programme import services
from reintegra.programme.calendar import sensitive_words_in
from reintegra.programme.models import (
    Attendance,
    CalendarFeed,
    Enrolment,
    EnrolmentStatus,
    Offering,
    Session,
)
from reintegra.programme.tests.factories import make_activity, make_offering, make_venue

TODAY = timezone.localdate


@pytest.fixture
def course(people, team_client):
    """Polish A1 taught by tina, started two weeks ago, team_client enrolled from the start."""
    offering = make_offering(people.alice, trainer=people.tina)
    services.enrol_client(actor=people.bob, client=team_client, offering=offering,
                          acknowledge_warnings=True, today=offering.start_date)
    return offering


def past_session(offering):
    return offering.sessions.filter(date__lt=TODAY()).first()


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response) if response.streaming else response.content
    assert body.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


# --- Home, catalogue ---------------------------------------------------------------------


def test_a_trainers_home_is_their_sessions(client, people):
    client.force_login(people.tina)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("programme:my_sessions")


def test_catalogue_create_and_list(client, people):
    client.force_login(people.alice)
    response = client.post(reverse("programme:activity_create"), {
        "name_pl": "Samoobrona", "name_en": "Self-defence", "kind": "workshop",
        "domains": ["safety", "health"], "group": "on", "languages": "pol, ukr",
        "women_only": "on", "level": "", "capacity": "10", "duration_hours": "12",
        "active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(reverse("programme:catalogue")).content.decode()
    assert "Samoobrona" in page or "Self-defence" in page
    assert AuditEvent.objects.filter(action="create", object_type="programme.activity").exists()


def test_activity_names_with_sensitive_words_are_refused(client, people):
    client.force_login(people.alice)
    response = client.post(reverse("programme:activity_create"), {
        "name_pl": "Grupa wsparcia dla ofiar handlu ludźmi", "name_en": "Support group",
        "kind": "workshop", "languages": "pol", "active": "on", "group": "on",
    })
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Offering.objects.exists()


def test_bad_language_code_is_explained_next_to_the_field(client, people):
    client.force_login(people.alice)
    response = client.post(reverse("programme:activity_create"), {
        "name_pl": "Angielski", "name_en": "English", "kind": "course",
        "languages": "english", "active": "on", "group": "on",
    })
    page = response.content.decode()
    assert response.status_code == 200 and 'href="#id_languages"' in page


# --- Offerings and sessions ----------------------------------------------------------------


def offering_data(people, activity, venue, **overrides):
    data = {
        "activity": activity.pk, "label": "autumn", "trainer": people.tina.pk,
        "venue": venue.pk, "start_date": "2027-01-04", "end_date": "2027-03-28",
        "weekdays": ["2", "4"], "start_time": "17:00", "end_time": "18:30",
        "skip_public_holidays": "on", "capacity": "12", "language": "pol",
        "status": "open",
    }
    data.update(overrides)
    return data


def test_plan_a_recurring_offering_through_the_form(client, people):
    activity, venue = make_activity(people.org), make_venue(people.org)
    client.force_login(people.alice)
    response = client.post(reverse("programme:offering_create"),
                           offering_data(people, activity, venue))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Session.objects.count() == 24


def test_dates_in_the_wrong_order_show_a_message_next_to_the_field(client, people):
    activity, venue = make_activity(people.org), make_venue(people.org)
    client.force_login(people.alice)
    response = client.post(reverse("programme:offering_create"), offering_data(
        people, activity, venue, start_date="2027-03-01", end_date="2027-02-01"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_end_date"' in page and "on or after the first day" in page
    assert not Offering.objects.exists()


def test_overlapping_bookings_show_a_clear_message_and_save_nothing(client, people):
    activity, venue = make_activity(people.org), make_venue(people.org)
    client.force_login(people.alice)
    client.post(reverse("programme:offering_create"), offering_data(people, activity, venue))
    response = client.post(reverse("programme:offering_create"), offering_data(
        people, activity, venue, start_time="18:00", end_time="19:00", label="second"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "already teaches" in page and "already booked" in page
    assert Offering.objects.count() == 1 and Session.objects.count() == 24


def test_add_a_single_session(client, people, course):
    client.force_login(people.alice)
    day = TODAY() + dt.timedelta(days=60)
    response = client.post(reverse("programme:session_create", args=[course.pk]), {
        "date": day.isoformat(), "start_time": "10:00", "end_time": "11:00",
        "venue": course.venue_id, "trainer": people.tina.pk,
    })
    assert response.status_code == 302
    assert course.sessions.filter(date=day).exists()
    bad = client.post(reverse("programme:session_create", args=[course.pk]), {
        "date": day.isoformat(), "start_time": "11:00", "end_time": "10:00",
    })
    assert bad.status_code == 200 and 'href="#id_end_time"' in bad.content.decode()


# --- Enrolment -----------------------------------------------------------------------------


def test_enrol_from_the_clients_side_with_waiting_list(client, people, team_client):
    offering = make_offering(people.alice, start=TODAY(), capacity=1)
    services.enrol_client(actor=people.alice, client=make_client(people.alice),
                          offering=offering)
    client.force_login(people.bob)
    url = reverse("programme:client", args=[team_client.pk])
    refused = client.post(url, {"offering": offering.pk, "acknowledge_warnings": "on"})
    assert refused.status_code == 200
    assert "no place left" in refused.content.decode()
    assert not Enrolment.objects.filter(client=team_client).exists()
    response = client.post(url, {"offering": offering.pk, "acknowledge_warnings": "on",
                                 "join_waiting_list": "on"})
    assert response.status_code == 302
    assert Enrolment.objects.get(client=team_client).status == EnrolmentStatus.WAITING


def test_enrol_from_the_offerings_side_lists_only_the_actors_clients(
        client, people, team_client):
    offering = make_offering(people.alice, start=TODAY())
    other = make_client(people.alice)  # not on bob's team
    client.force_login(people.bob)
    url = reverse("programme:offering_enrol", args=[offering.pk])
    page = client.get(url).content.decode()
    assert team_client.code in page and other.code not in page
    forged = client.post(url, {"client": other.pk, "acknowledge_warnings": "on"})
    assert forged.status_code == 200 and not Enrolment.objects.exists()
    warned = client.post(url, {"client": team_client.pk})
    assert "warning" in warned.content.decode() or Enrolment.objects.exists()
    client.post(url, {"client": team_client.pk, "acknowledge_warnings": "on"})
    assert Enrolment.objects.get().client == team_client


def test_women_only_warning_is_shown_before_enrolling(client, people):
    man = make_client(people.alice, gender="Masculine")
    offering = make_offering(people.alice, start=TODAY(), women_only=True)
    client.force_login(people.alice)
    url = reverse("programme:client", args=[man.pk])
    response = client.post(url, {"offering": offering.pk})
    assert "women only" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_withdraw_with_a_reason(client, people, team_client, course):
    enrolment = Enrolment.objects.get()
    client.force_login(people.bob)
    url = reverse("programme:withdraw", args=[enrolment.pk])
    missing = client.post(url, {"note": "x"})
    assert missing.status_code == 200 and 'href="#id_reason_0"' in missing.content.decode() \
        or "id_reason" in missing.content.decode()
    response = client.post(url, {"reason": "schedule", "note": "Works evenings now."})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn" and enrolment.withdrawal_reason == "schedule"
    assert "evenings" not in enrolment.withdrawal_note_sealed


# --- Attendance register --------------------------------------------------------------------


def test_trainer_marks_attendance_in_one_save(client, people, team_client, course):
    session = past_session(course)
    client.force_login(people.tina)
    url = reverse("programme:register", args=[session.pk])
    page = client.get(url).content.decode()
    assert team_client.code in page and "Ania" in page
    assert "Kowalska" not in page and "Anna" not in page  # legal names never shown
    assert 'type="radio"' in page and "<script" not in page.split("<main")[1]
    response = client.post(url, {f"mark-{team_client.pk}": "late"})
    assert response.status_code == 302
    assert Attendance.objects.get().status == "late"


def test_mark_the_rest_present(client, people, team_client, course):
    other = make_client(people.alice)
    services.enrol_client(actor=people.alice, client=other, offering=course,
                          acknowledge_warnings=True, today=course.start_date)
    client.force_login(people.tina)
    url = reverse("programme:register", args=[past_session(course).pk])
    client.post(url, {f"mark-{team_client.pk}": "absent", "rest": "present"})
    assert dict(Attendance.objects.values_list("client_id", "status")) == {
        team_client.pk: "absent", other.pk: "present"}


def test_attendance_for_a_client_not_enrolled_is_refused_on_the_page(
        client, people, team_client, course):
    stranger = make_client(people.alice)
    client.force_login(people.tina)
    url = reverse("programme:register", args=[past_session(course).pk])
    response = client.post(url, {f"mark-{team_client.pk}": "present",
                                 f"mark-{stranger.pk}": "present"})
    assert response.status_code == 400
    assert "only be marked for clients enrolled" in response.content.decode()
    assert not Attendance.objects.exists()
    assert client.post(url, {"mark-abc": "present"}).status_code == 400


def test_register_of_another_trainers_session_is_hidden(client, people, course):
    other = make_client(people.alice)
    del other
    client.force_login(people.tina)
    mine = past_session(course)
    assert client.get(reverse("programme:register", args=[mine.pk])).status_code == 200
    theirs = make_offering(people.alice, trainer=people.alice,
                           venue=make_venue(people.org, "Room 7"))
    response = client.get(reverse("programme:register", args=[past_session(theirs).pk]))
    assert response.status_code == 404


def _register_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connections["default"]) as main, \
            CaptureQueriesContext(connections["keystore"]) as keys:
        assert client.get(url).status_code == 200
    return len(main), len(keys)


def test_register_runs_a_fixed_number_of_queries(client, people, course):
    Offering.objects.filter(pk=course.pk).update(capacity=25)
    session = past_session(course)
    url = reverse("programme:register", args=[session.pk])
    client.force_login(people.tina)

    def fill(n):
        while course.enrolments.count() < n:
            services.enrol_client(actor=people.alice, client=make_client(people.alice),
                                  offering=course, acknowledge_warnings=True,
                                  today=course.start_date)
        services.mark_attendance(actor=people.tina, session=session, marks={
            cid: "present" for cid in course.enrolments.values_list("client_id", flat=True)})

    def save(mark):
        data = {f"mark-{cid}": mark
                for cid in course.enrolments.values_list("client_id", flat=True)}
        with CaptureQueriesContext(connections["default"]) as writes:
            assert client.post(url, data).status_code == 302
        return len(writes)

    fill(5)
    at_5 = _register_queries(client, url)
    saving_5 = save("late")
    fill(20)
    at_20 = _register_queries(client, url)
    saving_20 = save("late")
    assert at_5 == at_20
    # one bulk insert when the request ends: the list view and a read per client named
    assert sum(at_20) <= 11 + chain_locks(1)
    assert saving_5 == saving_20  # bulk writes: not one query per client
    print("register page queries (main, keystore):", at_20, "save:", saving_20)


def _week_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connections["default"]) as main:
        assert client.get(url).status_code == 200
    return len(main)


def test_week_calendar_runs_a_fixed_number_of_queries(client, people, course):
    url = reverse("programme:week")
    client.force_login(people.alice)
    at_1 = _week_queries(client, url)
    for n in range(2):
        make_offering(people.alice, trainer=people.tina, venue=make_venue(people.org, f"R{n}"),
                      start_time=dt.time(9 + 2 * n), end_time=dt.time(10 + 2 * n))
    at_3 = _week_queries(client, url)
    assert at_1 == at_3 and at_3 <= 10
    print("week queries:", at_3)
    page = client.get(url).content.decode()
    assert page.count("Polish A1") >= 3


# --- Trainer's view ------------------------------------------------------------------------


def test_trainer_sees_only_their_sessions_and_no_client_data(client, people, team_client,
                                                              course):
    alices = make_offering(people.alice, trainer=people.alice, start=TODAY() - dt.timedelta(
        days=TODAY().weekday()), weeks=1, weekdays=("1", "2", "3", "4", "5", "6", "7"),
        venue=make_venue(people.org, "Room 9"), start_time=dt.time(8), end_time=dt.time(9),
        activity=make_activity(people.org, name_pl="Pierwsza pomoc", name_en="First aid"))
    assert alices.sessions.exists()
    client.force_login(people.tina)
    for name in ("programme:my_sessions", "programme:week"):
        page = client.get(reverse(name)).content.decode()
        assert "Room 9" not in page and "First aid" not in page and "Pierwsza" not in page
    offering_page = client.get(reverse("programme:offering", args=[course.pk])).content.decode()
    assert team_client.code in offering_page and "Ania" in offering_page
    assert "Kowalska" not in offering_page
    assert client.get(reverse("programme:offering", args=[alices.pk])).status_code == 404
    assert client.get(reverse("programme:client", args=[team_client.pk])).status_code == 404


# --- PDFs ----------------------------------------------------------------------------------


def completed_enrolment(people, **identity):
    person = make_client(people.alice, team=[people.bob], owner=people.bob, **identity)
    start = TODAY() - dt.timedelta(days=40)
    offering = make_offering(people.alice, trainer=people.tina, start=start, weeks=2,
                             end_date=TODAY(), weekdays=("1",), start_time=dt.time(9),
                             end_time=dt.time(12),
                             activity=make_activity(people.org, name_pl="Język polski A1",
                                                    name_en="Polish A1"))
    enrolment = services.enrol_client(actor=people.bob, client=person, offering=offering,
                                      acknowledge_warnings=True, today=start)
    Offering.objects.filter(pk=offering.pk).update(end_date=start + dt.timedelta(days=13))
    offering.sessions.filter(date__gt=start + dt.timedelta(days=13)).delete()
    for session in offering.sessions.all():
        services.mark_attendance(actor=people.tina, session=session,
                                 marks={person.pk: "present"})
    return enrolment


def test_certificate_pdf_in_polish_and_english(client, people):
    enrolment = completed_enrolment(people, first_name="Łucja", second_name="Żółkiewska-Шевченко")
    client.force_login(people.bob)
    url = reverse("programme:certificate", args=[enrolment.pk])
    polish = pdf_text(client.get(url, {"lang": "pl"}))
    assert "Łucja Żółkiewska-Шевченко" in polish
    assert "Język polski A1" in polish and "Zaświadczenie" in polish
    english = pdf_text(client.get(url, {"lang": "en"}))
    assert "Certificate of completion" in english and "Polish A1" in english
    assert AuditEvent.objects.filter(action="export", object_type="programme.enrolment",
                                     object_id=str(enrolment.pk)).count() == 2
    assert client.get(url, {"lang": "de"}).status_code == 400
    for outsider in (people.tina, people.charlie, people.lena, people.oscar):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_no_certificate_before_completion(client, people, team_client, course):
    client.force_login(people.bob)
    url = reverse("programme:certificate", args=[Enrolment.objects.get().pk])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_attendance_list_pdf_for_the_trainer_and_the_funders_version(
        client, people, team_client, course):
    session = past_session(course)
    url = reverse("programme:attendance_sheet", args=[session.pk])
    client.force_login(people.tina)
    text = pdf_text(client.get(url))
    assert team_client.code in text and "Ania" in text and "Kowalska" not in text
    assert "Podpis" in text or "Signature" in text
    assert client.get(url, {"names": "legal"}).status_code == 404
    client.force_login(people.alice)
    legal = pdf_text(client.get(url, {"names": "legal"}))
    assert "Kowalska" in legal
    assert AuditEvent.objects.filter(action="export", object_type="programme.session",
                                     client_id__isnull=True).count() == 2
    assert client.get(url, {"names": "bogus"}).status_code == 400


# --- Calendar feeds ------------------------------------------------------------------------

SENSITIVE = ["trafficking", "handel", "ofiar", "victim", "shelter", "schronisk", "exploit",
             "prostytu", "Kowalska", "Anna", "Ania"]


def feed_token(page: str) -> str:
    return re.search(r"/programme/calendar/([A-Za-z0-9_-]{20,})\.ics", page).group(1)


def test_trainer_feed_has_times_and_rooms_and_nothing_sensitive(client, people, team_client,
                                                                course):
    client.force_login(people.tina)
    page = client.post(reverse("programme:my_feed")).content.decode()
    token = feed_token(page)
    client.logout()
    response = client.get(reverse("programme:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "BEGIN:VEVENT" in body
    assert "SUMMARY:Język polski A1\\, Room 2" in body.replace("\r\n ", "")
    assert team_client.code not in body
    lowered = body.lower()
    assert [w for w in SENSITIVE if w.lower() in lowered] == []
    assert sensitive_words_in(body) == []
    # Revoked: the address stops working.
    client.force_login(people.tina)
    client.post(reverse("programme:my_feed"), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("programme:feed", args=[token])).status_code == 404
    assert client.get(reverse("programme:feed", args=["guess"])).status_code == 404


def test_client_feed_is_opt_in_and_lists_only_their_sessions(client, people, team_client,
                                                             course):
    make_offering(people.alice, trainer=people.tina, venue=make_venue(people.org, "Room 5"),
                  start_time=dt.time(9), end_time=dt.time(10),
                  activity=make_activity(people.org, name_pl="Angielski", name_en="English"))
    client.force_login(people.bob)
    url = reverse("programme:client_feed", args=[team_client.pk])
    client.post(url, {})
    assert not CalendarFeed.objects.exists()
    page = client.post(url, {"client_agreed": "on"}).content.decode()
    token = feed_token(page)
    client.logout()
    body = client.get(reverse("programme:feed", args=[token]), {"lang": "en"}).content.decode()
    assert "Polish A1" in body and "English" not in body and "Room 5" not in body
    assert team_client.code not in body and "Tina" not in body
    assert [w for w in SENSITIVE if w.lower() in body.lower()] == []


def test_a_sensitive_activity_name_never_reaches_a_feed(people, course):
    from reintegra.programme.calendar import render_feed
    from reintegra.programme.models import Activity

    Activity.objects.filter(pk=course.activity_id).update(
        name_en="Group for trafficking survivors")
    sessions = Session.objects.filter(offering=course).select_related(
        "offering__activity", "venue")
    body = render_feed(sessions, name="x", language="en", host="h", now=timezone.now())
    assert "traffick" not in body.lower() and "SUMMARY:Session\\, Room 2" in body


# --- The client page's panel ---------------------------------------------------------------


def test_client_panel_shows_hours_and_attendance(rf, people, team_client, course):
    from reintegra.clients.access import Section
    from reintegra.clients.panels import panels_for

    services.mark_attendance(actor=people.tina, session=past_session(course),
                             marks={team_client.pk: "present"})
    sections = frozenset({Section.CASE})
    panels = [p for p in panels_for(actor=people.bob, client=team_client, sections=sections)
              if p.template == "programme/_client_panel.html"]
    assert len(panels) == 1
    data = panels[0].context["data"]
    (enrolment, progress), = data.rows
    assert progress.attended == 1 and progress.hours == pytest.approx(1.5)
    assert not [p for p in panels_for(actor=people.lena, client=team_client,
                                       sections=frozenset({Section.LEGAL}))
                if p.template == "programme/_client_panel.html"]


def test_the_client_page_shows_the_programme_panel(client, people, team_client, course):
    client.force_login(people.bob)
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    assert reverse("programme:client", args=[team_client.pk]) in page
    assert "Polish A1" in page
    client.force_login(people.lena)  # legal advisor: no case section, no panel
    page = client.get(reverse("clients:detail", args=[team_client.pk])).content.decode()
    assert reverse("programme:client", args=[team_client.pk]) not in page


def test_navigation_leads_trainers_to_their_sessions(client, people):
    client.force_login(people.tina)
    page = client.get(reverse("programme:week")).content.decode()
    nav = page.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    assert reverse("programme:my_sessions") in nav and reverse("clients:list") not in nav


def test_register_marks_are_labelled_radios_with_a_count_the_page_can_follow(
        client, people, team_client, course):
    """Issue 13: one row per person, four real radios each with its own label (styled as
    a segmented control), and the words of the "mark the rest" button for every count."""
    import json
    from html import unescape

    other = make_client(people.alice)
    services.enrol_client(actor=people.alice, client=other, offering=course,
                          acknowledge_warnings=True, today=course.start_date)
    client.force_login(people.tina)
    url = reverse("programme:register", args=[past_session(course).pk])
    client.post(url, {f"mark-{team_client.pk}": "late"})
    page = client.get(url).content.decode()
    assert page.count('<fieldset class="register-row">') == 2
    for person in (team_client, other):
        ids = re.findall(rf'<input type="radio" name="mark-{person.pk}" value="\w+" '
                         rf'id="([^"]+)"', page)
        assert len(ids) == 4
        for radio_id in ids:
            assert f'<label for="{radio_id}">' in page
    assert re.search(r"<span data-unmarked>1</span>", page)  # the other one
    labels = json.loads(unescape(re.search(r'data-rest-labels="([^"]*)"', page).group(1)))
    assert len(labels) == 3 and "2 unmarked people" in labels[2] and "1 unmarked" in labels[1]
    assert "<form" in page and re.search(r'<form method="post" novalidate class="register"', page)
