"""Name search through the token blind indexes (issue 13, items 1 and 2)."""

from datetime import date

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reintegra.audit.models import AuditEvent
from reintegra.clients import search, selectors
from reintegra.clients.models import BlindIndex, Client
from reintegra.clients.services import rebuild_search_index
from reintegra.core.testing import make_client

from .test_views import form_data

LIST = reverse("clients:list")


def found(actor, text):
    return [c.code for c in selectors.client_list(
        actor=actor, filters=selectors.ClientFilters(q=text))]


@pytest.fixture
def oksana(people):
    return make_client(people.alice, first_name="Оксана", second_name="Руденко",
                       chosen_name=None, citizenship=["UA"], primary_language="ukr")


@pytest.mark.parametrize("text", ["rudenko", "Oksana", "rud oks", "Руденко", "RUDENKO oksana"])
def test_a_cyrillic_name_is_found_by_latin_words_parts_and_its_own_script(people, oksana, text):
    make_client(people.alice, first_name="Olena", second_name="Rudnicka")  # "rud" only
    assert found(people.alice, text)[0] == oksana.code


def test_passport_and_international_spellings_find_a_ukrainian_name(people):
    halyna = make_client(people.alice, first_name="Галина", second_name="Ковальчук",
                         chosen_name=None, primary_language="", citizenship=["UA"])
    for text in ("Halyna Kovalchuk", "Galina Kovalchuk", "kovalch", "Koval'chuk Galina"):
        assert found(people.alice, text) == [halyna.code], text


def test_a_russian_name_is_indexed_under_icao_9303_and_the_international_spelling(people):
    yulia = make_client(people.alice, first_name="Юлия", second_name="Щербакова",
                        chosen_name=None, primary_language="rus", citizenship=["RU"])
    assert found(people.alice, "Iuliia Shcherbakova") == [yulia.code]  # ICAO Doc 9303
    assert found(people.alice, "Yuliya Shcherbakova") == [yulia.code]  # international


def test_words_in_any_order_and_ranked_all_words_first(people):
    both = make_client(people.alice, first_name="Cristina", second_name="Manalo",
                       intake_date=date(2025, 1, 1))
    surname_only = make_client(people.alice, first_name="Maria", second_name="Manalo",
                               intake_date=date(2026, 5, 1))
    prefix_only = make_client(people.alice, first_name="Maria", second_name="Manalova",
                              intake_date=date(2026, 6, 1))
    make_client(people.alice, first_name="Ewa", second_name="Nowak")
    # all words first (older intake), then whole words before beginnings, then newest
    assert found(people.alice, "manalo cristina") == [both.code, surname_only.code,
                                                      prefix_only.code]


def _manalos(people):
    """Clients of one organisation, by how well each matches "manalo cristina"."""
    def make(first, second, intake):
        return make_client(people.alice, first_name=first, second_name=second,
                           intake_date=intake).code

    return {
        "prefix_newest": make("Maria", "Manalova", date(2026, 7, 1)),  # 1 word, a beginning
        "whole_older": make("Maria", "Manalo", date(2026, 6, 1)),  # 1 word, whole
        "whole_later": make("Marta", "Manalo", date(2026, 6, 1)),  # same, registered later
        "both_prefix": make("Cristina", "Manalovic", date(2024, 1, 1)),  # 2 words, 1 whole
        "both_whole": make("Cristina", "Manalo", date(2023, 1, 1)),  # 2 words, both whole
        "other": make("Ewa", "Nowak", date(2026, 8, 1)),
    }


def test_ranking_all_words_then_whole_words_then_newest_intake_then_latest_registered(people):
    c = _manalos(people)
    assert found(people.alice, "manalo cristina") == [
        c["both_whole"], c["both_prefix"],  # every word, however old
        c["whole_later"], c["whole_older"],  # a whole word; same intake: registered later
        c["prefix_newest"],  # only a beginning, though the newest intake
    ]


