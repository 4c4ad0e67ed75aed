"""One date format per language on every page (issue 13, item 4).

Polish pages show 30.11.2026 (and "pon. 30.11.2026"), English pages 30 Nov 2026 ("Mon 30
Nov 2026"), both with 24-hour times. The test fills the demo, renders a set of pages with
many dates in each language and looks, in the text people read (tags and attributes taken
out: ``<time datetime>``, links and form values may be ISO for machines), for a date in
any other format: ISO, American ("Nov. 30, 2026", "11/30/2026"), Polish long ("30
listopada 2026"), Django's Polish short "30-11-2026", or the other language's format.
"""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from reintegra.accounts.models import User
from reintegra.core import dates
from reintegra.core.forms import DateInput

MONTHS_EN = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
MONTHS_PL_GENITIVE = ("stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|"
                      "września|października|listopada|grudnia")
ISO = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
AMERICAN = re.compile(rf"\b(?:{MONTHS_EN})\.? \d{{1,2}}, \d{{4}}|\b\d{{1,2}}/\d{{1,2}}/\d{{4}}\b"
                      r"|\b\d{1,2}:\d\d ?[ap]\.?m\b")
POLISH_LONG = re.compile(rf"\b\d{{1,2}} (?:{MONTHS_PL_GENITIVE}) \d{{4}}\b")
DASHED = re.compile(r"\b\d\d-\d\d-\d{4}\b")
POLISH_SHORT = re.compile(r"\b\d\d\.\d\d\.\d{4}\b")
ENGLISH_SHORT = re.compile(rf"\b\d{{1,2}} (?:{MONTHS_EN}) \d{{4}}\b")

WRONG = {
    "pl": {"ISO": ISO, "American": AMERICAN, "Polish long": POLISH_LONG, "dashed": DASHED,
           "English": ENGLISH_SHORT},
    "en": {"ISO": ISO, "American": AMERICAN, "Polish long": POLISH_LONG, "dashed": DASHED,
           "Polish short": POLISH_SHORT},
}
RIGHT = {"pl": POLISH_SHORT, "en": ENGLISH_SHORT}


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"(?s)<[^>]*>", " ", html)


# The title of a statute cites its date as enacted ("ustawa z 12 grudnia 2013 r.", "Act on
# Foreigners of 12 Dec 2013"), and a rule's Polish source is quoted as published ("w mocy od
# 5 marca 2026 r."): names and quotations, not dates to reformat.
CITATION = re.compile(r"(?i)\b(?:ustaw\w*|act|w mocy od)\b[^.;:()]{0,40}?\b\d{1,2} \w+\.? \d{4}")


def wrong_dates(text: str, language: str) -> dict[str, list[str]]:
    text = CITATION.sub(" ", text)
    found = {name: pattern.findall(text) for name, pattern in WRONG[language].items()}
    return {name: hits for name, hits in found.items() if hits}


@pytest.mark.parametrize(("language", "sample"), [
    ("pl", "Od 2026-11-30"), ("pl", "30 listopada 2026"), ("pl", "30 Nov 2026"),
    ("pl", "30-11-2026"), ("en", "Nov. 30, 2026"), ("en", "30.11.2026"),
    ("en", "2:05 p.m."), ("en", "11/30/2026"),
])
def test_the_checker_finds_a_date_in_another_format(language, sample):
    assert wrong_dates(f"<p>{sample}</p>", language)


def test_the_named_formats(settings):
    import datetime as dt

    day = dt.date(2026, 11, 30)
    with translation.override("pl"):
        assert dates.show_date(day) == "30.11.2026"
        assert dates.weekday_date(day) == "pon. 30.11.2026"
        assert dates.weekday_date(day, long=True) == "poniedziałek 30.11.2026"
        assert dates.show_time(dt.time(14, 5)) == "14:05"
    with translation.override("en"):
        assert dates.show_date(day) == "30 Nov 2026"
        assert dates.weekday_date(day) == "Mon 30 Nov 2026"
        assert dates.show_time(dt.time(14, 5)) == "14:05"


@pytest.mark.parametrize(("language", "typed"), [
    ("pl", "30.11.2026"), ("pl", "2026-11-30"), ("pl", "30/11/2026"),
    ("en", "30/11/2026"), ("en", "30 Nov 2026"), ("en", "2026-11-30"),
])
def test_a_date_field_accepts_the_shown_format_and_iso(language, typed):
    import datetime as dt

    from django import forms

    class F(forms.Form):
        day = forms.DateField(widget=DateInput())

    with translation.override(language):
        form = F({"day": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == dt.date(2026, 11, 30)


def test_a_date_field_shows_the_date_as_pages_do_with_a_hint():
    import datetime as dt

    from django import forms

    class F(forms.Form):
        day = forms.DateField(label="Day", widget=DateInput())

    with translation.override("pl"):
        html = str(F(initial={"day": dt.date(2026, 11, 30)}))
        assert 'value="30.11.2026"' in html
        assert "Na przykład 30.11.2026" in html
        assert 'aria-describedby="id_day_datehint"' in html
    with translation.override("en"):
        html = str(F(initial={"day": dt.date(2026, 11, 30)}))
        assert 'value="30/11/2026"' in html
        assert "For example, 30/11/2026" in html


def _pages(coordinator):
    from reintegra.clients.models import Client
    from reintegra.legal.models import LegalStatus
    from reintegra.plans.models import SupportPlan
    from reintegra.programme.models import Offering

    urls = ["/", reverse("core:due"),
            reverse("clients:list"), reverse("programme:offerings"),
            reverse("programme:week"), reverse("legal:workspace"),
            reverse("legal:rules"), reverse("casework:my_tasks")]
    for client in Client.objects.filter(
            pk__in=LegalStatus.objects.values("client_id"))[:2]:
        urls += [reverse("clients:detail", args=[client.pk]),
                 reverse("legal:client", args=[client.pk]),
                 reverse("legal:timeline", args=[client.pk]),
                 reverse("casework:notes", args=[client.pk]),
                 reverse("audit:client_history", args=[client.pk])]
    for plan in SupportPlan.objects.all()[:2]:
        urls.append(reverse("plans:plan", args=[plan.pk]))
    for offering in Offering.objects.all()[:3]:
        urls.append(reverse("programme:offering", args=[offering.pk]))
    return urls


def test_every_page_shows_dates_in_one_format_per_language(db, client):
    call_command("seed_demo", seed=7, stdout=StringIO())
    coordinator = User.objects.get(username="coordinator")
    client.force_login(coordinator)
    urls = _pages(coordinator)
    assert len(urls) >= 15
    for language in ("pl", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        right = 0
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = visible_text(response.content.decode())
            assert not wrong_dates(text, language), (language, url, wrong_dates(text, language))
            right += len(RIGHT[language].findall(text))
        assert right >= 50, (language, right)  # the pages did show dates


def test_the_week_ends_on_sunday():
    """"Due this week" runs to Sunday: the week starts on Monday, as in Poland."""
    import datetime as dt

    monday, sunday = dt.date(2026, 11, 30), dt.date(2026, 12, 6)
    assert [dates.week_end(monday + dt.timedelta(days=i)) for i in range(7)] == [sunday] * 7
    assert dates.week_end(sunday + dt.timedelta(days=1)) == dt.date(2026, 12, 13)
