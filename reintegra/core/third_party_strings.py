"""Strings of Django and its packages that their own Polish catalogues lack.

Marked here so that makemessages puts them in core's catalogue, which translates them.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = [
    gettext_noop("- Select an option -"),  # Django 6.1 BLANK_CHOICE_LABEL, not yet in pl
]
