"""Writes to staff accounts and organisations: acting user first, atomic, audited in the
same transaction. Audit rows name accounts by id only, never by name or address."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.models import Action
from reintegra.audit.services import record

from . import access
from .models import AccessReset, Organisation, Role, SetupLink, User

SETUP_LINK_TYPE = "accounts.setuplink"
TEAM_TYPE = "clients.caseteammember"
THRESHOLD_FIELDS = ("retention_years", "idle_timeout_minutes", "reminder_days", "disclosure_k")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class NewLink:
    link: SetupLink
    token: str  # shown once (or e-mailed); only its hash is stored


def _issue_link(*, actor, user, purpose) -> NewLink:
    """A new one-time link for ``user``; their earlier unused links stop working."""
    _revoke_links(user)
    token = secrets.token_urlsafe(32)
    link = SetupLink.objects.create(
        user=user, purpose=purpose, token_hash=token_hash(token),
        created_by=actor if actor is not None and actor.pk else None,
        expires_at=timezone.now() + timedelta(hours=settings.SETUP_LINK_HOURS),
    )
    record(actor=actor, action=Action.CREATE, obj=link,
           organisation_id=user.organisation_id)
    return NewLink(link=link, token=token)


def _revoke_links(user) -> int:
    return SetupLink.objects.filter(user=user, used_at__isnull=True,
                                    revoked_at__isnull=True).update(revoked_at=timezone.now())


def _end_sessions(user) -> int:
    """Delete every stored session of ``user``: their next request is signed out."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def address_in_use(email: str) -> bool:
    email = _normalise_email(email)
    return User.objects.filter(username__iexact=email).exists() or \
        User.objects.filter(email__iexact=email).exists()


def _new_staff(*, organisation, email, role, first_name="", last_name="") -> User:
    email = _normalise_email(email)
    if address_in_use(email):
        raise ValidationError({"email": _("An account with this e-mail address already "
                                          "exists. Look for it in the staff list.")})
    user = User(username=email, email=email, organisation=organisation, role=role,
                first_name=first_name, last_name=last_name)
    user.set_unusable_password()  # the set-up link chooses it
    user.save()
    return user


# --- First run -------------------------------------------------------------------------------


@transaction.atomic
def create_organisation(*, actor, name, code_prefix, coordinator_email) -> NewLink:
    """The operator's first run: an organisation, its coordinator, and a set-up link."""
    name, code_prefix = name.strip(), code_prefix.strip().upper()
    if not name:
        raise ValidationError({"name": _("Enter the organisation's name.")})
    if not (code_prefix.isascii() and code_prefix.isalpha() and 1 <= len(code_prefix) <= 6):
        raise ValidationError({"code_prefix": _("Use 1 to 6 letters A to Z.")})
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("An organisation with this name already exists.")})
    organisation = Organisation.objects.create(name=name, client_code_prefix=code_prefix)
    record(actor=actor, action=Action.CREATE, obj=organisation, organisation_id=organisation.pk)
    user = _new_staff(organisation=organisation, email=coordinator_email,
                      role=Role.COORDINATOR)
    record(actor=actor, action=Action.CREATE, obj=user, organisation_id=organisation.pk)
    return _issue_link(actor=actor, user=user, purpose=SetupLink.Purpose.INVITATION)


# --- Staff management --------------------------------------------------------------------------


@transaction.atomic
def invite_staff(*, actor, email, role, first_name, last_name) -> NewLink:
    if not access.may_manage_staff(actor):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    user = _new_staff(organisation=actor.organisation, email=email, role=role,
                      first_name=first_name.strip(), last_name=last_name.strip())
    record(actor=actor, action=Action.CREATE, obj=user)
    return _issue_link(actor=actor, user=user, purpose=SetupLink.Purpose.INVITATION)


@transaction.atomic
def reissue_invitation(*, actor, user) -> NewLink:
    """A new link for someone who has not set up their account yet (the first expired)."""
    _check_colleague(actor, user)
    if user.has_usable_password() or not user.is_active:
        raise ValidationError(_("This colleague has already set up their account."))
    return _issue_link(actor=actor, user=user, purpose=SetupLink.Purpose.INVITATION)


def _check_colleague(actor, user):
    if not access.may_manage_staff(actor) or user.organisation_id != actor.organisation_id:
        raise PermissionDenied


