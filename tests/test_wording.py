"""The Polish interface uses one term per thing and no English (issue 13, item 5).

docs/glossary.toml holds the chosen terms, the rejected synonyms and a small list of
English words; every Polish catalogue's msgstr is checked against it. The checker runs on
an in-memory sample too, so that it is shown to fail on what it must find.
"""

import re
import tomllib
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = tomllib.loads((ROOT / "docs" / "glossary.toml").read_text(encoding="utf-8"))
POLISH = sorted(p for p in ROOT.glob("reintegra/*/locale/pl/LC_MESSAGES/django.po"))

_NOISE = re.compile(r"--[a-z][\w-]*|%\([^)]*\)[sd]|%[sd]|\{[^}]*\}|<[^>]*>|&\w+;|https?://\S+")
_WORD = re.compile(r"[^\W\d_]+")


def _texts(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


def problems(entries) -> list[str]:
    """What is wrong with these Polish entries: rejected terms and English left over."""
    found = []
    english = {w.lower() for w in GLOSSARY["english"]["words"]}
    same_ok = set(GLOSSARY["english"]["same_as_english"])
    notation = [re.compile(p, re.IGNORECASE) for p in GLOSSARY["notation"]["rejected_patterns"]]
    for entry in entries:
        for text in _texts(entry):
            if not text:
                continue
            low = text.lower()
            for term in GLOSSARY["term"]:
                if entry.msgid in term.get("allow", []):
                    continue
                scope = term.get("when_msgid")
                if scope and scope not in entry.msgid.lower():
                    continue
                for bad in term.get("rejected", []):
                    if bad.lower() in low:
                        found.append(f"{entry.msgid!r}: {bad!r} instead of {term['polish']!r}")
                for bad in term.get("rejected_words", []):
                    if re.search(rf"(?<!\w){re.escape(bad)}(?!\w)", low):
                        found.append(f"{entry.msgid!r}: {bad!r} instead of {term['polish']!r}")
            if "(optional)" in entry.msgid and "(opcjonalnie)" not in text:
                found.append(f"{entry.msgid!r}: an optional field is marked '(opcjonalnie)'")
            for pattern in notation:
                if pattern.search(text):
                    found.append(f"{entry.msgid!r}: write "
                                 f"{GLOSSARY['notation']['gender_unknown']!r} style")
            plain = _NOISE.sub(" ", text)
            if (text == entry.msgid and _WORD.search(plain) and text not in same_ok
                    and len(_WORD.findall(plain)) > 1):
                found.append(f"{entry.msgid!r}: msgstr copied from the English")
            words = {w.lower() for w in _WORD.findall(plain)}
            left = sorted(words & english)
            if left:
                found.append(f"{entry.msgid!r}: English word(s) {left} in {text!r}")
    return found


def test_the_checker_finds_a_rejected_term_and_english():
    sample = [
        polib.POEntry(msgid="Add a session", msgstr="Dodaj spotkanie"),
        polib.POEntry(msgid="Venue", msgstr="Miejsce"),
        polib.POEntry(msgid="Phone (optional)", msgstr="Telefon (nieobowiązkowy)"),
        polib.POEntry(msgid="Enrolled", msgstr="Zapisany/a"),
        polib.POEntry(msgid="Save the goal", msgstr="Zapisz the goal"),
        polib.POEntry(msgid="Nothing to show yet.", msgstr="Nothing to show yet."),
        polib.POEntry(msgid="Edit the plan", msgstr="Edytuj plan"),
        polib.POEntry(msgid="Note (optional)", msgstr="Notatka, jeśli chcesz"),
    ]
    for entry in sample:
        assert problems([entry]), entry.msgid
    good = [polib.POEntry(msgid="Add a session", msgstr="Dodaj zajęcia"),
            polib.POEntry(msgid="Venue", msgstr="Sala"),
            polib.POEntry(msgid="Places", msgstr="Miejsca"),
            polib.POEntry(msgid="Meeting", msgstr="Spotkanie"),
            polib.POEntry(msgid="Enrolled", msgstr="Zapisany(-a)"),
            polib.POEntry(msgid="PDF", msgstr="PDF"),
            polib.POEntry(msgid="Planned end date", msgstr="Planowana data zakończenia"),
            polib.POEntry(msgid="Edit the plan", msgstr="Edytuj ścieżkę")]
    assert problems(good) == []


@pytest.mark.parametrize("path", POLISH, ids=lambda p: p.parts[-5])
def test_polish_catalogue_follows_the_glossary(path):
    found = problems(polib.pofile(str(path)))
    assert not found, "\n".join(found)


def test_countries_follow_the_polish_alphabet_with_no_name_twice():
    from django.utils import translation
    from django_countries import countries

    with translation.override("pl"):
        names = [name for _code, name in countries]
    assert len(names) == len(set(names)), "a country name appears twice"
    assert names.index("Litwa") < names.index("Luksemburg") < names.index("Łotwa") \
        < names.index("Macedonia")
    assert names.index("Sint Maarten") < names.index("Słowacja") < names.index("Somalia")
    assert names.index("Zimbabwe") < names.index("Zjednoczone Emiraty Arabskie")


def test_polish_alphabet_key():
    from reintegra.core.collation import polish_sort_key

    words = ["Żory", "Łódź", "Zabrze", "Lublin", "Śrem", "Sopot", "Ostrów", "Ółów", "Ćmielów"]
    assert sorted(words, key=polish_sort_key) == [
        "Ćmielów", "Lublin", "Łódź", "Ostrów", "Ółów", "Sopot", "Śrem", "Zabrze", "Żory"]


def test_language_names_are_plain_and_sorted():
    from django.utils import translation

    from reintegra.clients.languages import language_choices, language_name

    assert language_name("nep", "pl") == "nepalski"
    assert language_name("swa", "pl") == "suahili"
    assert language_name("nep", "en") == "Nepali"
    with translation.override("pl"):
        names = [label for code, label in language_choices() if code]
    assert not [n for n in names if "(" in n]
    assert names.index("litewski") < names.index("łotewski") < names.index("macedoński")


def test_every_drop_down_says_nothing_chosen_one_way():
    from django import forms
    from django.utils import translation

    class F(forms.Form):
        a = forms.ChoiceField(choices=[("", "---------"), ("x", "X")])
        b = forms.ChoiceField(choices=[("", "—"), ("x", "X")])
        c = forms.ChoiceField(choices=[("", "Any"), ("x", "X")])

    with translation.override("pl"):
        html = str(F())
    assert html.count(">— wybierz —</option>") == 2
    assert ">Any</option>" in html
    assert "---------" not in html


@pytest.mark.django_db
def test_staff_are_shown_by_name_not_username(client):
    from django.urls import reverse

    from reintegra.core.testing import Personas, make_client

    people = Personas()
    record = make_client(people.alice, team=[people.bob], owner=people.bob)
    client.force_login(people.alice)
    client.cookies["django_language"] = "pl"
    body = client.get(reverse("clients:detail", args=[record.pk])).content.decode()
    assert "Bob Tester" in body  # the case team panel
    assert "Alice Tester" in body  # who has seen this record (alice just did)
    assert str(people.bob) == "Bob Tester"
    for username in ("bob", "alice"):
        assert f">{username}<" not in body and f" {username} " not in body


def test_a_known_gender_gets_its_own_form_and_an_unknown_one_the_notation():
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    from reintegra.core.grammar import for_person

    def enrolled(gender):
        return for_person(gender, unknown=gettext("%(code)s is enrolled."),
                          feminine=pgettext("feminine", "%(code)s is enrolled."),
                          masculine=pgettext("masculine", "%(code)s is enrolled."))

    with translation.override("pl"):
        assert "zapisana" in enrolled("Feminine")
        assert "zapisany" in enrolled("Masculine") and "(-a)" not in enrolled("Masculine")
        assert enrolled("NonSpecifiedUnknown") == gettext("%(code)s is enrolled.")
        assert problems([polib.POEntry(msgid="Enrolled", msgstr="Zapisana(-y)")])
