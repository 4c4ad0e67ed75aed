from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from reintegra.accounts.models import Role, User
from reintegra.core.bounds import IdMultipleChoiceField, PlausibleDates
from reintegra.core.forms import DateInput, FastSelect, RenderedOnceSelect

from . import choices as c
from .models import Client

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CASE_FIELDS = [
    "intake_date", "gender", "citizenship", "primary_language", "secondary_language",
    "trafficking_status", "trafficking_status_decided_by", "exploitation_types",
    "control_methods", "relationship_to_trafficker", "exploitation_country",
    "referral_organisation", "referral_date", "referral_reason", "art9_basis", "case_owner",
]
IDENTITY_FIELDS = ["first_name", "second_name", "chosen_name", "birth_date", "phone", "email"]
DOCUMENT_TYPES = [("passport", _("Passport number")), ("id_card", _("Identity card number")),
                  ("other", _("Other document number"))]


# The intake page's sections, in the order of the page (GOV.UK: one topic per heading). The
# form's fields follow the same order, so the error summary lists them as the page does.
SECTIONS: list[tuple[str, "StrOrPromise", list[str]]] = [
    ("identity", _("Who the person is"),
     ["first_name", "second_name", "chosen_name", "birth_date", "gender",
      "passport", "id_card", "other_document"]),
    ("contact", _("Contact"), ["phone", "email"]),
    ("situation", _("Situation"),
     ["intake_date", "citizenship", "primary_language", "secondary_language"]),
    ("exploitation", _("Exploitation"),
     ["trafficking_status", "trafficking_status_decided_by", "exploitation_types",
      "control_methods", "relationship_to_trafficker", "exploitation_country"]),
    ("referral", _("Referral"),
     ["referral_organisation", "referral_date", "referral_reason", "referral_details"]),
    ("team", _("Team and legal basis"), ["case_owner", "team", "art9_basis"]),
]
# Long lists that get the autocomplete (static/js/forms.js) over their native select.
AUTOCOMPLETE_FIELDS = ("citizenship", "primary_language", "secondary_language",
                       "exploitation_country")


def _not_future(value: date | None, message: "StrOrPromise") -> None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)