def _active_coordinators(organisation_id) -> int:
    return User.objects.filter(organisation_id=organisation_id, role=Role.COORDINATOR,
                               is_active=True).count()


@transaction.atomic
def change_role(*, actor, user, role) -> None:
    _check_colleague(actor, user)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot change your own role: ask another coordinator."))
    if user.role == role:
        return
    # Lock the organisation's coordinators, so two changes at once cannot remove both.
    list(User.objects.select_for_update().filter(organisation_id=actor.organisation_id,
                                                 role=Role.COORDINATOR))
    if (user.role == Role.COORDINATOR and user.is_active
            and _active_coordinators(actor.organisation_id) <= 1):
        raise ValidationError(_("The organisation needs at least one coordinator."))
    user.role = role
    user.save(update_fields=["role"])
    record(actor=actor, action=Action.UPDATE, obj=user)


@transaction.atomic
def deactivate(*, actor, user) -> None:
    """A leaver: no sign-in, sessions ended now, calendar feeds and links revoked. Their
    case-team memberships stay as the record of who was on each team."""
    _check_colleague(actor, user)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account: ask another "
                                "coordinator."))
    if not user.is_active:
        return
    list(User.objects.select_for_update().filter(organisation_id=actor.organisation_id,
                                                 role=Role.COORDINATOR))
    if user.role == Role.COORDINATOR and _active_coordinators(actor.organisation_id) <= 1:
        raise ValidationError(_("The organisation needs at least one coordinator."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    _end_sessions(user)
    _revoke_links(user)
    AccessReset.objects.filter(user=user, confirmed_at__isnull=True,
                               cancelled_at__isnull=True).update(cancelled_at=timezone.now())
    _revoke_calendar_feeds(actor, user)
    record(actor=actor, action=Action.CLOSE, obj=user)


def _revoke_calendar_feeds(actor, user) -> None:
    from reintegra.programme.models import CalendarFeed

    for feed in CalendarFeed.objects.filter(trainer=user, revoked_at__isnull=True):
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        record(actor=actor, action=Action.DELETE, obj=feed)


@transaction.atomic
def reactivate(*, actor, user) -> None:
    _check_colleague(actor, user)
    if user.is_active:
        return
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(actor=actor, action=Action.REOPEN, obj=user)


# --- Case teams ------------------------------------------------------------------------------


@transaction.atomic
def add_to_team(*, actor, user, client) -> None:
    from reintegra.clients.access import TEAM_ROLES
    from reintegra.clients.models import CaseTeamMember

    _check_colleague(actor, user)
    if client.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if user.role not in TEAM_ROLES or not user.is_active:
        raise ValidationError({"code": _(
            "Only active case workers, legal advisors and psychologists join case teams; "
            "coordinators and the data protection officer see every case already.")})
    if client.is_erased:
        raise ValidationError({"code": _("This client's data have been erased.")})
    _member, created = CaseTeamMember.objects.get_or_create(client=client, user=user)
    if created:
        # Who was on a team, and when, stays in the audit trail (client id, user id).
        record(actor=actor, action=Action.CREATE, object_type=TEAM_TYPE,
               object_id=str(user.pk), client_id=client.pk)


@transaction.atomic
def remove_from_team(*, actor, user, client) -> None:
    from reintegra.clients.models import CaseTeamMember

    _check_colleague(actor, user)
    if client.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if client.case_owner_id == user.pk:
        raise ValidationError(_("This colleague is the case owner: choose another owner "
                                "on the client's page first."))
    deleted, _kinds = CaseTeamMember.objects.filter(client=client, user=user).delete()
    if deleted:
        record(actor=actor, action=Action.DELETE, object_type=TEAM_TYPE,
               object_id=str(user.pk), client_id=client.pk)


# --- Sign-in resets (second coordinator confirms) ----------------------------------------------


@transaction.atomic
def request_reset(*, actor, user, kind) -> AccessReset:
    _check_colleague(actor, user)
    if kind not in AccessReset.Kind.values:
        raise ValidationError({"kind": _("Choose what to reset.")})
    if user.pk == actor.pk:
        raise ValidationError(_("Ask another coordinator to reset your own sign-in."))
    if not user.is_active:
        raise ValidationError(_("This account is deactivated."))
    if AccessReset.objects.filter(user=user, confirmed_at__isnull=True,
                                  cancelled_at__isnull=True).exists():
        raise ValidationError(_("A reset for this colleague is already waiting for "
                                "confirmation."))
    reset = AccessReset.objects.create(user=user, kind=kind, requested_by=actor)
    record(actor=actor, action=Action.CREATE, obj=reset)
    return reset


@transaction.atomic
def confirm_reset(*, actor, reset) -> NewLink | None:
    """The second coordinator confirms. Returns the new set-up link of a password reset."""
    from allauth.mfa.models import Authenticator

    reset = AccessReset.objects.select_for_update().get(pk=reset.pk)
    user = reset.user
    _check_colleague(actor, user)
    if not reset.is_pending:
        raise ValidationError(_("This reset is no longer pending."))
    if actor.pk in (reset.requested_by_id, user.pk):
        raise ValidationError(_("A second coordinator, not the one who asked and not the "
                                "colleague concerned, must confirm."))
    reset.confirmed_by, reset.confirmed_at = actor, timezone.now()
    reset.save(update_fields=["confirmed_by", "confirmed_at"])
    removed = Authenticator.objects.filter(user=user)
    for authenticator in removed:
        record(actor=actor, action=Action.MFA_REMOVED, object_type=f"mfa.{authenticator.type}",
               object_id=str(authenticator.pk), organisation_id=user.organisation_id)
    removed.delete()
    _end_sessions(user)
    record(actor=actor, action=Action.UPDATE, obj=reset)
    if reset.kind != AccessReset.Kind.PASSWORD:
        return None
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return _issue_link(actor=actor, user=user, purpose=SetupLink.Purpose.RESET)


@transaction.atomic
def cancel_reset(*, actor, reset) -> None:
    _check_colleague(actor, reset.user)
    if reset.is_pending:
        reset.cancelled_at = timezone.now()
        reset.save(update_fields=["cancelled_at"])
        record(actor=actor, action=Action.DELETE, obj=reset)


@transaction.atomic
def operator_reset_link(*, username) -> NewLink:
    """``manage.py setup_link``: the server operator's way in when no second coordinator
    can confirm (an organisation with one coordinator who lost their phone)."""
    from allauth.mfa.models import Authenticator

    user = User.objects.get(username__iexact=username)
    Authenticator.objects.filter(user=user).delete()
    record(actor=None, action=Action.MFA_REMOVED, obj=user,
           organisation_id=user.organisation_id)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    _end_sessions(user)
    return _issue_link(actor=None, user=user, purpose=SetupLink.Purpose.RESET)


# --- Using a set-up link -------------------------------------------------------------------------


def usable_link(token: str) -> SetupLink | None:
    """The link a token opens, if it is unused, unrevoked, unexpired and its account active."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    link = SetupLink.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    if link is None or not is_usable(link):
        return None
    return link


def is_usable(link) -> bool:
    return (link.used_at is None and link.revoked_at is None
            and link.expires_at > timezone.now() and link.user.is_active)


@transaction.atomic
def complete_setup(*, link_id, password, totp_secret) -> User:
    """Choose the password and enrol TOTP, once. The caller has checked the code."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    link = SetupLink.objects.select_for_update().select_related("user").get(pk=link_id)
    if not is_usable(link):
        raise ValidationError(_("This link has already been used or has expired."))
    user = link.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    Authenticator.objects.filter(user=user).delete()
    totp = TOTP.activate(user, totp_secret)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    record(actor=user, action=Action.UPDATE, obj=link)
    record(actor=user, action=Action.MFA_ADDED, object_type="mfa.totp",
           object_id=str(totp.instance.pk))
    return user


# --- Organisation settings ---------------------------------------------------------------------


@transaction.atomic
def update_organisation(*, actor, organisation, name, client_code_prefix, **thresholds) -> None:
    if not access.may_manage_staff(actor) or organisation.pk != actor.organisation_id:
        raise PermissionDenied
    if Organisation.objects.filter(name__iexact=name).exclude(pk=organisation.pk).exists():
        raise ValidationError({"name": _("An organisation with this name already exists.")})
    organisation.name, organisation.client_code_prefix = name, client_code_prefix
    for field in THRESHOLD_FIELDS:
        setattr(organisation, field, thresholds[field])
    organisation.full_clean()
    organisation.save()
    record(actor=actor, action=Action.UPDATE, obj=organisation)
