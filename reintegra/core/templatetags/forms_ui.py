"""The form machinery's template helpers (issue 13), used by core/forms/*.html and base.html.

``field_errors``: a field's messages, with Django's generic "This field is required."
replaced by one that names the field ("Fill in “Surname”"): a form that says more itself
(``error_messages={"required": _("Enter the first name")}``) keeps its own words.

``error_title_prefix``: "Error: " before the page title when a form on the page has errors
(GOV.UK: the title is the first thing a screen reader reads), found in the page's context
so that every form gets it without its view doing anything.
"""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()

CHOICE_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple,
                  forms.SelectMultiple)
DEFAULT_REQUIRED = forms.Field.default_error_messages["required"]


def required_message(field: forms.BoundField) -> str:
    label = str(field.label or field.name).rstrip(":?").strip()
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return _("Tick “%(label)s”") % {"label": label}
    if isinstance(widget, CHOICE_WIDGETS):
        return _("Choose an answer for “%(label)s”") % {"label": label}
    return _("Fill in “%(label)s”") % {"label": label}


@register.filter
def field_errors(field: forms.BoundField) -> list[str]:
    messages = []
    for error in field.errors.as_data():
        for message in error.messages:
            if error.code == "required" and str(message) == str(DEFAULT_REQUIRED):
                message = required_message(field)
            messages.append(str(message))
    return messages


def _has_errors(value) -> bool:
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, forms.BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """``Error: `` when a bound form (or formset) of the page has errors, or the view
    passed an ``error`` of its own (the attendance register); else nothing."""
    values = context.flatten().values()
    if context.get("error") or any(_has_errors(v) for v in values):
        return _("Error:") + " "
    return ""
