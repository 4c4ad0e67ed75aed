"""Outcome questionnaires: instruments (versioned data), administrations and answers.

An ``Instrument`` row is one VERSION of an instrument file (reintegra/outcomes/instruments,
format in docs/outcomes.md); a changed file is imported as a new version and older
administrations keep pointing at, and scoring by, their own version.

An ``Administration`` is one questionnaire given to a client at one time point. Its score
is a plain number tied to the client id (what statistics need); ``score`` stays empty when
too many items were skipped ("not valid", never a number). The item answers are sealed
with the client's data key (``AnswerSet``), so erasing the key erases them; the eraser in
``erasure.py`` deletes the administrations with the client's case data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.vault.sealed import SealedModel, sealed_text


class Instrument(models.Model):
    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    # None: shipped with reintegra; otherwise entered by that organisation (e.g. a
    # validated translation it holds the permission for).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    definition = models.JSONField()  # the whole validated file, as imported
    digest = models.CharField(max_length=64)  # sha-256 of the canonical definition
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code", "version"],
                                    name="outcomes_instrument_version_unique"),
        ]

    def __str__(self):
        return f"{self.code} v{self.version}"

    def title(self, language: str) -> str:
        titles = self.definition["title"]
        return titles.get(language) or titles.get("en") or self.code

    @property
    def is_validated(self) -> bool:
        """True when at least one language's text is a validated version (with a source)."""
        return any(about.get("validated") for about in self.definition["languages"].values())

    @property
    def higher_is_better(self) -> bool:
        return self.definition.get("higher_is_better", True)


class Timepoint(models.TextChoices):
    BASELINE = "baseline", _("baseline")
    MIDPOINT = "midpoint", _("midpoint")
    EXIT = "exit", _("exit")
    FOLLOW_UP = "follow_up", _("follow-up")
    OTHER = "other", _("other")


class Mode(models.TextChoices):
    SELF = "self", _("self-completion")
    STAFF = "staff", _("with staff (interview)")


class Administration(models.Model):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="outcome_administrations"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    timepoint = models.CharField(_("time point"), max_length=12, choices=Timepoint.choices)
    due_on = models.DateField(_("due on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)  # None: not valid/not done
    valid = models.BooleanField(default=False)
    answered = models.PositiveSmallIntegerField(default=0)
    subscores = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["client", "instrument"]),
            models.Index(fields=["completed_on"]),
        ]

    def __str__(self):
        return f"administration {self.pk} of client {self.client_id}"

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None


class AnswerSet(SealedModel):
    """The item answers of one administration, sealed: {item id: option value or null}."""

    SEALED_FIELDS = ("answers",)

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="outcome_answers"
    )
    administration = models.OneToOneField(
        Administration, on_delete=models.CASCADE, related_name="answer_set"
    )
    answers_sealed = sealed_text()

    def __str__(self):
        return f"answers of administration {self.administration_id}"

    def vault_owner(self):
        return self.client_id, self.client.key_id


class SelfCompletionLink(models.Model):
    """A one-time, time-limited questionnaire link for a client on a tablet. Only the
    SHA-256 of the random token is stored; the signed token travels in the URL once."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="+"
    )
    administrations = models.ManyToManyField(Administration, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"self-completion link {self.pk}"
