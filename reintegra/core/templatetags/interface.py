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


_CHOICE_LABELS: dict[tuple[type, str, str], dict[object, str]] = {}


@register.filter
def choice_label(obj, field_name: str):
    """``{{ event|choice_label:"action" }}``: what ``obj.get_action_display`` shows, from a
    table made once per model, field and language. Django's builds that table on every
    call, translating every choice: on a page of 50 audit rows it was two thirds of the
    client page's rendering."""
    from django.utils.hashable import make_hashable
    from django.utils.translation import get_language

    if obj is None or obj == "":
        return ""
    value = getattr(obj, field_name)
    key = (type(obj), field_name, get_language() or "")
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        field = obj._meta.get_field(field_name)
        labels = _CHOICE_LABELS[key] = {make_hashable(k): str(v) for k, v in field.flatchoices}
    return labels.get(make_hashable(value), value)
