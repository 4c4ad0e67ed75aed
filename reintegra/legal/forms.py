"""Forms of the legal app. The services check the same rules again (the last line of
defence); the forms give the message next to the field and keep what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.core.bounds import PlausibleDates
from reintegra.core.dates import show_date
from reintegra.core.forms import DateInput

from . import choices as c
from .models import DeadlineRule, Document, LegalStatus, Proceeding

OPTIONAL = _("(optional)")


def _optional(form, *names):
    for name in names:
        field = form.fields[name]
        field.required = False
        field.label = f"{field.label} {OPTIONAL}"


class StatusForm(PlausibleDates, forms.ModelForm):
    reference = forms.CharField(label=_("Reference or decision number"), required=False,
                                max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))

    class Meta:
        model = LegalStatus
        fields = ("kind", "stage", "authority", "applied_on", "channel", "entry_on",
                  "issued_on", "valid_from", "valid_until", "is_minor", "is_renewal",
                  "ended_on", "end_reason")
        widgets = {name: DateInput() for name in ("applied_on", "entry_on", "issued_on",
                                                  "valid_from", "valid_until", "ended_on")}
        help_texts = {
            "valid_until": _("For a certificate of presumed victim status this is computed "
                             "from the rule (3 months, 4 for a minor); leave it empty."),
            "entry_on": _("Citizens of Ukraine: PESEL UKR within 30 days of entry."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _optional(self, "authority", "applied_on", "channel", "entry_on", "issued_on",
                  "valid_from", "valid_until", "ended_on", "end_reason")

    def _post_clean(self):
        pass  # the service checks the rules and builds the row


class DocumentForm(PlausibleDates, forms.ModelForm):
    number = forms.CharField(label=_("Document number"), required=False, max_length=100)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Document
        fields = ("kind", "state", "issuing_country", "issued_on", "expires_on")
        widgets = {"issued_on": DateInput(), "expires_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _optional(self, "issuing_country", "issued_on", "expires_on")
        self.fields["issuing_country"].help_text = _("Two-letter code, e.g. UA.")

    def _post_clean(self):
        pass


class ProceedingForm(PlausibleDates, forms.ModelForm):
    reference = forms.CharField(label=_("Case reference number"), required=False,
                                max_length=200)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Proceeding
        fields = ("kind", "client_role", "authority", "opened_on", "closed_on", "outcome")
        widgets = {"opened_on": DateInput(), "closed_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _optional(self, "closed_on")

    def _post_clean(self):
        pass


class HearingForm(PlausibleDates, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), required=False,
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _optional(self, "time", "note")


class ClaimForm(PlausibleDates, forms.Form):
    kind = forms.ChoiceField(label=_("Claim"), choices=c.ClaimKind.choices)
    proceeding = forms.ModelChoiceField(label=_("In proceedings"), queryset=None,
                                        required=False)
    offence_on = forms.DateField(label=_("Date of the offence"), required=False,
                                 widget=DateInput())
    harm_appeared_on = forms.DateField(label=_("Date the harm appeared"), required=False,
                                       widget=DateInput())
    filed_on = forms.DateField(label=_("Filed on"), required=False, widget=DateInput())
    amount_claimed = forms.DecimalField(label=_("Amount claimed (zł)"), required=False,
                                        min_value=0, max_digits=10, decimal_places=2)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=c.Outcome.choices)
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DateInput())
    reference = forms.CharField(label=_("Reference number"), required=False, max_length=200)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proceeding"].queryset = Proceeding.objects.filter(client=client)
        self.fields["proceeding"].label_from_instance = (
            lambda p: f"{p.get_kind_display()}, {show_date(p.opened_on)}")
        for name in ("proceeding", "offence_on", "harm_appeared_on", "filed_on",
                     "amount_claimed", "decided_on", "reference", "note"):
            self.fields[name].label = f"{self.fields[name].label} {OPTIONAL}"
        self.fields["harm_appeared_on"].help_text = _(
            "State compensation: within 3 years of the harm appearing, at most 5 years "
            "after the act (act of 7 July 2005).")


class NoteForm(PlausibleDates, forms.Form):
    text = forms.CharField(label=_("New legal note"), widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("Seen by the team's legal advisor and the "
                                         "coordinator only."))


class RuleForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = DeadlineRule
        fields = ("months", "days", "minor_months", "minor_days", "fixed_date", "legal_basis",
                  "note_en", "note_pl", "source", "verified")
        widgets = {"fixed_date": DateInput(), "note_en": forms.Textarea(attrs={"rows": 3}),
                   "note_pl": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("months", "days", "minor_months", "minor_days"):
            # Let a negative number reach clean(), which names the rule that forbids it.
            self.fields[name] = forms.IntegerField(
                label=self.fields[name].label, required=name in ("months", "days"))
        _optional(self, "minor_months", "minor_days", "fixed_date", "note_en", "note_pl")

    def clean(self):
        data = super().clean()
        for name in ("months", "days", "minor_months", "minor_days"):
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("A deadline is counted forward from its event: the "
                                       "offset cannot be negative."))
        return data

    def _post_clean(self):
        pass
