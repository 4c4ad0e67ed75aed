"""Plausible bounds for what people type: dates and ids.

One place decides what a date in this application may be, so that no form accepts an
intake in year 1 or a plan ending in year 9999 (and no date arithmetic overflows on one):

- ``EARLIEST_DATE`` 1900-01-01: the oldest dates the application holds are dates of birth;
  nobody it supports was born before 1900, and no case, plan or session predates it.
- ``latest_date()`` today + ``LATEST_YEARS_AHEAD`` (10) years: the farthest dates typed are
  planned end dates, target dates and scheduled offerings, which are months or a few years
  ahead; ten years leaves room without letting a typo of 2206 for 2026 through.

Ids: a database id is at most a signed 64-bit integer; anything longer, or with a digit
that is not 0-9 (Python's ``int()`` accepts "١" but not "²"), is no id and is refused as
such instead of reaching the database (where SQLite raises OverflowError).
"""

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_YEARS_AHEAD = 10
MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def latest_date() -> dt.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + LATEST_YEARS_AHEAD)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year + LATEST_YEARS_AHEAD, day=28)


def plausible_date(value: dt.date) -> None:
    """A form validator: refuses a date outside EARLIEST_DATE..latest_date()."""
    if value is None:
        return
    if isinstance(value, dt.datetime):
        value = value.date()
    if not EARLIEST_DATE <= value <= latest_date():
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.") % {
                "first": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
                "last": date_format(latest_date(), "SHORT_DATE_FORMAT"),
            },
            code="implausible_date",
        )


def parse_id(raw) -> int | None:
    """``raw`` as a database id, or None if it cannot be one."""
    text = str(raw)
    if not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


class PlausibleDates:
    """A form mixin: every DateField of the form (declared or from a model) is bounded."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and plausible_date not in field.validators:
                field.validators.append(plausible_date)


class _IdsFirst:
    """Checks that submitted values look like ids before the queryset sees them."""

    def clean(self, value):
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if item in self.empty_values:
                continue
            if isinstance(item, str) and parse_id(item) is None:
                raise ValidationError(self.error_messages["invalid_choice"],
                                      code="invalid_choice", params={"value": item})
        return super().clean(value)


class IdMultipleChoiceField(_IdsFirst, forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses what cannot be an id (no OverflowError)."""
