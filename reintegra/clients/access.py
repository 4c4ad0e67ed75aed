"""Need-to-know: the one place that decides who may see what of a client.

Order of the rule (docs/design.md, "Access"): organisation, then case team, then role, then
section. Selectors call ``can_see`` / ``visible_clients``; views and templates never
decide access on their own.
"""

from enum import StrEnum
from typing import Any

from django.db.models import Q

from reintegra.accounts.models import Role


class Section(StrEnum):
    REGISTRY = "registry"  # code, status, dates: enough to find a case
    IDENTITY = "identity"  # names, birth date, contact, documents
    CASE = "case"  # HTCDS case data, referral, needs, plan, attendance
    LEGAL = "legal"  # legal status, documents, proceedings
    PSYCHOLOGICAL = "psychological"  # psychological notes
    CONSENT = "consent"
    AUDIT = "audit"  # who has seen this record
    ERASURE = "erasure"  # data-subject requests: export and erase


# Role -> sections, for a client within the actor's reach (organisation or team).
ROLE_SECTIONS: dict[str, frozenset[Section]] = {
    Role.COORDINATOR: frozenset(
        {Section.REGISTRY, Section.IDENTITY, Section.CASE, Section.LEGAL, Section.CONSENT,
         Section.AUDIT}
    ),
    Role.CASE_WORKER: frozenset(
        {Section.REGISTRY, Section.IDENTITY, Section.CASE, Section.LEGAL, Section.CONSENT}
    ),
    Role.LEGAL_ADVISOR: frozenset({Section.REGISTRY, Section.IDENTITY, Section.LEGAL}),
    Role.PSYCHOLOGIST: frozenset(
        {Section.REGISTRY, Section.IDENTITY, Section.CASE, Section.PSYCHOLOGICAL}
    ),
    Role.DPO: frozenset({Section.REGISTRY, Section.CONSENT, Section.AUDIT, Section.ERASURE}),
    Role.TRAINER: frozenset(),  # rosters only: reintegra.programme.selectors
}
ORGANISATION_WIDE = {Role.COORDINATOR, Role.DPO}
TEAM_ROLES = {Role.CASE_WORKER, Role.LEGAL_ADVISOR, Role.PSYCHOLOGIST}


def is_staff_member(actor: Any) -> bool:
    # is_active too: a deactivated account reaches nothing, even where it is not signed in
    # (a calendar feed's token, a task acting on its behalf).
    return bool(actor and actor.is_authenticated and actor.is_active
                and actor.organisation_id and actor.role)


def sections_for_role(actor: Any) -> frozenset[Section]:
    if not is_staff_member(actor):
        return frozenset()
    return ROLE_SECTIONS.get(actor.role, frozenset())


def reach_q(actor: Any, prefix: str = "") -> Q:
    """The clients within the actor's reach, as a filter (``prefix`` for related lookups)."""
    if not is_staff_member(actor) or not sections_for_role(actor):
        return Q(pk__in=[])
    q = Q(**{f"{prefix}organisation_id": actor.organisation_id})
    if actor.role in TEAM_ROLES:
        q &= Q(**{f"{prefix}team_members__user": actor})
    return q


def team_client_ids(actor: Any) -> Any:
    """The clients on whose case team the actor is, as a subquery (``client_id__in=``), not
    a list: ANDed with ``reach_q`` it lets the database narrow a query to the team's
    clients before it computes anything per row (PostgreSQL hashes it once)."""
    from .models import CaseTeamMember

    return CaseTeamMember.objects.filter(user_id=actor.pk).values("client_id")


def can_see(actor: Any, client: Any, section: Section = Section.REGISTRY, *,
            on_team: bool | None = None) -> bool:
    """May ``actor`` see ``section`` of ``client``? The whole rule, in order.

    ``on_team`` lets a caller that already knows team membership skip a query.
    """
    if not is_staff_member(actor) or client.organisation_id != actor.organisation_id:
        return False
    if section not in sections_for_role(actor):
        return False
    if actor.role in ORGANISATION_WIDE:
        return True
    if on_team is None:
        on_team = is_on_team(actor, client)
    return on_team


_MEMBERSHIP = "_team_membership"  # on a client object: {actor pk: on its case team}


def note_team_membership(client: Any, actor: Any, on_team: bool) -> None:
    """Remember, on this client object, whether ``actor`` is on its case team: the client
    page and its panels then ask the database once per request, not once per panel."""
    client.__dict__.setdefault(_MEMBERSHIP, {})[actor.pk] = bool(on_team)


def known_team_membership(client: Any, actor: Any) -> bool | None:
    known: bool | None = client.__dict__.get(_MEMBERSHIP, {}).get(getattr(actor, "pk", None))
    return known


def is_on_team(actor: Any, client: Any) -> bool:
    known = known_team_membership(client, actor)
    if known is None:
        known = client.team_members.filter(user=actor).exists()
        note_team_membership(client, actor, known)
    return known


def may_register_clients(actor: Any) -> bool:
    return is_staff_member(actor) and actor.role in (Role.COORDINATOR, Role.CASE_WORKER)


def may_manage_case(actor: Any, client: Any) -> bool:
    """Edit, close and reopen: the coordinator, or a case worker on the team; nobody once
    the client is erased (what is left is a code and statistics)."""
    return (may_register_clients(actor) and can_see(actor, client, Section.CASE)
            and not getattr(client, "is_erased", False))
