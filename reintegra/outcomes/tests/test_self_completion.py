"""The client's questionnaire on a tablet, the interview mode and the staff pages."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reintegra.audit.models import AuditEvent
from reintegra.core.testing import make_client
from reintegra.outcomes import services
from reintegra.outcomes.models import Administration, AnswerSet, SelfCompletionLink

from .test_outcomes import answer, consent


@pytest.fixture
def instruments(db):
    return {i.code: i for i in services.import_shipped_instruments()}


@pytest.fixture
def patient(people):
    return make_client(people.alice, team=[people.bob, people.piotr], owner=people.bob)


def start(client, people, patient, codes=("SECURITY",), language="uk"):
    client.force_login(people.bob)
    response = client.post(reverse("outcomes:self_start", args=[patient.pk]),
                           {"instruments": list(codes), "language": language})
    assert response.status_code == 302
    return response.url


def step(client, url, page, action, answer=None):
    """Post the current screen as a browser would: hidden fields carried along."""
    fields = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page))
    fields["action"] = action
    if answer is not None:
        fields["answer"] = str(answer)
    return client.post(url, fields)


def test_the_client_answers_in_ukrainian_one_question_per_screen_and_once(
        client, people, patient, instruments):
    url = start(client, people, patient)
    # The staff session on this browser has ended: no staff page is reachable.
    for staff_url in (reverse("clients:detail", args=[patient.pk]), reverse("home"),
                      reverse("outcomes:cohort"), reverse("clients:list")):
        assert "/accounts/login/" in client.get(staff_url).url
    intro = client.get(url).content.decode()
    assert 'lang="uk"' in intro and "Почати" in intro and "site-header" not in intro
    page = step(client, url, intro, "start").content.decode()
    assert "Запитання 1 з 6" in page and "Я почуваюся в безпеці" in page
    page = step(client, url, page, "next", 5).content.decode()
    page = step(client, url, page, "skip").content.decode()  # item 2 skipped
    assert "Запитання 3 з 6" in page
    page = step(client, url, page, "back").content.decode()  # back to item 2
    assert "Запитання 2 з 6" in page
    page = step(client, url, page, "skip").content.decode()
    bad = step(client, url, page, "next", 9).content.decode()  # not an option: same screen
    assert "Запитання 3 з 6" in bad and 'role="alert"' in bad
    for value in (1, 5, 5, 1):
        page = step(client, url, page, "next", value).content.decode()
    assert "Відповідей: 5 з 6" in page
    done = step(client, url, page, "send")
    assert done.status_code == 302 and "Дякуємо" in client.get(done.url).content.decode()
    administration = Administration.objects.get(client=patient, instrument__code="SECURITY")
    # 5 + 5 + 5 + 5 (items 3 and 6 reversed: 1 -> 5) over 5 answered, prorated to 6 items
    assert administration.valid and administration.score == pytest.approx(25 * 6 / 5)
    assert administration.mode == "self" and administration.language == "uk"
    # The link works once: again, or a second submission, stores nothing twice.
    again = step(client, url, page, "send")
    assert again.status_code == 410 and "уже надіслано" in again.content.decode()
    assert client.get(url).status_code == 410
    assert AnswerSet.objects.filter(client=patient).count() == 1
    # Both the start (by bob) and the client's submission (no staff actor) are audited.
    events = AuditEvent.objects.filter(client_id=patient.pk,
                                       object_type="outcomes.selfcompletionlink")
    assert sorted((e.action, e.actor_id) for e in events) == [
        ("create", people.bob.pk), ("update", None)]


def test_a_tampered_or_expired_link_gives_a_clear_message_and_stores_nothing(
        client, people, patient, instruments):
    url = start(client, people, patient)
    tampered = url.rstrip("/")[:-2] + "xx/"
    assert client.get(tampered).status_code == 404
    assert "недійсне" not in client.get(tampered).content.decode()  # language unknown: en
    assert "not valid" in client.get(tampered).content.decode()
    SelfCompletionLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(url, {"step": "6", "action": "send"})
    assert response.status_code == 410 and "Час для відповідей минув" in response.content.decode()
    assert not Administration.objects.filter(client=patient, completed_on__isnull=False).exists()


def test_starting_needs_a_questionnaire_with_text_in_the_language(client, people, patient,
                                                                  instruments):
    client.force_login(people.bob)
    response = client.post(reverse("outcomes:self_start", args=[patient.pk]),
                           {"instruments": ["RSES"], "language": "uk"})
    assert response.status_code == 200 and b"error-summary" in response.content
    assert not SelfCompletionLink.objects.exists()
    assert client.get(reverse("clients:detail", args=[patient.pk])).status_code == 200
    client.force_login(people.charlie)  # off the team: 404, nothing made
    assert client.post(reverse("outcomes:self_start", args=[patient.pk]),
                       {"instruments": ["SECURITY"], "language": "uk"}).status_code == 404


def test_interview_mode_scores_and_the_panel_shows_it(client, people, patient, instruments):
    client.force_login(people.bob)
    client.post(reverse("outcomes:schedule", args=[patient.pk]),
                {"instruments": ["WHO-5"], "start": "2026-01-05"})
    baseline = Administration.objects.get(client=patient, timepoint="baseline")
    url = reverse("outcomes:administer", args=[baseline.pk])
    bad = client.post(url, {"item_1": "9", "completed_on": "2026-01-05"})
    assert bad.status_code == 200 and b"error-summary" in bad.content
    assert not Administration.objects.filter(pk=baseline.pk, completed_on__isnull=False).exists()
    ok = client.post(url, {**{f"item_{i}": "3" for i in range(1, 6)},
                           "completed_on": "2026-01-05"})
    assert ok.status_code == 302
    baseline.refresh_from_db()
    assert baseline.score == 60.0 and baseline.mode == "staff"
    assert client.get(url).status_code == 404  # done: not entered twice
    page = client.get(reverse("clients:detail", args=[patient.pk])).content.decode()
    assert "WHO-5" in page and "60" in page and "pomiar początkowy" in page
    assert reverse("outcomes:answers", args=[baseline.pk]) not in page  # bob: no answers
    client.force_login(people.piotr)
    page = client.get(reverse("clients:detail", args=[patient.pk])).content.decode()
    answers_url = reverse("outcomes:answers", args=[baseline.pk])
    assert answers_url in page
    assert "More than half of the time" in client.get(answers_url).content.decode()
    client.force_login(people.bob)
    assert client.get(answers_url).status_code == 404


def test_cohort_page_counts_consenting_clients_with_a_fixed_number_of_queries(
        client, people, instruments):
    def make(n):
        for _ in range(n):
            c = make_client(people.alice, team=[people.bob])
            consent(people.alice, c)
            answer(people.bob, c, instruments["WHO-5"], [2, 2, 2, 2, 2], dt.date(2026, 1, 5))
            answer(people.bob, c, instruments["WHO-5"], [3, 3, 3, 3, 2], dt.date(2026, 5, 5))
    make(2)
    client.force_login(people.alice)
    url = reverse("outcomes:cohort") + "?instrument=WHO-5&start=2026-01-01&end=2026-12-31"
    client.get(url)  # the first request of a session does more (session, MFA state)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    make(3)
    with CaptureQueriesContext(connection) as more:
        page = client.get(url).content.decode()
    assert len(more) == len(few), "\n".join(q["sql"][:120] for q in more.captured_queries)
    # Polish by default; the caveats print with the figures
    assert "związku przyczynowego" in page and "WHO-5" in page
    assert re.search(r"Pary \(pierwszy i ostatni ważny wynik\)</dt><dd>5<", page)
    client.force_login(people.tina)
    assert client.get(url).status_code == 404
    client.force_login(people.dora)
    assert client.get(url).status_code == 404


def test_cohort_figures_cover_only_the_clients_each_user_reaches(client, people, instruments):
    """bob's figures count his team's clients; alice's the whole organisation's; a
    breakdown by activity only shows activities of counted clients."""
    mine = make_client(people.alice, team=[people.bob])
    theirs = make_client(people.alice, team=[people.charlie])
    for c in (mine, theirs):
        consent(people.alice, c)
        answer(people.bob if c is mine else people.charlie, c, instruments["WHO-5"],
               [1, 1, 1, 1, 1], dt.date(2026, 1, 5))
        answer(people.bob if c is mine else people.charlie, c, instruments["WHO-5"],
               [4, 4, 4, 4, 4], dt.date(2026, 5, 5))
    url = reverse("outcomes:cohort") + "?instrument=WHO-5&start=2026-01-01&end=2026-12-31"
    for person, pairs in ((people.bob, 1), (people.charlie, 1), (people.alice, 2),
                          (people.piotr, 0), (people.oscar, 0)):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert re.search(rf"Pary \(pierwszy i ostatni ważny wynik\)</dt><dd>{pairs}<", page), \
            person.username
