"""The needs assessment form's shape (issue 13): radios for the 1-5 scale, one fieldset per
domain, the scale's words once, availability as a 7 x 3 grid of labelled checkboxes, and
sections with headings. Structure, not pixels: the page height is measured in a browser."""

import re

from django.urls import reverse

from reintegra.plans.choices import NeedRating
from reintegra.programme.models import Domain


def _page(client, people, team_client):
    client.force_login(people.bob)
    return client.get(reverse("plans:assessment_new", args=[team_client.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_scale_is_radios_not_drop_downs(client, people, team_client):
    page = _page(client, people, team_client)
    assert not re.search(r'<select[^>]*name="rating_', page)
    for domain in Domain:
        radios = re.findall(rf'<input type="radio" name="rating_{domain.value}" value="(\d?)"',
                            page)
        assert radios == ["1", "2", "3", "4", "5", ""], domain
        # Each radio has its label.
        for value in ("1", "5"):
            found = re.search(rf'name="rating_{domain.value}" value="{value}"[^>]*'
                              rf'id="([^"]+)"', page)
            assert f'<label for="{found.group(1)}">' in page
    # One fieldset per domain, its legend the domain's name.
    legends = re.findall(r'<div class="rating-row[^"]*">\s*<fieldset[^>]*>\s*<legend>([^<]+)'
                         r'</legend>', page)
    assert legends == [str(d.label) for d in Domain]
    # The full wording of each level is on the page once, not once per domain.
    for _value, label in NeedRating.choices:
        assert page.count(str(label)) == 1, label


def test_availability_is_a_grid_of_labelled_checkboxes(client, people, team_client):
    page = _page(client, people, team_client)
    table = re.search(r'<table class="availability".*?</table>', page, re.S).group(0)
    assert len(re.findall(r"<tr>", table)) == 8  # the head and seven days
    assert len(re.findall(r'<th scope="col">', table)) == 3
    assert len(re.findall(r'<th scope="row">', table)) == 7
    boxes = re.findall(r'<input type="checkbox" name="availability" value="(\w+)" id="([^"]+)"',
                       table)
    assert len(boxes) == 21 and boxes[0][0] == "mon_morning" and boxes[-1][0] == "sun_evening"
    for _value, box_id in boxes:
        assert f'<label for="{box_id}"' in table
    assert re.search(r"<fieldset[^>]*>\s*<legend>When is the person free", page)


def test_the_form_is_in_sections_with_headings(client, people, team_client):
    page = _page(client, people, team_client)
    headings = re.findall(r'<section[^>]*aria-labelledby="(\w+-h)"', page)
    assert headings == ["needs-h", "languages-h", "predispositions-h"]
    assert page.count("<select") == 4  # the four language rows, nothing else
    # Notes sit closed under each domain until wanted.
    assert page.count('<details class="note">') == len(Domain)


def test_the_radios_save_as_ratings(client, people, team_client):
    from reintegra.plans.models import DomainRating

    client.force_login(people.bob)
    response = client.post(reverse("plans:assessment_new", args=[team_client.pk]), {
        "assessed_on": team_client.intake_date.isoformat(), "rating_money": "4",
        "rating_safety": "", "availability": ["tue_evening", "sat_morning"],
        "lang-TOTAL_FORMS": "0", "lang-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    ratings = dict(DomainRating.objects.values_list("domain", "rating"))
    assert ratings["money"] == 4 and ratings.get("safety") is None
