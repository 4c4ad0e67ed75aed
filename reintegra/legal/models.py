"""Legal status, documents, proceedings, claims, deadline rules, deadlines and reminders.

Coded values and dates are plain columns (they are filtered, counted and drive
deadlines); reference numbers and free text are sealed with the client's data key
(reintegra.vault). Every model that holds sealed text has a direct foreign key to the
client, so that erasure clears it (reintegra.privacy.erasure); deadlines and reminders are
deleted by the legal app's eraser.

A legal status is never overwritten: a change is a new ``LegalStatus`` row, and the row it
replaces gets ``replaced_by`` and ``replaced_at``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reintegra.vault.sealed import SealedModel, sealed_text

from . import choices as c


class ClientOwned(SealedModel):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def vault_owner(self):
        return self.client_id, self.client.key_id


class LegalStatus(ClientOwned):
    """One dated legal title (or its application) of a client."""

    SEALED_FIELDS = ("reference", "note")

    kind = models.CharField(_("legal title"), max_length=40, choices=c.StatusKind.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=c.Stage.choices,
                             default=c.Stage.GRANTED)
    authority = models.CharField(_("issuing authority"), max_length=40, blank=True,
                                 choices=c.Authority.choices)
    applied_on = models.DateField(_("application date"), null=True, blank=True)
    channel = models.CharField(_("application channel"), max_length=20, blank=True,
                               choices=c.Channel.choices)
    entry_on = models.DateField(_("date of entry to Poland"), null=True, blank=True)
    issued_on = models.DateField(_("issue or decision date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_minor = models.BooleanField(_("the client is a minor"), default=False)
    is_renewal = models.BooleanField(_("a renewal (further permit)"), default=False)
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended early"), max_length=30, blank=True,
                                  choices=c.EndReason.choices)
    reference_sealed = sealed_text()
    note_sealed = sealed_text()
    replaced_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="replaces")
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("legal status")
        verbose_name_plural = _("legal statuses")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["client", "replaced_by"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="legal_status_ends_after_start"),
        ]

    def __str__(self):
        return f"legal status {self.pk} ({self.kind}) of client {self.client_id}"

    @property
    def is_current(self) -> bool:
        return self.replaced_by_id is None


class Document(ClientOwned):
    SEALED_FIELDS = ("number", "note")

    kind = models.CharField(_("document"), max_length=30, choices=c.DocumentKind.choices)
    state = models.CharField(_("where it is"), max_length=20, choices=c.DocumentState.choices)
    issuing_country = models.CharField(_("issuing country"), max_length=2, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    scan = models.ForeignKey("clients.Attachment", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("scan"))
    number_sealed = sealed_text()
    note_sealed = sealed_text()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(issued_on__isnull=True)
                | Q(expires_on__gt=models.F("issued_on")),
                name="legal_document_expires_after_issue"),
        ]

    def __str__(self):
        return f"document {self.pk} ({self.kind}) of client {self.client_id}"


class Proceeding(ClientOwned):
    SEALED_FIELDS = ("reference", "note")

    kind = models.CharField(_("proceedings"), max_length=20, choices=c.ProceedingKind.choices)
    client_role = models.CharField(_("the client's role"), max_length=30,
                                   choices=c.ClientRole.choices)
    authority = models.CharField(_("authority"), max_length=40, choices=c.Authority.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=c.Outcome.choices,
                               default=c.Outcome.OPEN)
    reference_sealed = sealed_text()
    note_sealed = sealed_text()

    class Meta:
        verbose_name = _("proceedings")
        verbose_name_plural = _("proceedings")
        ordering = ["-opened_on", "-pk"]

    def __str__(self):
        return f"proceedings {self.pk} ({self.kind}) of client {self.client_id}"


class Hearing(ClientOwned):
    """A hearing or interview; the client FK is direct so that erasure clears the note."""

    SEALED_FIELDS = ("note",)

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE,
                                   related_name="hearings")
    held_on = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    note_sealed = sealed_text()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["held_on", "time", "pk"]

    def __str__(self):
        return f"hearing {self.pk} of proceedings {self.proceeding_id}"


class Claim(ClientOwned):
    SEALED_FIELDS = ("reference", "note")

    kind = models.CharField(_("claim"), max_length=20, choices=c.ClaimKind.choices)
    proceeding = models.ForeignKey(Proceeding, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="claims", verbose_name=_("in proceedings"))
    offence_on = models.DateField(_("date of the offence"), null=True, blank=True)
    harm_appeared_on = models.DateField(_("date the harm appeared"), null=True, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    amount_claimed = models.DecimalField(_("amount claimed (zł)"), max_digits=10,
                                         decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=c.Outcome.choices,
                               default=c.Outcome.OPEN)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reference_sealed = sealed_text()
    note_sealed = sealed_text()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-pk"]

    def __str__(self):
        return f"claim {self.pk} ({self.kind}) of client {self.client_id}"


class CaseNote(ClientOwned):
    """A legal case note: the team's legal advisor and the coordinator only."""

    SEALED_FIELDS = ("text",)

    text_sealed = sealed_text()

    class Meta:
        verbose_name = _("legal case note")
        verbose_name_plural = _("legal case notes")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"legal note {self.pk} of client {self.client_id}"


class DeadlineRule(models.Model):
    """A deadline rule as data: the law changes, and the legal advisor can follow it."""

    code = models.SlugField(_("code"), max_length=40, unique=True, allow_unicode=False)
    trigger = models.CharField(_("counted from"), max_length=30, choices=c.Trigger.choices)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    minor_months = models.PositiveSmallIntegerField(_("months for a minor"), null=True,
                                                    blank=True)
    minor_days = models.PositiveSmallIntegerField(_("days for a minor"), null=True, blank=True)
    fixed_date = models.DateField(_("fixed date (instead of an offset)"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    note_en = models.TextField(_("note (English)"), blank=True)
    note_pl = models.TextField(_("note (Polish)"), blank=True)
    source = models.CharField(_("source"), max_length=500)
    verified = models.BooleanField(_("verified against the statute text"), default=False)
    verified_by = models.CharField(_("verified by"), max_length=200, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["code"]
        constraints = [
            # PositiveSmallIntegerField is not checked on SQLite: say it in the schema.
            models.CheckConstraint(
                condition=Q(months__gte=0, days__gte=0)
                & (Q(minor_months__isnull=True) | Q(minor_months__gte=0))
                & (Q(minor_days__isnull=True) | Q(minor_days__gte=0)),
                name="deadline_rule_offsets_not_negative"),
        ]

    def __str__(self):
        return self.code


class Deadline(models.Model):
    """A date a rule gives for one client's record. Open until ``closed_at``."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE,
                               related_name="legal_deadlines")
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="deadlines")
    status = models.ForeignKey(LegalStatus, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="deadlines")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="deadlines")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="deadlines")
    counted_from = models.DateField()
    is_minor = models.BooleanField(default=False)
    due_on = models.DateField(db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["client", "closed_at", "due_on"])]

    def __str__(self):
        return f"deadline {self.pk} ({self.rule_id}) of client {self.client_id}"


class Reminder(models.Model):
    """An in-app notification: deadline ``deadline`` is ``days_before`` days away.

    The daily task creates each at most once (the unique constraint makes a second run, or
    two workers at once, harmless)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="legal_reminders")
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "deadline", "days_before"],
                                    name="one_reminder_per_user_deadline_and_day"),
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return f"reminder {self.pk}: deadline {self.deadline_id} in {self.days_before} days"
