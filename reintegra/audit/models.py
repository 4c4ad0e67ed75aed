"""Append-only audit events, chained with HMAC (see chain.py). Never personal data:
actor, action, object type and id, time and request id only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    LIST = "list", _("listed")
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    CLOSE = "close", _("closed")
    REOPEN = "reopen", _("reopened")
    EXPORT = "export", _("exported")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed to log in")
    LOGOUT = "logout", _("logged out")
    ERASE = "erase", _("erased")
    KEY_ROTATION = "key_rotation", _("rotated the master key")
    CONSENT = "consent", _("recorded consent")
    DELETE = "delete", _("deleted")


class AuditEvent(models.Model):
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
        db_constraint=False,
    )
    organisation_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"
