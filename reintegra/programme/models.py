"""The activity programme: the catalogue of what the programme offers.

Sessions, enrolment and attendance build on ``Activity``; support plans (reintegra.plans)
link goals to activities and recommend them by the ``Domain`` they serve.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import ChoiceSetField


class Domain(models.TextChoices):
    """Life domains a needs assessment rates and an activity serves (issue 4)."""

    SAFETY = "safety", _("Safety")
    LEGAL_STATUS = "legal_status", _("Legal status")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health and well-being")
    LANGUAGE = "language", _("Language")
    EDUCATION = "education", _("Education and skills")
    WORK = "work", _("Work and income")
    MONEY = "money", _("Money management")
    SOCIAL_NETWORK = "social_network", _("Social network")
    RIGHTS = "rights", _("Rights awareness")


class ActivityKind(models.TextChoices):
    COURSE = "course", _("Course or class")
    WORKSHOP = "workshop", _("Workshop")
    INDIVIDUAL = "individual", _("Individual session")
    OUTSIDE = "outside", _("Outside course")


class Level(models.TextChoices):
    ANY = "", _("Any level")
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Activity(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="activities"
    )
    name_pl = models.CharField(_("name in Polish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    domains = ChoiceSetField(_("domains served"), choices=Domain.choices)
    group = models.BooleanField(_("group activity"), default=True)
    languages = models.CharField(
        _("languages of instruction"), max_length=100, blank=True,
        help_text=_("ISO 639-2 codes separated by commas, e.g. pol,ukr"),
    )
    women_only = models.BooleanField(_("women only"), default=False)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    duration_hours = models.DecimalField(
        _("total hours"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="activities", verbose_name=_("trainer"),
    )
    active = models.BooleanField(_("offered now"), default=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["name_en"]

    def __str__(self):
        return self.name_en

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    def name(self, language: str) -> str:
        return self.name_pl if language.startswith("pl") else self.name_en
