"""``{{ day|weekday_date }}`` "pon. 30.11.2026"; ``{{ day|weekday_date:"long" }}``
"poniedziałek 30.11.2026". A builtin (settings.TEMPLATES): no {% load %} needed."""

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
