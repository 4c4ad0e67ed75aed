from typing import Any

from django import forms
from django.core import checks
from django.db import models
from django.utils.text import capfirst


class ChoiceSetField(models.CharField):
    """A set of choices (an HTCDS multi-select picklist) stored as ``|A|B|``.

    The delimited form filters on SQLite and PostgreSQL alike (``field__contains="|A|"``)
    with no join, so list pages keep a fixed number of queries.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if not self.choices:
            errors.append(checks.Error("ChoiceSetField needs choices", obj=self))
        return errors

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list):
            return value
        if not value:
            return []
        return [v for v in value.split("|") if v]

    def get_prep_value(self, value):
        if isinstance(value, str):  # a lookup such as contains="|A|"
            return value
        values = sorted(set(value or []))
        return f"|{'|'.join(values)}|" if values else ""

    def validate(self, value, model_instance):
        allowed = {str(k) for k, _ in self.flatchoices}
        for item in value or []:
            if item not in allowed:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice",
                    params={"value": item},
                )
        if not self.blank and not value:
            raise forms.ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices, required=not self.blank, label=capfirst(self.verbose_name),
            help_text=self.help_text, widget=forms.CheckboxSelectMultiple,
            coerce=str,
        )

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    @staticmethod
    def contains(value: str) -> str:
        return f"|{value}|"
