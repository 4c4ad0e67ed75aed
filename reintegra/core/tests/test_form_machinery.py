"""The form machinery (issue 13): "Error:" before the title of a page whose form has errors,
specific messages instead of "This field is required.", the error summary in the order
of the fields on the page."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from reintegra.privacy import services as privacy

EN, PL = "en", "pl"


def _send(client, method, url, data=None, lang=EN):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return getattr(client, method)(url, data or {})


def _title(page):
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def _summary_targets(page):
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    return re.findall(r'href="#([^"]+)"', summary)


@pytest.fixture
def pages(people, team_client):
    """(name, url, empty POST) of several forms of different apps, and who fills them."""
    erasure = privacy.request_erasure(actor=people.dora, client=team_client,
                                      reason="data_subject")
    return [
        ("intake", reverse("clients:create"), people.alice),
        ("consent", reverse("privacy:consent_create", args=[team_client.pk]), people.bob),
        ("assessment", reverse("plans:assessment_new", args=[team_client.pk]), people.bob),
        ("erasure", reverse("privacy:erasure_confirm", args=[erasure.pk]), people.alice),
        ("close", reverse("clients:close", args=[team_client.pk]), people.bob),
    ]


def test_a_form_with_errors_puts_error_before_the_title_in_both_languages(client, pages):
    for name, url, actor in pages:
        client.force_login(actor)
        for headers, word in ((EN, "Error:"), (PL, "Błąd:")):
            response = _send(client, "post", url, {"assessed_on": "not a date"}, headers)
            assert response.status_code in (200, 400), name
            assert _title(response.content.decode()).startswith(word), name


def test_a_form_without_errors_has_the_plain_title(client, people, team_client):
    client.force_login(people.alice)
    for url in (reverse("clients:create"),
                reverse("privacy:consent_create", args=[team_client.pk])):
        title = _title(_send(client, "get", url).content.decode())
        assert not title.startswith("Error"), title


def test_required_messages_name_the_field(client, pages):
    for name, url, actor in pages:
        client.force_login(actor)
        page = _send(client, "post", url, {}, EN).content.decode()
        assert "This field is required" not in page, name
        page = _send(client, "post", url, {}, PL).content.decode()
        assert "To pole jest wymagane" not in page, name


def test_intake_says_what_to_enter_and_lists_errors_in_the_page_order(client, people):
    client.force_login(people.alice)
    page = _send(client, "post", reverse("clients:create"), {}, PL).content.decode()
    for message in ("Wpisz imię", "Wpisz nazwisko", "Wybierz płeć"):
        assert message in page
    targets = _summary_targets(page)
    assert targets[:2] == ["id_first_name", "id_second_name"]
    # The summary's order is the order in which the fields stand on the page.
    form = page[page.index("</div>", page.index('class="error-summary"')):]
    positions = [form.index(f'id="{target}"') for target in targets]
    assert positions == sorted(positions), targets


def test_assessment_summary_follows_the_page(client, people, team_client):
    client.force_login(people.bob)
    page = _send(client, "post", reverse("plans:assessment_new", args=[team_client.pk]),
                 {"assessed_on": "", "rating_safety": "9", "rating_money": "7",
                  "lang-TOTAL_FORMS": "0", "lang-INITIAL_FORMS": "0"}).content.decode()
    assert _summary_targets(page) == ["id_assessed_on", "id_rating_safety", "id_rating_money"]
    assert "Enter the date of the assessment" in page


@pytest.mark.parametrize("value", ["", "b", 2, None])
def test_the_fast_select_writes_what_the_templates_write(value):
    """core.forms.FastSelect writes in Python what Django's select templates (and our
    select_option.html) write: same attributes, chosen option, groups, placeholder, and
    escaping of labels and values; only the blank lines between tags are left out."""
    from django import forms as django_forms

    from reintegra.core.forms import FastSelect

    choices = [("", "---------"), ("a", "Ąę <b>&"), ("b", "Bee"), (2, "Two"),
               ("Group \"one\"", [("g1", "In a group"), ("g2", "Also")])]
    attrs = {"id": "id_pick", "aria-describedby": "a b", "required": True,
             "disabled": False}
    by_templates = django_forms.Select(choices=choices).render("pick", value, attrs)
    in_python = FastSelect(choices=choices).render("pick", value, attrs)
    assert in_python == re.sub(r">\s+<", "><", by_templates.strip())  # the same, but no blanks
    assert "&lt;b&gt;&amp;" in in_python
