from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reintegra.clients.languages import language_choices
from reintegra.core.bounds import IdMultipleChoiceField, PlausibleDates
from reintegra.core.forms import DateInput
from reintegra.programme.models import Activity, Domain

from . import choices as c
from .selectors import editable_text
from .services import AssessmentData, Language, Rating, check_plan_dates

NOTE_MAX = 4000
SEALED_HINT = _("Stored encrypted. Write only what the team needs.")


def _note(label, help_text=SEALED_HINT, rows=2):
    return forms.CharField(label=label, required=False, max_length=NOTE_MAX,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


def _not_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)


# The radios of one domain: the number and a word or two; the scale's full wording is
# shown once above the domains (issue 13: radios, not a long drop-down per domain).
RATING_CHOICES = [(str(v), label) for v, label in c.NEED_RATING_SHORT] + [
    ("", _("Not assessed"))]


class AssessmentForm(PlausibleDates, forms.Form):
    """A needs assessment: a rating and a note per domain, and the predispositions."""

    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=DateInput())
    availability = forms.MultipleChoiceField(
        label=_("When is the person free for activities?"), required=False,
        choices=c.AVAILABILITY_CHOICES, widget=forms.CheckboxSelectMultiple,
        help_text=_("Morning: before 12:00. Afternoon: 12:00 to 17:00. Evening: after 17:00."),
    )
    needs_childcare = forms.BooleanField(
        label=_("Needs childcare to take part in activities"), required=False
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"), required=False, choices=c.Interest.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    cultural_preferences = forms.MultipleChoiceField(
        label=_("Cultural or religious considerations"), required=False,
        choices=c.CulturalPreference.choices, widget=forms.CheckboxSelectMultiple,
    )
    trauma_preferences = forms.MultipleChoiceField(
        label=_("Trauma-informed preferences"), required=False,
        choices=c.TraumaPreference.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("What helps the person feel safe. Ask only if the person wants to say."),
    )
    considerations = _note(
        _("Other considerations (optional)"),
        _("Anything else the team should respect. Stored encrypted."), rows=2,
    )
    summary = _note(_("Summary (optional)"), rows=3)

    def __init__(self, *args, client, **kwargs):
        self.client = client
        super().__init__(*args, **kwargs)
        for domain in Domain:
            self.fields[f"rating_{domain.value}"] = forms.TypedChoiceField(
                label=_("Need: %(domain)s") % {"domain": domain.label},
                choices=RATING_CHOICES, coerce=int, empty_value=None, required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _(
                    "Choose a need from 1 to 5, or \"Not assessed\".")},
            )
            self.fields[f"note_{domain.value}"] = _note(
                _("Note on %(domain)s (optional)") % {"domain": domain.label}
            )
        # The page's order, so that the error summary lists the fields as the page does.
        self.order_fields(["assessed_on"] + [
            f"{kind}_{domain.value}" for domain in Domain for kind in ("rating", "note")])
        self.fields["assessed_on"].error_messages["required"] = _(
            "Enter the date of the assessment")
        if not self.is_bound and "assessed_on" not in self.initial:
            self.initial["assessed_on"] = timezone.localdate()

    def availability_grid(self):
        """The 7 x 3 grid of the availability checkboxes: (day label, [(part label, code,
        cell label, checked)]) per day, Monday first."""
        chosen = set(self["availability"].value() or [])
        grid = []
        for day in c.Weekday:
            cells = []
            for part in c.DayPart:
                code = c.slot_code(day.code, part)
                cells.append((part.label, code, c.SLOT_PHRASES[(day.code, part)], code in chosen))
            grid.append((day.label, cells))
        return grid

    def domain_fields(self):
        return [(domain.label, self[f"rating_{domain.value}"], self[f"note_{domain.value}"])
                for domain in Domain]

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        _not_future(value, _("The date of the assessment cannot be in the future."))
        if value < self.client.intake_date:
            raise forms.ValidationError(
                _("The date of the assessment cannot be before the intake date.")
            )
        return value

    def data_for(self, languages: list[Language]) -> AssessmentData:
        d = self.cleaned_data
        return AssessmentData(
            assessed_on=d["assessed_on"],
            ratings={domain.value: Rating(d[f"rating_{domain.value}"],
                                          d[f"note_{domain.value}"])
                     for domain in Domain},
            languages=languages, availability=d["availability"],
            needs_childcare=d["needs_childcare"], interests=d["interests"],
            cultural_preferences=d["cultural_preferences"],
            trauma_preferences=d["trauma_preferences"],
            summary=d["summary"], considerations=d["considerations"],
        )

    @staticmethod
    def initial_from(view) -> dict:
        """Prefill a reassessment from the latest assessment (the date is today's)."""
        a = view.assessment
        initial = {
            "availability": a.availability, "needs_childcare": a.needs_childcare,
            "interests": a.interests, "cultural_preferences": a.cultural_preferences,
            "trauma_preferences": a.trauma_preferences,
            "considerations": editable_text(view.revealed.considerations),
            "summary": "",
        }
        for row in view.rows:
            initial[f"rating_{row.domain}"] = "" if row.rating is None else str(row.rating)
        return initial


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, required=False)
    speaks = forms.BooleanField(label=_("Speaks"), required=False)
    reads = forms.BooleanField(label=_("Reads"), required=False)
    writes = forms.BooleanField(label=_("Writes"), required=False)

    def clean(self):
        data = super().clean()
        ticked = data.get("speaks") or data.get("reads") or data.get("writes")
        if ticked and not data.get("language"):
            self.add_error("language", _("Choose the language, or untick its boxes."))
        return data


class BaseLanguageFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            code = form.cleaned_data.get("language")
            if not code:
                continue
            if code in seen:
                form.add_error("language", _("This language is listed twice."))
            seen.add(code)

    def languages(self) -> list[Language]:
        return [
            Language(f.cleaned_data["language"], f.cleaned_data["speaks"],
                     f.cleaned_data["reads"], f.cleaned_data["writes"])
            for f in self.forms if f.cleaned_data.get("language")
        ]


LanguageFormSet = forms.formset_factory(
    LanguageForm, formset=BaseLanguageFormSet, extra=0, max_num=12, validate_max=True,
    absolute_max=12,
)
LANGUAGE_ROWS = 4  # rows shown without JavaScript: the known languages and empty ones


def language_formset(data=None, *, latest=None, client=None):
    if latest is not None:
        initial = [{"language": s.language, "speaks": s.speaks, "reads": s.reads,
                    "writes": s.writes} for s in latest.languages]
    else:  # a first assessment starts from the languages given at intake
        initial = [{"language": code, "speaks": True}
                   for code in (client.primary_language, client.secondary_language) if code]
    initial += [{}] * max(LANGUAGE_ROWS - len(initial), 1)
    return LanguageFormSet(data, initial=initial, prefix="lang")


class PlanForm(PlausibleDates, forms.Form):
    plan_type = forms.ChoiceField(
        label=_("Type of plan"), choices=[("", "—")] + c.PlanType.choices,
        help_text=_("The main kind of support, as in the HTCDS standard."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    planned_end_date = forms.DateField(label=_("Planned end date (optional)"), required=False,
                                       widget=DateInput())
    actual_end_date = forms.DateField(
        label=_("Actual end date (optional)"), required=False, widget=DateInput(),
        help_text=_("Fill in when the plan ends."),
    )
    objectives = _note(_("Objectives"), _("What the person wants to achieve. Stored encrypted."),
                       rows=4)
    action_plan = _note(_("Action plan (optional)"),
                        _("The steps agreed with the person. Stored encrypted."), rows=6)

    def __init__(self, *args, client, **kwargs):
        self.client = client
        super().__init__(*args, **kwargs)
        self.fields["objectives"].required = True
        if not self.is_bound and "start_date" not in self.initial:
            self.initial["start_date"] = timezone.localdate()

    def clean_actual_end_date(self):
        value = self.cleaned_data["actual_end_date"]
        _not_future(value, _("The actual end date cannot be in the future."))
        return value

    def clean_start_date(self):
        value = self.cleaned_data["start_date"]
        if value < self.client.intake_date:
            raise forms.ValidationError(_("The plan cannot start before the intake date."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("start_date"):
            try:  # the service's own rule, so that both give the same messages
                check_plan_dates(data["start_date"], data.get("planned_end_date"),
                                 data.get("actual_end_date"))
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        return data


def activity_label(activity) -> str:
    return activity.name(get_language() or "pl")


class ActivityChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return activity_label(obj)


class GoalForm(PlausibleDates, forms.Form):
    domain = forms.ChoiceField(label=_("Domain"), choices=[("", "—")] + Domain.choices)
    description = forms.CharField(
        label=_("Goal"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the person's own words where possible. Stored encrypted."),
    )
    target_date = forms.DateField(label=_("Target date (optional)"), required=False,
                                  widget=DateInput())
    activities = ActivityChoiceField(
        label=_("Activities chosen for this goal"), required=False,
        queryset=Activity.objects.none(), widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan, goal=None, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        chosen = [a.pk for a in goal.activities.all()] if goal else []
        self.fields["activities"].queryset = Activity.objects.filter(
            Q(active=True) | Q(pk__in=chosen), organisation_id=plan.client.organisation_id
        ).order_by("name_en")

    def clean_target_date(self):
        value = self.cleaned_data["target_date"]
        if value and value < self.plan.start_date:
            raise forms.ValidationError(
                _("The target date must be on or after the plan's start date.")
            )
        return value


class ReviewForm(PlausibleDates, forms.Form):
    reviewed_on = forms.DateField(label=_("Date of the review"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=c.GoalStatus.choices,
                               widget=forms.RadioSelect)
    note = _note(_("Note (optional)"), rows=3)

    def __init__(self, *args, goal, **kwargs):
        self.goal = goal
        super().__init__(*args, **kwargs)
        if not self.is_bound and "reviewed_on" not in self.initial:
            self.initial["reviewed_on"] = timezone.localdate()

    def clean_reviewed_on(self):
        value = self.cleaned_data["reviewed_on"]
        _not_future(value, _("The date of the review cannot be in the future."))
        if value < self.goal.plan.start_date:
            raise forms.ValidationError(
                _("The date of the review cannot be before the plan's start date.")
            )
        return value


class ChallengeForm(PlausibleDates, forms.Form):
    code = forms.ChoiceField(label=_("Challenge"), choices=[("", "—")] + c.ChallengeCode.choices)
    noted_on = forms.DateField(label=_("Date"), widget=DateInput())
    goal = forms.TypedChoiceField(label=_("Goal affected (optional)"), required=False,
                                  coerce=int, empty_value=None)
    activity = forms.ModelChoiceField(label=_("Activity affected (optional)"), required=False,
                                      queryset=Activity.objects.none())
    led_to_dropout = forms.BooleanField(
        label=_("The person left an activity or the programme because of it"), required=False
    )
    note = _note(_("What happened (optional)"), rows=3)

    def __init__(self, *args, plan, goal_views, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.goals = {g.goal.pk: g.goal for g in goal_views}
        self.fields["goal"].choices = [("", "—")] + goal_choices(goal_views)
        self.fields["activity"].queryset = Activity.objects.filter(
            organisation_id=plan.client.organisation_id
        ).order_by("name_en")
        self.fields["activity"].label_from_instance = activity_label
        if not self.is_bound and "noted_on" not in self.initial:
            self.initial["noted_on"] = timezone.localdate()

    def clean_noted_on(self):
        value = self.cleaned_data["noted_on"]
        _not_future(value, _("The date cannot be in the future."))
        if value < self.plan.start_date:
            raise forms.ValidationError(_("The date cannot be before the plan's start date."))
        return value

    def clean_goal(self):
        pk = self.cleaned_data["goal"]
        return self.goals[pk] if pk is not None else None


def _short(text, limit=60) -> str:
    text = str(text or "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def goal_choices(goal_views) -> list[tuple[int, str]]:
    """(goal id, "Domain: start of the description") for choosing one of the goals."""
    return [(g.goal.pk, f"{g.goal.get_domain_display()}: {_short(g.description)}")
            for g in goal_views]


class AddToPlanForm(forms.Form):
    """From the recommendations: add one activity to one of the client's open goals.

    Ids are parsed as numbers (malformed: 400); the view looks them up (unknown: 404)."""

    activity = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    goal = forms.IntegerField(label=_("Goal"), min_value=1, widget=forms.Select)

    def __init__(self, *args, goal_views=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].widget.choices = goal_choices(goal_views)


class EnrolForm(forms.Form):
    """Posted by the "Enrol" buttons; the confirmation page adds the two ticks."""

    offering = forms.IntegerField(min_value=1)
    acknowledge_warnings = forms.BooleanField(required=False)
    join_waiting_list = forms.BooleanField(required=False)
