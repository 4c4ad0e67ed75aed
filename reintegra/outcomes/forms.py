"""Forms of the staff pages of outcomes (the client's questionnaire has its own screens)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.bounds import PlausibleDates
from reintegra.core.forms import DateInput

from . import definitions

LANGUAGE_CHOICES = [("pl", "Polski"), ("en", "English"), ("uk", "Українська"),
                    ("ru", "Русский")]


def instrument_choices(instruments, language):
    return [(i.code, f"{i.title(language)} ({i.code})" if i.is_validated
             else f"{i.title(language)} ({i.code}), {_('not validated')}")
            for i in instruments]


class ScheduleForm(PlausibleDates, forms.Form):
    instruments = forms.MultipleChoiceField(
        label=_("Questionnaires"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one questionnaire.")})
    start = forms.DateField(
        label=_("Start of the support plan"), widget=DateInput(),
        help_text=_("Baseline on this date; midpoint, exit and follow-up after the "
                    "intervals the organisation set."),
        error_messages={"required": _("Enter the start date."),
                        "invalid": _("Enter a real date.")})

    def __init__(self, *args, instruments, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instruments"].choices = instrument_choices(instruments, language)


class SelfCompletionForm(forms.Form):
    instruments = forms.MultipleChoiceField(
        label=_("Questionnaires"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one questionnaire.")})
    language = forms.ChoiceField(
        label=_("The client's language"), choices=LANGUAGE_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": _("Choose the client's language.")})

    def __init__(self, *args, instruments, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.instruments = {i.code: i for i in instruments}
        self.fields["instruments"].choices = instrument_choices(instruments, language)

    def clean(self):
        data = super().clean()
        lang = data.get("language")
        for code in data.get("instruments") or []:
            if lang and lang not in self.instruments[code].definition["languages"]:
                self.add_error("language", _(
                    "%(code)s has no text in this language: choose another language or "
                    "questionnaire.") % {"code": code})
        return data


class AnswersForm(forms.Form):
    """Staff-administered (interview) mode: every item on one page, each optional."""

    def __init__(self, *args, instrument, language, **kwargs):
        super().__init__(*args, **kwargs)
        data = instrument.definition
        self.language = language
        for number, item in enumerate(data["items"], start=1):
            self.fields[f"item_{item['id']}"] = forms.ChoiceField(
                label=f"{number}. {definitions.item_text(data, item, language)}",
                required=False, widget=forms.RadioSelect,
                choices=[(str(o["value"]), definitions.option_label(o, language))
                         for o in definitions.item_options(data, item)],
                error_messages={"invalid_choice": _("Choose one of the answers.")})
        self.fields["completed_on"] = forms.DateField(
            label=_("Date of the interview"), widget=DateInput(),
            initial=timezone.localdate(),
            error_messages={"required": _("Enter the date of the interview."),
                            "invalid": _("Enter a real date.")})

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def raw_answers(self) -> dict:
        return {name.removeprefix("item_"): value for name, value in self.cleaned_data.items()
                if name.startswith("item_")}


class CohortForm(PlausibleDates, forms.Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"))
    start = forms.DateField(label=_("From"), widget=DateInput(),
                            error_messages={"invalid": _("Enter a real date.")})
    end = forms.DateField(label=_("To"), widget=DateInput(),
                          error_messages={"invalid": _("Enter a real date.")})

    def __init__(self, *args, instruments, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = instrument_choices(instruments, language)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must be on or after the start."))
        return data