def test_a_name_search_is_paged_and_counted_in_two_queries(people):
    from django.http import Http404
    from django.test import RequestFactory

    from reintegra.core.pagination import paginate_by_ids

    c = _manalos(people)
    ranked = found(people.alice, "manalo cristina")
    qs = selectors.client_list(actor=people.alice,
                               filters=selectors.ClientFilters(q="manalo cristina"))

    def page(number):
        request = RequestFactory().get(LIST, {"page": number})
        return paginate_by_ids(request, qs, per_page=2)

    with CaptureQueriesContext(connection) as queries:
        first = page(1)
    # The page's keys with the count (one query: no COUNT repeating the search), the rows.
    assert len(queries) == 2
    assert first.paginator.count == 5 and first.paginator.num_pages == 3
    assert [x.code for x in first.object_list] == ranked[:2]
    assert [x.code for x in page(2).object_list] == ranked[2:4]
    assert [x.code for x in page(3).object_list] == ranked[4:] == [c["prefix_newest"]]
    with pytest.raises(Http404):
        page(4)
    nobody = selectors.client_list(actor=people.alice,
                                   filters=selectors.ClientFilters(q="zzyzx"))
    empty = paginate_by_ids(RequestFactory().get(LIST), nobody, per_page=2)
    assert empty.paginator.count == 0 and list(empty.object_list) == []


def test_words_of_one_or_two_letters_are_ignored(people):
    make_client(people.alice, first_name="Li", second_name="Wu")
    assert found(people.alice, "li wu") == []
    assert found(people.alice, "wu") == []


def test_a_code_is_a_prefix_lookup_and_digits_alone_find_the_number(people):
    target = make_client(people.alice)
    assert target.code in found(people.alice, target.code[:-1])
    assert found(people.alice, target.code.lower()) == [target.code]
    assert found(people.alice, target.code[-4:]) == [target.code]


def test_a_case_worker_never_finds_a_client_outside_their_reach(people, client, team_client):
    make_client(people.alice, first_name="Anna", second_name="Kowalska")  # not bob's
    assert found(people.bob, "kowalska") == [team_client.code]
    client.force_login(people.bob)
    page = client.post(LIST, {"q": "kowalska"}, follow=True)
    assert page.context["page"].paginator.count == 1


def _text_columns():
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, (models.CharField, models.TextField, models.JSONField)):
                yield model, f


def test_no_plaintext_name_or_token_is_stored(people, oksana):
    make_client(people.alice, first_name="Cristina", second_name="Manalo")
    secrets = {"оксана", "руденко", "oksana", "rudenko", "rud", "ruden", "cristina",
               "manalo", "man", "crist"}
    for model, f in _text_columns():
        if model._meta.app_label == "vault":
            continue
        for value in model.objects.values_list(f.attname, flat=True):
            text = str(value or "").lower()
            leaked = {s for s in secrets if s in text.split() or s == text}
            assert not leaked, f"{model._meta.label}.{f.name} holds {leaked}"
    for digest in BlindIndex.objects.values_list("digest", flat=True):
        assert all(ch in "0123456789abcdef" for ch in digest) and len(digest) == 16


def test_each_kind_of_index_has_its_own_key():
    kinds = ["token", "prefix", "name", "name_birth", "document", "phone"]
    assert len({search.purpose_key(k) for k in kinds}) == len(kinds)
    assert search.digest("token", "anna") != search.digest("prefix", "anna")


def test_search_is_a_post_and_the_name_stays_out_of_urls_and_audit(client, people, oksana):
    client.force_login(people.alice)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = client.post(LIST, {"q": "Rudenko Oksana", "status": "Active"})
    assert response.status_code == 303
    location = response["Location"]
    assert "rudenko" not in location.lower() and "q=" not in location
    assert "status=Active" in location
    page = client.get(location)
    assert oksana.code in page.content.decode()
    # the next page keeps the search through the token, not the text
    assert 'value="Rudenko Oksana"' in page.content.decode()
    # a name in ?q= (an old link) is ignored, not searched
    assert oksana.code in client.get(LIST, {"q": "nobody"}).content.decode()
    for event in AuditEvent.objects.filter(pk__gt=before or 0):
        row = " ".join(str(v) for v in (event.object_type, event.object_id, event.action))
        assert "rudenko" not in row.lower() and "oksana" not in row.lower()


