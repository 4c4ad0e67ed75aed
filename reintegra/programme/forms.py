import datetime as dt

import pycountry
from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Role, User
from reintegra.core.bounds import PlausibleDates
from reintegra.core.dates import show_date
from reintegra.core.forms import DateInput

from .calendar import sensitive_words_in
from .models import Activity, Offering, Session, Venue, WithdrawalReason


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def _no_sensitive_words(value):
    found = sensitive_words_in(value)
    if found:
        raise forms.ValidationError(
            _("This name appears in calendars and on printed lists. Leave out words that "
              "reveal what the programme is for (found: %(words)s).")
            % {"words": ", ".join(found)}
        )
    return value


def _staff(organisation, roles=None):
    qs = User.objects.filter(organisation=organisation, is_active=True).exclude(role="")
    if roles:
        qs = qs.filter(role__in=roles)
    return qs.order_by("last_name", "first_name")


# Trainers teach; psychologists, legal advisors and case workers hold individual sessions.
SESSION_LEADERS = (Role.TRAINER, Role.PSYCHOLOGIST, Role.LEGAL_ADVISOR, Role.CASE_WORKER,
                   Role.COORDINATOR)


def _people_field(field, organisation):
    field.queryset = _staff(organisation, SESSION_LEADERS)
    field.label_from_instance = lambda u: f"{u.display_name} ({u.get_role_display()})"


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["name_pl", "name_en", "kind", "domains", "group", "languages", "women_only",
                  "level", "capacity", "duration_hours", "trainer", "active"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        _people_field(self.fields["trainer"], organisation)
        self.fields["capacity"].help_text = _("Leave empty for no limit.")
        self.fields["duration_hours"].min_value = 0  # no negative durations
        self.fields["duration_hours"].validators.append(MinValueValidator(0))

    def clean_name_pl(self):
        return _no_sensitive_words(self.cleaned_data["name_pl"])

    def clean_name_en(self):
        return _no_sensitive_words(self.cleaned_data["name_en"])

    def clean_languages(self):
        codes = [c.strip().lower() for c in self.cleaned_data["languages"].split(",")
                 if c.strip()]
        unknown = [c for c in codes if pycountry.languages.get(alpha_3=c) is None]
        if unknown:
            raise forms.ValidationError(
                _("Not an ISO 639-2 language code: %(codes)s. Use three letters, e.g. pol.")
                % {"codes": ", ".join(unknown)}
            )
        return ",".join(dict.fromkeys(codes))

    def clean(self):
        data = super().clean()
        if data.get("group") is False and data.get("capacity") not in (None, 1):
            self.add_error("capacity", _("An individual activity has one place."))
        return data


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["name", "active"]

    def clean_name(self):
        return _no_sensitive_words(self.cleaned_data["name"].strip())


class OfferingForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Offering
        fields = ["activity", "label", "trainer", "venue", "start_date", "end_date", "weekdays",
                  "start_time", "end_time", "skip_public_holidays", "capacity", "language",
                  "women_only", "status"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(),
                   "start_time": TimeInput(), "end_time": TimeInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            organisation=organisation, active=True
        ) | Activity.objects.filter(pk=getattr(self.instance, "activity_id", None))
        self.fields["activity"].label_from_instance = lambda a: a.name(_lang())
        self.fields["venue"].queryset = Venue.objects.filter(organisation=organisation,
                                                             active=True)
        _people_field(self.fields["trainer"], organisation)
        self.fields["weekdays"].help_text = _(
            "Sessions are planned on these days between the first and the last day. "
            "Leave empty to add sessions one by one."
        )
        self.fields["capacity"].help_text = _(
            "Leave empty to take the activity's number of places."
        )
        self.fields["language"].help_text = _(
            "Leave empty to take the activity's first language."
        )
        if self.instance.pk is None:
            self.fields["women_only"].help_text = _(
                "Ticked automatically if the activity is for women only."
            )

    def clean_label(self):
        return _no_sensitive_words(self.cleaned_data["label"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day must be on or after the first day."))
        t0, t1 = data.get("start_time"), data.get("end_time")
        if t0 and t1 and t1 <= t0:
            self.add_error("end_time", _("The end time must be after the start time."))
        if data.get("weekdays") and not (t0 and t1):
            for name, value in (("start_time", t0), ("end_time", t1)):
                if not value and name not in self.errors:
                    self.add_error(name, _("Enter a time for sessions on the chosen days."))
        if start and end and (end - start) > dt.timedelta(days=3 * 366):
            self.add_error("end_date", _("An offering can last at most three years."))
        return data

    def fields_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        if self.instance.pk is None:
            activity = data["activity"]
            if "women_only" in data and not data["women_only"]:
                data["women_only"] = activity.women_only
            if not data.get("language"):
                data["language"] = None  # the service takes the activity's
        return data


def _lang():
    from django.utils.translation import get_language

    return get_language() or "pl"


class SessionForm(PlausibleDates, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["date", "start_time", "end_time", "venue", "trainer", "cancelled"]
        widgets = {"date": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.filter(organisation=organisation)
        _people_field(self.fields["trainer"], organisation)

    def clean(self):
        data = super().clean()
        t0, t1 = data.get("start_time"), data.get("end_time")
        if t0 and t1 and t1 <= t0:
            self.add_error("end_time", _("The end time must be after the start time."))
        return data


class EnrolmentChoicesMixin(forms.Form):
    acknowledge_warnings = forms.BooleanField(
        label=_("I have read the warnings above and want to enrol the client anyway"),
        required=False,
    )
    join_waiting_list = forms.BooleanField(
        label=_("If there is no place left, put the client on the waiting list"),
        required=False,
    )


class EnrolFromOfferingForm(EnrolmentChoicesMixin):
    client = forms.ModelChoiceField(label=_("Client code"), queryset=None)

    field_order = ["client", "join_waiting_list", "acknowledge_warnings"]

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["client"].label_from_instance = lambda c: c.code


class EnrolFromClientForm(EnrolmentChoicesMixin):
    offering = forms.ModelChoiceField(label=_("Offering"), queryset=None)

    field_order = ["offering", "join_waiting_list", "acknowledge_warnings"]

    def __init__(self, *args, offerings, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = offerings
        self.fields["offering"].label_from_instance = lambda o: _offering_label(o, language)


def _offering_label(offering, language) -> str:
    places = getattr(offering, "free_places", None)
    parts = [offering.title(language), offering.schedule_text(),
             f"{show_date(offering.start_date)} – {show_date(offering.end_date)}"]
    if offering.capacity is not None and places is not None:
        parts.append(str(_("free places: %(n)s") % {"n": max(places, 0)}))
    return " · ".join(p for p in parts if p)


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=WithdrawalReason.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted. Write only what the team needs."),
    )


class ClientFeedForm(forms.Form):
    client_agreed = forms.BooleanField(
        label=_("The client asked for a calendar feed and knows that anyone with the "
                "address can see the times and places of their sessions"),
        required=True,
        error_messages={"required": _("Confirm that the client asked for a calendar feed.")},
    )


class WeekForm(PlausibleDates, forms.Form):
    """The calendar's ?week=YYYY-MM-DD; anything else is a 400."""

    week = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
