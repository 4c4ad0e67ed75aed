"""Sign-in events become audit events: login, failed login, logout, MFA changes.

These hooks are signals because the flows belong to django-allauth and Django; each
receiver only records, and holds no other logic. A failed login names the account when it
exists (its id, as actor) and records nothing typed by the visitor otherwise: a mistyped
username can be someone's name or password.

Transactions: ``record`` joins the transaction that is open when the signal fires. allauth
sends ``authenticator_added`` after its transaction commits (allauth 65.21
mfa/totp/internal/flows.py), so that event is written right after the change, in its own
transaction.
"""

from allauth.account.signals import user_logged_in
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out, user_login_failed

from reintegra.audit.models import Action
from reintegra.audit.services import record


def account_named(credentials: dict):
    """The existing account a login attempt names, or None."""
    username = credentials.get("username") or credentials.get("login") or ""
    if not isinstance(username, str) or not username.strip():
        return None
    return get_user_model().objects.filter(username__iexact=username.strip()).first()


def record_login_attempt(*, action, user):
    if user is None:
        record(actor=None, action=action)
    else:
        record(actor=user, action=action, obj=user)


def on_logged_in(sender, request, user, **kwargs):
    record(actor=user, action=Action.LOGIN, obj=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    record_login_attempt(action=Action.LOGIN_FAILED, user=account_named(credentials))


def on_logged_out(sender, request, user, **kwargs):
    if user is not None and user.is_authenticated:
        record(actor=user, action=Action.LOGOUT, obj=user)


def _authenticator_event(action):
    def receiver(sender, request, user, authenticator, **kwargs):
        record(actor=user, action=action, object_type=f"mfa.{authenticator.type}",
               object_id=str(authenticator.pk or ""))
    return receiver


on_mfa_added = _authenticator_event(Action.MFA_ADDED)
on_mfa_removed = _authenticator_event(Action.MFA_REMOVED)
on_mfa_reset = _authenticator_event(Action.MFA_RESET)
on_mfa_failed = _authenticator_event(Action.LOGIN_FAILED)


def sync_totp(sender, instance, **kwargs):
    """User.has_totp follows the user's TOTP authenticators (added, used, removed; a
    queryset delete sends this per row too, as receivers are connected)."""
    from allauth.mfa.models import Authenticator

    active = Authenticator.objects.filter(user_id=instance.user_id,
                                          type=Authenticator.Type.TOTP).exists()
    get_user_model().objects.filter(pk=instance.user_id).update(has_totp=active)
    if Authenticator.user.is_cached(instance):
        instance.user.has_totp = active


def connect():
    from allauth.mfa.models import Authenticator
    from django.db.models.signals import post_delete, post_save

    post_save.connect(sync_totp, sender=Authenticator, dispatch_uid="sync_totp_saved")
    post_delete.connect(sync_totp, sender=Authenticator, dispatch_uid="sync_totp_deleted")
    user_logged_in.connect(on_logged_in, dispatch_uid="audit_login")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit_logout")
    mfa_signals.authenticator_added.connect(on_mfa_added, dispatch_uid="audit_mfa_added")
    mfa_signals.authenticator_removed.connect(on_mfa_removed, dispatch_uid="audit_mfa_removed")
    mfa_signals.authenticator_reset.connect(on_mfa_reset, dispatch_uid="audit_mfa_reset")
    mfa_signals.authentication_failed.connect(on_mfa_failed, dispatch_uid="audit_mfa_failed")