class ClientForm(PlausibleDates, forms.ModelForm[Client]):
    """Intake and edit: identity (sealed on save) and HTCDS case data."""

    field_order = [name for _key, _title, names in SECTIONS for name in names]

    first_name = forms.CharField(label=_("First name"), max_length=100,
                                 error_messages={"required": _("Enter the first name")})
    second_name = forms.CharField(
        label=_("Surname"), max_length=100,
        error_messages={"required": _("Enter the surname")},
        help_text=_("As in the person's documents, if they have any."),
    )
    chosen_name = forms.CharField(
        label=_("Chosen first name (optional)"), max_length=100, required=False,
        help_text=_("The name the person wants to be called. Trainers see only this."),
    )
    birth_date = forms.DateField(label=_("Date of birth (optional)"), required=False,
                                 widget=DateInput())
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    passport = forms.CharField(label=_("Passport number (optional)"), max_length=40,
                               required=False)
    id_card = forms.CharField(label=_("Identity card number (optional)"), max_length=40,
                              required=False)
    other_document = forms.CharField(label=_("Other document number (optional)"),
                                     max_length=40, required=False)
    referral_details = forms.CharField(
        label=_("Referral details (optional)"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted. Write only what the team needs."),
    )
    team = IdMultipleChoiceField(
        label=_("Case team"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Case workers, legal advisors and psychologists who work with this person."),
    )

    class Meta:
        model = Client
        fields = CASE_FIELDS
        widgets = {"intake_date": DateInput(), "referral_date": DateInput()}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(organisation=organisation, is_active=True).order_by(
            "last_name", "first_name"
        )
        self.fields["case_owner"].queryset = staff.filter(
            role__in=[Role.COORDINATOR, Role.CASE_WORKER]
        )
        self.fields["case_owner"].label_from_instance = lambda u: u.display_name
        self.fields["team"].queryset = staff.filter(
            role__in=[Role.CASE_WORKER, Role.LEGAL_ADVISOR, Role.PSYCHOLOGIST]
        )
        self.fields["team"].label_from_instance = (
            lambda u: f"{u.display_name} ({u.get_role_display()})"
        )
        # A widget set after the field was built has no choices of its own: pass them on.
        self.fields["citizenship"].widget = forms.SelectMultiple(
            attrs={"size": 6}, choices=self.fields["citizenship"].choices
        )
        self.fields["citizenship"].help_text = _(
            "Hold Ctrl (or Cmd) to choose more than one."
        )
        self.fields["intake_date"].error_messages["required"] = _("Enter the intake date")
        self.fields["gender"].error_messages["required"] = _("Choose the gender")
        for name in AUTOCOMPLETE_FIELDS:
            self.fields[name].widget.attrs["data-autocomplete"] = (
                "multiple" if name == "citizenship" else "single")
        self.fields["citizenship"].widget.attrs["data-js-hint"] = _(
            "Type the first letters of a country and choose it from the list; "
            "add another the same way."
        )
        if not self.instance.pk:
            self.fields["intake_date"].initial = timezone.localdate()

    def sections(self) -> list[tuple[str, "StrOrPromise", list[forms.BoundField]]]:
        return [(key, title, [self[name] for name in names]) for key, title, names in SECTIONS]

    def clean_intake_date(self) -> date | None:
        value: date | None = self.cleaned_data["intake_date"]
        _not_future(value, _("Intake date cannot be in the future."))
        return value

    def clean_birth_date(self) -> date | None:
        value: date | None = self.cleaned_data["birth_date"]
        _not_future(value, _("Date of birth cannot be in the future."))
        if value and value < date(1900, 1, 1):
            raise forms.ValidationError(_("Enter a date of birth after 1900."))
        return value

    def clean_referral_date(self) -> date | None:
        value: date | None = self.cleaned_data["referral_date"]
        _not_future(value, _("Referral date cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        birth, intake = data.get("birth_date"), data.get("intake_date")
        if birth and intake and birth > intake:
            self.add_error("birth_date", _("Date of birth must be before the intake date."))
        if data.get("trafficking_status_decided_by") and not data.get("trafficking_status"):
            self.add_error(
                "trafficking_status", _("Choose the status that this body decided.")
            )
        return data

    def documents(self) -> list[dict[str, Any]]:
        return [
            {"type": kind, "number": self.cleaned_data[field].strip()}
            for kind, field in (("passport", "passport"), ("id_card", "id_card"),
                                ("other", "other_document"))
            if self.cleaned_data.get(field, "").strip()
        ]

    def identity_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) or None for name in IDENTITY_FIELDS}
        data["documents"] = self.documents()
        return data

    def case_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in CASE_FIELDS}
        data["referral_details"] = self.cleaned_data.get("referral_details", "")
        data["team"] = list(self.cleaned_data.get("team") or [])
        return data

    @classmethod
    def initial_from(cls, client: Client, identity: Any, case: Any) -> dict[str, Any]:
        initial = {name: getattr(identity, name) for name in IDENTITY_FIELDS}
        for doc in identity.documents or []:
            initial["other_document" if doc["type"] == "other" else doc["type"]] = doc["number"]
        initial["referral_details"] = case.referral_details or ""
        initial["team"] = [m.user for m in client.team_members.all()]
        return {k: ("" if v is None else v) for k, v in initial.items()}


class CloseCaseForm(PlausibleDates, forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=c.ClosureReason.choices)
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    referred = forms.BooleanField(
        label=_("The client was referred to another organisation"), required=False
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Stored encrypted."),
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        self.client = client
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()

    def clean_closed_on(self) -> date:
        value: date = self.cleaned_data["closed_on"]
        _not_future(value, _("The closing date cannot be in the future."))
        if value < self.client.intake_date:
            raise forms.ValidationError(_("The closing date cannot be before the intake date."))
        return value


class ClientFilterForm(forms.Form):
    """The list's search and filters; invalid values are a 400, never a 500."""

    q = forms.CharField(
        label=_("Code or name"), required=False, max_length=200,
        help_text=_("Words in any order, in any alphabet, or their beginnings from 3 letters "
                    "(e.g. \"kowal ann\"); words of 1 or 2 letters are left out."),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + c.CaseStatus.choices,
        widget=FastSelect,
    )
    # ~250 options: rendered once per language and chosen value, not on every request.
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False,
                                    widget=RenderedOnceSelect)
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", _("Any"))] + c.Gender.choices,
        widget=FastSelect,
    )
    exploitation_type = forms.ChoiceField(
        label=_("Type of exploitation"), required=False,
        choices=[("", _("Any"))] + c.ExploitationType.choices, widget=FastSelect,
    )
    case_owner = forms.TypedChoiceField(label=_("Case owner"), required=False, coerce=int,
                                        empty_value=None, widget=FastSelect)

    def __init__(self, *args: Any, organisation_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = [("", _("Any"))] + list(countries)
        owners = User.objects.filter(  # type: ignore[misc]  # None is a valid lookup (IS NULL)
            organisation_id=organisation_id, role__in=[Role.COORDINATOR, Role.CASE_WORKER]
        ).order_by("last_name", "first_name")
        self.fields["case_owner"].choices = [("", _("Any"))] + [
            (u.pk, u.display_name) for u in owners
        ]
