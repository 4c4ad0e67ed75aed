from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from reintegra.core.templatetags.interface import option_label


class FormRenderer(TemplatesSetting):
    """Every form renders with the GOV.UK-style templates in core/templates/core/forms."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class DateInput(forms.DateInput):
    """A text box holding the date as pages show it (30.11.2026 / 30/11/2026), with a
    format hint under the label (core/forms/field.html, id ``<id>_datehint``) that the
    box is described by. The field accepts that format, the others of the language's
    DATE_INPUT_FORMATS, and ISO (reintegra/formats). Not the browser's own date picker:
    its format follows the browser's language, not the page's, and the hint would lie."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            hint = f"{widget_attrs['id']}_datehint"
            described = widget_attrs.get("aria-describedby", "")
            widget_attrs["aria-describedby"] = f"{hint} {described}".strip()
        return context


def apply_service_errors(form: forms.BaseForm, exc: Any) -> None:
    """A rule the service checks again (dates, invariants) refused the write: show each
    message next to its field, or at the top when it names no field of the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _html_attrs(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html: ``False`` leaves the attribute out, ``True``
    writes its name alone."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


class FastSelect(forms.Select):
    """A drop-down written in Python rather than through one template per option (Django's
    select.html includes select_option.html, and that attrs.html, for every choice):
    the same markup as those templates and our select_option.html (a placeholder choice
    reads "— choose —"), at a small fraction of the time. A client list's filter form has
    five drop-downs; rendered by templates they were a tenth of the page's time."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> Any:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"'
                 f'{_html_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'<option value="{conditional_escape(option["value"])}"'
                f'{_html_attrs(option["attrs"])}>{conditional_escape(option_label(option))}'
                "</option>"
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class RenderedOnceSelect(FastSelect):
    """A drop-down with a long, fixed list of choices (the ~250 countries), rendered once
    per language, attributes and chosen value, then reused.

    Only for choices that do not change while the process runs (their labels may be
    translated: the language is part of the key)."""

    _rendered: dict[tuple[Any, ...], Any] = {}
    _LIMIT = 512  # keys are few (languages x chosen values); bounded all the same

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> Any:
        from django.utils.translation import get_language

        key = (type(self), get_language(), name, str(value),
               tuple(sorted((k, str(v)) for k, v in self.build_attrs(self.attrs,
                                                                      attrs).items())))
        html = self._rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(self._rendered) < self._LIMIT:
                self._rendered[key] = html
        return html
