"""The intake page (issue 13): sections with headings, and the long lists (countries,
languages) as native selects that the page's script turns into an autocomplete; without
JavaScript the native select is the field."""

import re

from django.urls import reverse

from reintegra.clients.forms import SECTIONS, ClientForm


def _page(client, people):
    client.force_login(people.alice)
    return client.get(reverse("clients:create"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_intake_is_in_sections_in_the_order_of_the_form(client, people):
    page = _page(client, people)
    ids = re.findall(r'<section class="form-section" aria-labelledby="section-(\w+)">', page)
    assert ids == ["identity", "contact", "situation", "exploitation", "referral", "team"]
    # Every field of the form stands in exactly one section, in the form's own order.
    names = [name for _key, _title, fields in SECTIONS for name in fields]
    assert sorted(names) == sorted(ClientForm(organisation=people.org).fields)
    assert list(ClientForm(organisation=people.org).fields) == names


def test_long_lists_are_native_selects_marked_for_the_autocomplete(client, people):
    page = _page(client, people)
    citizenship = re.search(r'<select name="citizenship"[^>]*>', page).group(0)
    assert "multiple" in citizenship and 'data-autocomplete="multiple"' in citizenship
    for name in ("primary_language", "secondary_language", "exploitation_country"):
        tag = re.search(rf'<select name="{name}"[^>]*>', page).group(0)
        assert 'data-autocomplete="single"' in tag, name
    assert "js/forms.js" in page
    # The form posts as before (the select is the field): two citizenships are kept.
    client.force_login(people.alice)
    response = client.post(reverse("clients:create"), {
        "first_name": "Oksana", "second_name": "Rudenko", "intake_date": "2026-03-01",
        "gender": "Feminine", "citizenship": ["UA", "MD"], "primary_language": "ukr",
        "case_owner": people.alice.pk, "art9_basis": "9_2_a",
    })
    assert response.status_code == 302
    from reintegra.clients.models import Client

    assert sorted(str(c) for c in Client.objects.latest("pk").citizenship) == ["MD", "UA"]
