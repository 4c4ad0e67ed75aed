from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An organisation that runs a programme (HTCDS org_*). Clients never cross it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    client_code_prefix = models.CharField(
        _("client code prefix"), max_length=6, default="RT",
        help_text=_("Letters that start every client code, e.g. RT in RT-2026-0041."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="") | models.Q(organisation__isnull=False),
                name="staff_role_needs_organisation",
            )
        ]

    @property
    def display_name(self):
        return self.get_full_name() or self.username

    def has_role(self, *roles):
        return self.role in roles
