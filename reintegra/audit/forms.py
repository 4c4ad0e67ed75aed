from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import User
from reintegra.core.bounds import PlausibleDates
from reintegra.core.forms import DateInput

from .models import Action


class EventFilterForm(PlausibleDates, forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *Action.choices],
    )
    user = forms.ModelChoiceField(
        label=_("Who"), required=False, queryset=User.objects.none(),
        empty_label=_("Anyone"),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(
        label=_("To"), required=False, widget=DateInput(),
        help_text=_("Both days are included."),
    )

    # Errors that a hand-written address produces, never the form itself: these are a 400.
    MALFORMED = ("invalid", "invalid_choice")

    def __init__(self, *args: Any, organisation_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            organisation_id=organisation_id  # type: ignore[misc]  # None is a valid lookup (IS NULL)
        ).order_by("last_name", "first_name", "username")
        self.fields["user"].label_from_instance = lambda u: u.display_name

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", _("The end date must be the same as or after the start date.")
            )
        return data

    def is_malformed(self) -> bool:
        return any(
            self.has_error(name, code) for name in self.fields for code in self.MALFORMED
        )
