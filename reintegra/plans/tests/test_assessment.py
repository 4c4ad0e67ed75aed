import datetime as dt
import re

import pytest
from django.urls import reverse

from reintegra.audit.models import AuditEvent
from reintegra.plans.models import DomainRating, LanguageSkill, NeedsAssessment
from reintegra.plans.services import Rating
from reintegra.programme.models import Domain

from .factories import make_assessment
from .queries import PAGE_BUDGET, page_queries


def form_data(**overrides):
    data = {
        "assessed_on": "2026-04-10",
        "availability": ["tue_evening", "thu_evening"],
        "interests": ["computers"], "cultural_preferences": ["women_only"],
        "trauma_preferences": ["individual"], "considerations": "Prefers morning calls.",
        "summary": "Motivated; worried about debts.",
        "lang-TOTAL_FORMS": "2", "lang-INITIAL_FORMS": "0",
        "lang-MIN_NUM_FORMS": "0", "lang-MAX_NUM_FORMS": "12",
        "lang-0-language": "ukr", "lang-0-speaks": "on", "lang-0-reads": "on",
        "lang-0-writes": "on",
        "lang-1-language": "pol", "lang-1-speaks": "on",
    }
    for domain in Domain.values:
        data[f"rating_{domain}"] = ""
        data[f"note_{domain}"] = ""
    data["rating_money"] = "4"
    data["note_money"] = "Owes rent for two months."
    data["rating_housing"] = "5"
    data.update(overrides)
    return data


