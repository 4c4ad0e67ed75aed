"""Needs assessments, predispositions and individual support plans (HTCDS ``spl_*``).

Coded values (ratings, domains, availability, preferences, statuses, challenge codes) are
plain columns, so that plans can be matched with activities and counted for the report.
Free text about a person (notes, objectives, the action plan, goals) is sealed with the
client's data key (reintegra.vault): erasing the key erases it and leaves the codes.

Each assessment is a new dated record: a reassessment never overwrites the previous one,
so that the change over time stays visible.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.clients.languages import language_choices
from reintegra.core.fields import ChoiceSetField
from reintegra.programme.models import Domain
from reintegra.vault.sealed import SealedModel, sealed_text

from . import choices as c


class NeedsAssessment(SealedModel):
    """One dated assessment of a client's needs and predispositions."""

    SEALED_FIELDS = ("summary", "considerations")

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="needs_assessments"
    )
    assessed_on = models.DateField(_("date of the assessment"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("assessed by"),
    )
    availability = ChoiceSetField(
        _("free for activities"), choices=c.AVAILABILITY_CHOICES, max_length=400
    )
    needs_childcare = models.BooleanField(_("needs childcare to take part"), default=False)
    interests = ChoiceSetField(_("interests"), choices=c.Interest.choices)
    cultural_preferences = ChoiceSetField(
        _("cultural or religious considerations"), choices=c.CulturalPreference.choices
    )
    trauma_preferences = ChoiceSetField(
        _("trauma-informed preferences"), choices=c.TraumaPreference.choices
    )
    summary_sealed = sealed_text()
    considerations_sealed = sealed_text()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["client", "-assessed_on", "-id"])]

    def __str__(self):
        return f"assessment {self.pk} of client {self.client_id}"

    def vault_owner(self):
        return self.client_id, self.client.key_id

    @property
    def wishes(self) -> set[str]:
        return set(self.cultural_preferences) | set(self.trauma_preferences)


class DomainRating(SealedModel):
    """The need in one domain at one assessment; ``rating`` is empty when not assessed."""

    SEALED_FIELDS = ("note",)

    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.CASCADE, related_name="ratings"
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    rating = models.PositiveSmallIntegerField(
        _("need"), choices=c.NeedRating.choices, null=True, blank=True
    )
    note_sealed = sealed_text()

    class Meta:
        verbose_name = _("domain rating")
        verbose_name_plural = _("domain ratings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="one_rating_per_domain"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=c.NEED_MIN, rating__lte=c.NEED_MAX),
                name="need_rating_in_scale",
            ),
        ]

    def __str__(self):
        return f"{self.domain}={self.rating} in assessment {self.assessment_id}"

    def vault_owner(self):
        return self.assessment.vault_owner()


class LanguageSkill(models.Model):
    """A language the person knows at one assessment: speaks, reads, writes."""

    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(_("language"), max_length=3, choices=language_choices)
    speaks = models.BooleanField(_("speaks"), default=False)
    reads = models.BooleanField(_("reads"), default=False)
    writes = models.BooleanField(_("writes"), default=False)

    class Meta:
        verbose_name = _("language skill")
        verbose_name_plural = _("language skills")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "language"], name="one_row_per_language")
        ]

    def __str__(self):
        return f"{self.language} in assessment {self.assessment_id}"


class SupportPlan(SealedModel):
    """An individual support plan (HTCDS spl_*)."""

    SEALED_FIELDS = ("objectives", "action_plan")

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="support_plans"
    )
    plan_type = models.CharField(_("type of plan"), max_length=40, choices=c.PlanType.choices)
    objectives_sealed = sealed_text()  # spl_Objectives
    action_plan_sealed = sealed_text()  # spl_ActionPlan
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    actual_end_date = models.DateField(_("actual end date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["client", "-start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__isnull=True)
                | Q(planned_end_date__gte=models.F("start_date")),
                name="plan_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(actual_end_date__isnull=True)
                | Q(actual_end_date__gte=models.F("start_date")),
                name="plan_actual_end_after_start",
            ),
        ]

    def __str__(self):
        return f"plan {self.pk} of client {self.client_id}"

    def vault_owner(self):
        return self.client_id, self.client.key_id

    @property
    def is_open(self):
        return self.actual_end_date is None


class Goal(SealedModel):
    """A goal of a plan in one life domain, with the activities chosen for it."""

    SEALED_FIELDS = ("description",)

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    description_sealed = sealed_text()
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=c.GoalStatus.choices, blank=True,
        help_text=_("Set by the latest review; empty until the first review."),
    )
    activities = models.ManyToManyField(
        "programme.Activity", blank=True, related_name="plan_goals",
        verbose_name=_("chosen activities"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["pk"]

    def __str__(self):
        return f"goal {self.pk} of plan {self.plan_id}"

    def vault_owner(self):
        return self.plan.vault_owner()

    @property
    def is_open(self):
        return self.status in c.OPEN_GOAL_STATUSES


class GoalReview(SealedModel):
    SEALED_FIELDS = ("note",)

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("date of the review"))
    status = models.CharField(_("status"), max_length=12, choices=c.GoalStatus.choices)
    note_sealed = sealed_text()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal review")
        verbose_name_plural = _("goal reviews")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self):
        return f"review {self.pk} of goal {self.goal_id}"

    def vault_owner(self):
        return self.goal.vault_owner()


class Challenge(SealedModel):
    """An obstacle met while following the plan, coded for the analytical report."""

    SEALED_FIELDS = ("note",)

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="challenges")
    code = models.CharField(_("challenge"), max_length=24, choices=c.ChallengeCode.choices)
    noted_on = models.DateField(_("date"))
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="challenges",
        verbose_name=_("goal affected"),
    )
    activity = models.ForeignKey(
        "programme.Activity", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="plan_challenges", verbose_name=_("activity affected"),
    )
    led_to_dropout = models.BooleanField(
        _("the person left an activity or the programme because of it"), default=False
    )
    note_sealed = sealed_text()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-noted_on", "-pk"]
        indexes = [models.Index(fields=["code"])]

    def __str__(self):
        return f"{self.code} in plan {self.plan_id}"

    def vault_owner(self):
        return self.plan.vault_owner()
