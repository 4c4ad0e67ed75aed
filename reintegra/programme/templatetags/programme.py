from django import template

from reintegra.clients.languages import language_name

register = template.Library()


@register.filter
def name_in(activity, language):
    """An activity's name in the page's language: {{ activity|name_in:lang }}."""
    return activity.name(language or "pl")


@register.filter
def title_in(offering, language):
    return offering.title(language or "pl")


@register.filter
def language_label(code):
    return language_name(code) if code else ""


@register.filter
def languages_label(codes):
    return ", ".join(language_name(c) for c in codes)
