from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


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


class RenderedOnceSelect(forms.Select):
    """A drop-down with a long, fixed list of choices (the ~250 countries), rendered from
    templates once per language, attributes and chosen value, then reused: Django renders
    one template per option, which was 70 % of the client list's time.

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
