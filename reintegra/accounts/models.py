from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An organisation that runs a programme (HTCDS org_*). Clients never cross it.

    Its thresholds (retention, idle timeout, reminders, disclosure k) are read through
    ``org_settings.for_organisation``, never directly."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    client_code_prefix = models.CharField(
        _("client code prefix"), max_length=6, default="RT",
        help_text=_("Letters that start every client code, e.g. RT in RT-2026-0041."),
    )
    # Thresholds the organisation sets for itself; empty means "the server's default"
    # (settings.py), so an organisation that never opened its settings page follows the
    # operator's configuration. Read them through org_settings.for_organisation only.
    retention_years = models.PositiveSmallIntegerField(
        _("retention after closure (years)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        _("sign out after inactivity (minutes)"), null=True, blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    reminder_days = models.CharField(_("reminder days"), max_length=60, blank=True)
    disclosure_k = models.PositiveSmallIntegerField(
        _("smallest number shown in reports"), null=True, blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            # Fewer than 3 people in a published cell could identify them (org_settings).
            models.CheckConstraint(condition=models.Q(disclosure_k__isnull=True)
                                   | models.Q(disclosure_k__gte=3), name="disclosure_k_min_3"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    """docs/domain.md section 2."""

    COORDINATOR = "coordinator", _("Coordinator")
    CASE_WORKER = "case_worker", _("Case worker")
    LEGAL_ADVISOR = "legal_advisor", _("Legal advisor")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    TRAINER = "trainer", _("Trainer")
    DPO = "dpo", _("Data protection officer")


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True,
        related_name="users", verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    # Whether the user has an activated TOTP authenticator: kept by a receiver on every
    # save and delete of an Authenticator (receivers.sync_totp), in the same transaction.
    # The MFA middleware reads it from the user row that every request loads anyway: no
    # query of its own, and a revoked device counts from the very next request.
    has_totp = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="") | models.Q(organisation__isnull=False),
                name="staff_role_needs_organisation",
            )
        ]

    def save(self, *args, **kwargs):
        # has_totp is written by the authenticators' receiver alone: a copy of the user
        # loaded before a device was revoked never writes the old value back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name != "has_totp"]
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.get_full_name() or self.username

    def __str__(self):
        # Staff are shown by name, not username, wherever a user is printed ({{ user }},
        # a drop-down of users): docs/glossary.md.
        return self.display_name

    def has_role(self, *roles):
        return self.role in roles


# --- One-time set-up links ----------------------------------------------------------------

class SetupLink(models.Model):
    """A one-time, expiring link to choose a password and enrol TOTP.

    Only the SHA-256 of the token is stored: a copy of the database does not give anyone
    a working link. ``used_at`` and ``revoked_at`` make it single-use and revocable.
    """

    class Purpose(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        RESET = "reset", _("reset")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="setup_links")
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("set-up link")
        verbose_name_plural = _("set-up links")

    def __str__(self):
        return f"set-up link {self.pk} for user {self.user_id}"


class AccessReset(models.Model):
    """A coordinator asks to reset a colleague's sign-in; a second coordinator confirms.

    ``SECOND_FACTOR``: the colleague's authenticators are removed; they sign in with their
    password and enrol a new one. ``PASSWORD``: the password and authenticators are
    removed and a new set-up link is issued (this is how a forgotten password is reset:
    there is no self-service reset by e-mail).
    """

    class Kind(models.TextChoices):
        SECOND_FACTOR = "second_factor", _("second factor")
        PASSWORD = "password", _("password and second factor")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_resets")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in reset")
        verbose_name_plural = _("sign-in resets")

    def __str__(self):
        return f"{self.kind} reset {self.pk} for user {self.user_id}"

    @property
    def is_pending(self):
        return self.confirmed_at is None and self.cancelled_at is None