def test_new_assessment_is_saved_sealed_and_audited(client, people, team_client):
    client.force_login(people.bob)
    url = reverse("plans:assessment_new", args=[team_client.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    assessment = NeedsAssessment.objects.get()
    assert assessment.availability == ["thu_evening", "tue_evening"]
    assert assessment.cultural_preferences == ["women_only"]
    ratings = {r.domain: r.rating for r in assessment.ratings.all()}
    assert ratings == {"money": 4, "housing": 5}
    money = assessment.ratings.get(domain="money")
    assert money.note_sealed.startswith("rv1.") and "rent" not in money.note_sealed
    assert "debts" not in assessment.summary_sealed
    assert set(LanguageSkill.objects.values_list("language", "speaks", "writes")) == {
        ("ukr", True, True), ("pol", True, False)
    }
    assert AuditEvent.objects.filter(action="create", object_type="plans.needsassessment",
                                     object_id=str(assessment.pk)).exists()
    page = client.get(reverse("plans:assessment", args=[team_client.pk])).content.decode()
    assert "Owes rent for two months." in page and "Motivated; worried about debts." in page


@pytest.mark.parametrize("bad", ["9", "0", "x", "-1"])
def test_rating_out_of_range_is_refused_next_to_the_field(client, people, team_client, bad):
    client.force_login(people.bob)
    url = reverse("plans:assessment_new", args=[team_client.pk])
    response = client.post(url, form_data(rating_money=bad))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_rating_money"' in page
    assert 'id="id_rating_money_error"' in page
    assert NeedsAssessment.objects.count() == 0 and DomainRating.objects.count() == 0


def test_dates_outside_the_case_are_refused(client, people, team_client):
    client.force_login(people.bob)
    url = reverse("plans:assessment_new", args=[team_client.pk])
    for day in ("2020-01-01", (dt.date.today() + dt.timedelta(days=3)).isoformat()):
        response = client.post(url, form_data(assessed_on=day))
        assert 'id="id_assessed_on_error"' in response.content.decode()
    assert NeedsAssessment.objects.count() == 0


def test_a_language_listed_twice_saves_nothing(client, people, team_client):
    client.force_login(people.bob)
    url = reverse("plans:assessment_new", args=[team_client.pk])
    response = client.post(url, form_data(**{"lang-1-language": "ukr"}))
    assert response.status_code == 200
    assert 'id="id_lang-1-language_error"' in response.content.decode()
    assert NeedsAssessment.objects.count() == 0


def test_reassessment_keeps_history_and_shows_the_change(client, people, team_client):
    make_assessment(people.bob, team_client, on=dt.date(2026, 4, 1),
                    ratings={"money": 5, "housing": 3})
    make_assessment(people.bob, team_client, on=dt.date(2026, 6, 1),
                    ratings={"money": 3, "housing": Rating(4, "Eviction letter.")})
    client.force_login(people.bob)
    response = client.get(reverse("plans:assessment", args=[team_client.pk]),
                          HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert NeedsAssessment.objects.count() == 2
    assert "lower by 2 (less need)" in page or "niżej o 2" in page
    assert "higher by 1 (more need)" in page or "wyżej o 1" in page
    assert "Eviction letter." in page
    assert page.count('href="/plans/assessments/') == 2  # both in the history


def test_reassess_form_starts_from_the_latest_answers(client, people, team_client):
    make_assessment(people.bob, team_client, ratings={"safety": 2}, languages=["vie"],
                    availability=["mon_morning"])
    client.force_login(people.bob)
    page = client.get(reverse("plans:assessment_new", args=[team_client.pk])).content.decode()
    assert re.search(r'<input type="radio" name="rating_safety" value="2"[^>]*checked', page)
    assert 'value="vie" selected' in page
    assert re.search(r'value="mon_morning"[^>]*checked', page)
    assert not re.search(r'value="mon_afternoon"[^>]*checked', page)


def test_first_assessment_starts_from_the_intake_languages(client, people, team_client):
    client.force_login(people.bob)
    page = client.get(reverse("plans:assessment_new", args=[team_client.pk])).content.decode()
    assert 'value="pol" selected' in page  # primary language at intake


def test_assessment_detail_shows_one_assessment(client, people, team_client):
    first = make_assessment(people.bob, team_client, on=dt.date(2026, 4, 1),
                            ratings={"rights": Rating(4, "Does not know her rights.")})
    make_assessment(people.bob, team_client, on=dt.date(2026, 5, 1), ratings={"rights": 2})
    client.force_login(people.piotr)
    page = client.get(reverse("plans:assessment_detail", args=[first.pk])).content.decode()
    assert "Does not know her rights." in page


@pytest.mark.parametrize("who,allowed", [
    ("alice", True), ("bob", True), ("piotr", True), ("charlie", False), ("lena", False),
    ("tina", False), ("dora", False), ("oscar", False),
])
def test_it_checks_access(client, people, team_client, who, allowed):
    assessment = make_assessment(people.bob, team_client, ratings={"money": 3})
    client.force_login(getattr(people, who))
    urls = [reverse("plans:assessment", args=[team_client.pk]),
            reverse("plans:assessment_new", args=[team_client.pk]),
            reverse("plans:assessment_detail", args=[assessment.pk])]
    for url in urls:
        assert client.get(url).status_code == (200 if allowed else 404), (who, url)
    response = client.post(urls[1], form_data())
    assert NeedsAssessment.objects.count() == (2 if allowed else 1)
    assert response.status_code == (302 if allowed else 404)


def test_unknown_client_is_404(client, people):
    client.force_login(people.alice)
    assert client.get(reverse("plans:assessment", args=[999999])).status_code == 404
    assert client.get(reverse("plans:assessment_detail", args=[999999])).status_code == 404


def test_viewing_is_recorded_against_the_client(client, people, team_client):
    client.force_login(people.piotr)
    client.get(reverse("plans:assessment", args=[team_client.pk]))
    assert AuditEvent.objects.filter(action="view", actor=people.piotr,
                                     object_type="clients.client",
                                     object_id=str(team_client.pk)).exists()


def test_malformed_page_is_400(client, people, team_client):
    client.force_login(people.bob)
    url = reverse("plans:assessment", args=[team_client.pk])
    assert client.get(url, {"page": "x"}).status_code == 400


def _assess(people, client, n, first=dt.date(2026, 4, 1)):
    for i in range(n):
        make_assessment(people.bob, client, on=first + dt.timedelta(days=7 * i),
                        ratings={"money": 1 + i % 5, "housing": Rating(3, f"note {i}")},
                        languages=["pol", "ukr"])


def test_history_is_paged_and_counted(client, people, team_client):
    _assess(people, team_client, 8)
    client.force_login(people.bob)
    url = reverse("plans:assessment", args=[team_client.pk])
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "8 assessments so far" in first.content.decode()
    assert len(first.context["history"].assessments) == 6
    newest = first.context["history"].assessments[0]
    assert newest.assessed_on == dt.date(2026, 5, 20)
    money = dict(first.context["history"].rows)[Domain.MONEY.label]
    assert money == [3, 2, 1, 5, 4, 3]  # 1 + i % 5, newest first
    second = client.get(url + "?page=2", HTTP_ACCEPT_LANGUAGE="en")
    assert [a.assessed_on for a in second.context["history"].assessments] == [
        dt.date(2026, 4, 8), dt.date(2026, 4, 1)]
    assert second.context["view"].assessment == newest  # the latest, on every page
    assert "note 7" in second.content.decode()
    assert client.get(url + "?page=3").status_code == 404


def test_assessment_pages_run_a_fixed_number_of_queries(client, people, team_client):
    _assess(people, team_client, 2)
    client.force_login(people.bob)
    page = reverse("plans:assessment", args=[team_client.pk])
    latest = NeedsAssessment.objects.first()
    detail = reverse("plans:assessment_detail", args=[latest.pk])
    new = reverse("plans:assessment_new", args=[team_client.pk])
    small = [page_queries(client, url) for url in (page, detail, new)]
    _assess(people, team_client, 12, first=dt.date(2026, 6, 1))
    latest = NeedsAssessment.objects.first()
    detail = reverse("plans:assessment_detail", args=[latest.pk])
    large = [page_queries(client, url) for url in (page, detail, new)]
    assert small == large
    assert page_queries(client, page + "?page=2") == large[0]
    assert all(main <= PAGE_BUDGET and keys == 1 for main, keys in large), large
