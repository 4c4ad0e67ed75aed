"""Append-only audit events, chained with HMAC (see chain.py). Never personal data:
actor, action, object type and id, the client the event concerns (an id), time and
request id only. Triggers refuse UPDATE and DELETE (guards.py)."""

from typing import Any

from django.apps import apps
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
    LOGIN_LOCKED = "login_locked", _("was refused after too many failed logins")
    LOGOUT = "logout", _("logged out")
    MFA_ADDED = "mfa_added", _("turned on two-factor authentication")
    MFA_REMOVED = "mfa_removed", _("turned off two-factor authentication")
    MFA_RESET = "mfa_reset", _("made new recovery codes")
    ERASE = "erase", _("erased")
    KEY_ROTATION = "key_rotation", _("rotated the master key")
    CONSENT = "consent", _("recorded consent")
    DELETE = "delete", _("deleted")
    MATCH = "match", _("was warned of a matching record")
    ROLE_CHANGE = "role_change", _("changed the role of")
    ACTIVATE = "activate", _("activated")
    DEACTIVATE = "deactivate", _("deactivated")


HISTORY_TYPE = "audit.history"  # the event of opening a client's access history

# Names for the objects events are about; other types fall back to the model's name.
OBJECT_LABELS = {
    "clients.client": _("client record"),
    HISTORY_TYPE: _("access history"),
    "audit.auditevent": _("audit trail"),
    "accounts.user": _("account"),
    "mfa.totp": _("authenticator app"),
    "mfa.recovery_codes": _("recovery codes"),
}


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+",
        db_constraint=False, verbose_name=_("who"),
    )
    organisation_id = models.BigIntegerField(null=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    # The client the event concerns, for "who has seen this record": set for the client
    # itself and for anything that belongs to one (a plan, an enrolment). An id, no FK:
    # events outlive an erased client.
    client_id = models.BigIntegerField(null=True, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    # Which canonical form the row's hash covers (chain.py): NULL for rows written before
    # formats were numbered (format 1), chain.CURRENT_FORMAT for new rows.
    chain_format = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["client_id", "-id"], name="audit_client_recent"),
            models.Index(fields=["organisation_id", "-id"], name="audit_org_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    @property
    def object_label(self) -> Any:
        if not self.object_type:
            return ""
        if self.object_type in OBJECT_LABELS:
            return OBJECT_LABELS[self.object_type]
        try:
            return apps.get_model(self.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            return self.object_type