def test_the_search_page_makes_a_fixed_number_of_queries(client, people):
    client.force_login(people.alice)
    for n in range(3):
        make_client(people.alice, first_name="Marta", second_name=f"Nowak{'x' * n}")
    location = client.post(LIST, {"q": "nowak marta"})["Location"]
    client.get(location)
    with CaptureQueriesContext(connection) as few:
        client.get(location)
    for n in range(6):
        make_client(people.alice, first_name="Marta", second_name=f"Nowaks{'y' * n}")
    with CaptureQueriesContext(connection) as many:
        client.get(location)
    searched = len(many)
    assert len(few) == searched
    # One fewer than the list without a search: the count comes with the page's query.
    client.get(LIST)
    with CaptureQueriesContext(connection) as listed:
        client.get(LIST)
    assert searched == len(listed) - 1


def test_rebuild_recomputes_the_indexes_as_a_recorded_read(people, oksana):
    BlindIndex.objects.filter(client=oksana).delete()
    assert found(people.alice, "rudenko") == []
    assert rebuild_search_index() >= 1
    assert found(people.alice, "rudenko") == [oksana.code]
    assert AuditEvent.objects.filter(client_id=oksana.pk, object_type="clients.searchindex",
                                     actor__isnull=True).exists()


def test_group_enrolment_searches_by_code_only_so_no_name_reaches_the_url(client, people):
    from reintegra.programme.tests.factories import make_offering

    offering = make_offering(people.alice, start=date.today())
    wanted = make_client(people.alice, first_name="Оксана", second_name="Руденко",
                         team=[people.bob], owner=people.bob)
    other = make_client(people.alice, first_name="Ewa", second_name="Nowak",
                        team=[people.bob], owner=people.bob)
    client.force_login(people.bob)
    url = reverse("programme:offering_enrol_group", args=[offering.pk])
    page = client.get(url, {"code": wanted.code}).content.decode()
    assert wanted.code in page and other.code not in page
    # The GET search reads a code only: a name typed there finds nobody.
    page = client.get(url, {"code": "rudenko"}).content.decode()
    assert wanted.code not in page and other.code not in page
    page = client.get(url, {"q": "rudenko"}).content.decode()
    assert wanted.code in page and other.code in page  # ?q= is not a search
    assert Client.objects.filter(enrolments__isnull=False).count() == 0  # nothing enrolled


# The duplicate warning (item 2)

def test_duplicate_warning_on_a_similar_name_without_a_birth_date(client, people):
    make_client(people.alice, first_name="Галина", second_name="Ковальчук", birth_date=None,
                phone="", documents=[], citizenship=["UA"])
    client.force_login(people.alice)
    data = form_data(first_name="Halyna", second_name="Kovalchuk", birth_date="",
                     phone="", passport="", case_owner=people.alice.pk)
    before = Client.objects.count()
    response = client.post(reverse("clients:create"), data)
    assert response.status_code == 200 and Client.objects.count() == before
    page = response.content.decode()
    assert "may already be registered" in page or "może być już zarejestrowana" in page
    assert 'target="_blank"' in page and 'rel="noopener noreferrer"' in page
    assert 'value="Halyna"' in page  # the half-filled form is kept
    dups = response.context["duplicates"]
    assert dups[0].reasons == ["name"] and dups[0].full_name == "Галина Ковальчук"


def test_duplicate_warning_on_a_phone_and_on_a_document(client, people):
    make_client(people.alice, first_name="Ewa", second_name="Nowak", phone="501-222-333",
                documents=[{"type": "passport", "number": "ZZ 777"}])
    client.force_login(people.alice)
    by_phone = client.post(reverse("clients:create"), form_data(
        phone="+48 501 222 333", passport="", case_owner=people.alice.pk))
    assert [d.reasons for d in by_phone.context["duplicates"]] == [["phone"]]
    by_document = client.post(reverse("clients:create"), form_data(
        phone="", passport="zz777", case_owner=people.alice.pk))
    assert [d.reasons for d in by_document.context["duplicates"]] == [["document"]]


def test_a_match_out_of_reach_shows_nothing_of_the_person(client, people):
    make_client(people.alice, first_name="Oksana", second_name="Melnyk")  # not charlie's
    client.force_login(people.charlie)
    response = client.post(reverse("clients:create"), form_data(case_owner=people.charlie.pk))
    dups = response.context["duplicates"]
    assert dups and dups[0].code is None and dups[0].full_name == ""
    assert response.content.decode().count("Melnyk") == 1  # only the form's own value
