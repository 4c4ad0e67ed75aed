"""Dates for people to read, in the active language's one format (reintegra.formats).

``show_date(d)`` "30.11.2026" / "30 Nov 2026"; ``show_datetime(t)`` adds "14:05" (in the
local time zone); ``weekday_date(d)`` "pon. 30.11.2026" / "Mon 30 Nov 2026";
``weekday_date(d, long=True)`` "poniedziałek 30.11.2026" / "Monday 30 Nov 2026" (Polish day
names are common nouns: lower case). Python code uses these instead of strftime; templates
use the same through the ``date``/``time`` filters and ``weekday_date``.
"""

import datetime as dt
from importlib import import_module

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import get_language


def _module(language: str | None = None):
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    try:
        return import_module(f"{settings.FORMAT_MODULE_PATH}.{code}.formats")
    except ImportError:
        return import_module(f"{settings.FORMAT_MODULE_PATH}.en.formats")


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def show_date(value) -> str:
    if value in (None, ""):
        return ""
    return date_format(_local(value), "SHORT_DATE_FORMAT")


def show_datetime(value) -> str:
    if value in (None, ""):
        return ""
    return date_format(_local(value), "SHORT_DATETIME_FORMAT")


def show_time(value) -> str:
    if value in (None, ""):
        return ""
    return time_format(_local(value), "TIME_FORMAT")


def weekday_date(value, *, long: bool = False) -> str:
    if value in (None, ""):
        return ""
    value = _local(value)
    module = _module()
    names = module.WEEKDAY_NAMES if long else module.WEEKDAY_ABBREVIATIONS
    return f"{names[value.weekday()]} {show_date(value)}"


def date_hint_example() -> str:
    return _module().DATE_HINT_EXAMPLE


def week_end(today: dt.date) -> dt.date:
    """The Sunday of ``today``'s week (Monday first, as in Poland): "due this week" ends there."""
    return today + dt.timedelta(days=6 - today.weekday())
