"""Reads for staff management, each with the acting coordinator."""

from django.db.models import Exists, OuterRef
from django.http import Http404

from . import access
from .models import AccessReset, SetupLink, User

MAX_ID = 2**63 - 1  # a bigger id in the address is no row: 404, not an OverflowError


def _require(actor):
    if not access.may_manage_staff(actor):
        raise Http404


def staff_list(*, actor):
    """The organisation's staff with role, last sign-in, MFA state and pending links: one
    query whatever the number of people."""
    from allauth.mfa.models import Authenticator
    from django.utils import timezone

    _require(actor)
    return (
        User.objects.filter(organisation_id=actor.organisation_id)
        .annotate(
            has_mfa=Exists(Authenticator.objects.filter(
                user=OuterRef("pk"), type=Authenticator.Type.TOTP)),
            has_pending_link=Exists(SetupLink.objects.filter(
                user=OuterRef("pk"), used_at__isnull=True, revoked_at__isnull=True,
                expires_at__gt=timezone.now())),
        )
        .order_by("-is_active", "last_name", "first_name", "pk")
    )


def staff_member(*, actor, pk) -> User:
    """A colleague in the actor's organisation, or 404."""
    _require(actor)
    if not 0 < pk <= MAX_ID:
        raise Http404
    member = staff_list(actor=actor).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def team_cases(*, actor, user):
    """The clients whose case team ``user`` is on (codes only: the registry section)."""
    from reintegra.clients.access import reach_q
    from reintegra.clients.models import Client

    _require(actor)
    return (Client.objects.filter(reach_q(actor), team_members__user=user)
            .order_by("code").only("pk", "code", "case_owner_id", "erased_at"))


def client_by_code(*, actor, code):
    from reintegra.clients.access import reach_q
    from reintegra.clients.models import Client

    _require(actor)
    return Client.objects.filter(reach_q(actor), code__iexact=(code or "").strip()).first()


def pending_resets(*, actor):
    _require(actor)
    return (AccessReset.objects.filter(user__organisation_id=actor.organisation_id,
                                       confirmed_at__isnull=True, cancelled_at__isnull=True)
            .select_related("user", "requested_by").order_by("requested_at"))


def reset_for(*, actor, pk) -> AccessReset:
    if not 0 < pk <= MAX_ID:
        raise Http404
    reset = pending_resets(actor=actor).filter(pk=pk).first()
    if reset is None:
        raise Http404
    return reset
