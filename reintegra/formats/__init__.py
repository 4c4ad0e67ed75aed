"""Date, time and number formats of the interface (settings.FORMAT_MODULE_PATH).

One format per language, used everywhere a date is shown (docs/glossary.md, "Dates"):

- Polish: 30.11.2026, with a weekday "pon. 30.11.2026", times 14:05;
- English (British): 30 Nov 2026, with a weekday "Mon 30 Nov 2026", times 14:05.

Templates write ``{{ value|date }}`` (DATE_FORMAT) or ``{{ value|date:"SHORT_DATE_FORMAT" }}``
(the same), ``{{ value|date:"DATETIME_FORMAT" }}``, ``{{ value|time }}``, and
``{{ value|weekday_date }}`` from reintegra.core.templatetags.interface; Python code calls
``reintegra.core.dates.show_date()`` and friends. No hand-written "d.m.Y" or strftime for
people to read: machine formats (ISO in URLs, ICS, JSON, ``<time datetime>``) stay ISO.

What is not here falls back to Django's own module for the language.
"""
