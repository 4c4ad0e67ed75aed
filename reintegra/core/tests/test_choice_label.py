"""``choice_label`` shows what ``get_<field>_display`` shows, in the page's language."""

import pytest
from django.utils import translation

from reintegra.audit.models import Action, AuditEvent
from reintegra.core.templatetags.interface import choice_label


@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_choice_of_a_field_reads_as_django_shows_it(language, people):
    with translation.override(language):
        for action in Action.values + ["not-a-choice", ""]:
            event = AuditEvent(action=action)
            assert choice_label(event, "action") == event.get_action_display()
        assert choice_label(people.alice, "role") == people.alice.get_role_display()


def test_the_language_of_the_page_is_the_language_of_the_label():
    event = AuditEvent(action=Action.VIEW)
    with translation.override("en"):
        english = choice_label(event, "action")
    with translation.override("pl"):
        polish = choice_label(event, "action")
    assert english == "viewed"
    assert polish == "wyświetlono"


def test_nothing_shows_nothing():
    assert choice_label(None, "role") == ""
