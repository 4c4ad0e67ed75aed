"""Filters every template has (a builtin, settings.TEMPLATES; no {% load %} needed):
``{{ day|weekday_date }}`` "pon. 30.11.2026", ``{{ day|weekday_date:"long" }}``
"poniedziałek 30.11.2026"; the hint under date fields; the empty choice of drop-downs."""

from django import template

from reintegra.core import dates

register = template.Library()


@register.filter
def weekday_date(value, style: str = "") -> str:
    return dates.weekday_date(value, long=style == "long")


@register.simple_tag
def date_hint() -> str:
    """The hint under every date field's label: "Na przykład 30.11.2026"."""
    from django.utils.translation import gettext

    return gettext("For example, %(date)s") % {"date": dates.date_hint_example()}


# Django's "---------" (model fields, ModelChoiceField), "—" and "" all mean "nothing
# chosen yet": every drop-down says it one way, "— wybierz —" / "— choose —". Empty
# choices with words of their own ("Any", "Not known") keep them.
_PLACEHOLDERS = {"", "-", "—", "–", "---------"}


@register.filter
def option_label(widget) -> str:
    from django.utils.translation import gettext

    label = widget.get("label")
    if widget.get("value") in ("", None) and str(label or "").strip() in _PLACEHOLDERS:
        return gettext("— choose —")
    return label
