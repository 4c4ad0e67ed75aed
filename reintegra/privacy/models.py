"""Consent (HTCDS con_Consent), erasure requests and what an erasure leaves behind.

Nothing here holds a client's name, contact or free text: consent records are dates,
codes and staff; an erasure record holds merged, non-identifying statistics only.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reintegra.clients.languages import language_choices
from reintegra.core.fields import ChoiceSetField

from .regions import Region


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("Case management")
    SHARING = "sharing", _("Sharing data with a named organisation")
    STATISTICS = "statistics", _("Non-identifying statistics and research")


class ChecklistItem(models.TextChoices):
    """What was explained: the HTCDS 2.0 con_Consent guidance (IOM, CC BY 4.0;
    reintegra/clients/reference/htcds-2.0-fields.csv, docs/domain.md section 3)."""

    PURPOSE = "purpose", _("The purpose of processing")
    USE = "use", _("How the data will be used")
    STATISTICS = "statistics", _("The use of non-identifying data for statistics and research")
    ACCESS = "access", _("The right to see one's data at any time")
    RETENTION = "retention", _("How long the data are kept")
    WITHDRAWAL = "withdrawal", _("How to withdraw consent")


class Consent(models.Model):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    shared_with = models.CharField(
        _("organisation the data may be shared with"), max_length=200, blank=True
    )
    given_on = models.DateField(_("date of consent"))
    language = models.CharField(
        _("language in which it was explained"), max_length=3, choices=language_choices
    )
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("explained by"),
    )
    items_explained = ChoiceSetField(_("explained"), choices=ChecklistItem.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("date of withdrawal"), null=True, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )
    withdrawal_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["purpose", "withdrawn_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "purpose", "shared_with"],
                condition=Q(withdrawn_on__isnull=True),
                name="one_active_consent_per_purpose",
            ),
            models.CheckConstraint(
                condition=~Q(purpose="sharing") | ~Q(shared_with=""),
                name="sharing_consent_names_organisation",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return f"consent {self.pk} of {self.client_id}: {self.purpose}"

    @property
    def is_active(self):
        return self.withdrawn_on is None

    @property
    def items_missing(self) -> list[str]:
        return [label for value, label in ChecklistItem.choices
                if value not in self.items_explained]


class ErasureReason(models.TextChoices):
    DATA_SUBJECT = "data_subject", _("The person asked for erasure (GDPR art. 17)")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent was withdrawn and no other basis remains")
    NO_LONGER_NEEDED = "no_longer_needed", _("The data are no longer needed")
    OTHER = "other", _("Other legal reason")


class ErasureState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CANCELLED = "cancelled", _("Request cancelled")
    COMPLETED = "completed", _("Data erased")


class ErasureRequest(models.Model):
    """The four-eyes rule: the DPO asks, a second person (another DPO or a coordinator of the
    same organisation) confirms, and only then the erasure runs."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="erasure_requests"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ErasureReason.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=ErasureState.choices, default=ErasureState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("cancelled by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(state="pending"),
                name="one_pending_erasure_per_client",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("requested_by")),
                name="erasure_confirmed_by_another_person",
            ),
        ]

    def __str__(self):
        return f"erasure request {self.pk} for {self.client_id}: {self.state}"

    @property
    def is_pending(self):
        return self.state == ErasureState.PENDING


class ErasureCause(models.TextChoices):
    REQUEST = "request", _("Confirmed request")
    OPERATOR = "operator", _("Operator command")
    RETENTION = "retention", _("Retention period ended")


class ErasureRecord(models.Model):
    """What is left of an erased client beside the stripped ``Client`` row (which keeps its
    code, gender, age band, status, years and exploitation types): regions instead of
    countries, and programme participation counts. Who asked and who confirmed are staff,
    not the client."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="erasure_record"
    )
    cause = models.CharField(max_length=12, choices=ErasureCause.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    erased_at = models.DateTimeField()
    citizenship_regions = ChoiceSetField(_("citizenship (regions)"), choices=Region.choices)
    participation = models.JSONField(_("programme participation counts"), default=dict)

    def __str__(self):
        return f"erasure of {self.client_id}"
