"""Reads of client data. Each takes the acting user, applies need-to-know, and records
views in the audit trail."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from reintegra.audit.models import Action
from reintegra.audit.services import record, record_reads
from reintegra.core.fields import ChoiceSetField
from reintegra.vault import crypto
from reintegra.vault.keyring import KeyRing, blind_index_key

from .access import Section, can_see, is_on_team, note_team_membership, reach_q
from .access import sections_for_role as sections_for_role  # used as selectors.sections_for_role
from .models import BlindIndex, Client


@dataclass
class ClientFilters:
    q: str = ""
    status: str = ""
    citizenship: str = ""
    gender: str = ""
    exploitation_type: str = ""
    case_owner: int | None = None


def visible_clients(actor: Any) -> QuerySet[Client]:
    return Client.objects.filter(reach_q(actor), erased_at__isnull=True)


def client_list(*, actor: Any, filters: ClientFilters) -> QuerySet[Client]:
    """The clients the actor may see, filtered; identity is prefetched for revealing."""
    qs = visible_clients(actor).select_related("identity", "case_owner")
    if filters.q:
        qs = qs.filter(_search_q(filters.q))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.citizenship:
        qs = qs.filter(_country_in_set("citizenship", filters.citizenship))
    if filters.gender:
        qs = qs.filter(gender=filters.gender)
    if filters.exploitation_type:
        qs = qs.filter(
            exploitation_types__contains=ChoiceSetField.contains(filters.exploitation_type)
        )
    if filters.case_owner:
        qs = qs.filter(case_owner_id=filters.case_owner)
    return qs


def _country_in_set(field: str, code: str) -> Q:
    """django-countries stores several countries as "PL,UA" (two-letter codes)."""
    from django.db.models import Q

    return (
        Q(**{field: code})
        | Q(**{f"{field}__startswith": f"{code},"})
        | Q(**{f"{field}__endswith": f",{code}"})
        | Q(**{f"{field}__contains": f",{code},"})
    )


def _search_q(text: str) -> Q:
    from django.db.models import Q

    text = text.strip()
    name_hits = BlindIndex.objects.filter(
        client=OuterRef("pk"),
        kind__in=[BlindIndex.Kind.NAME, BlindIndex.Kind.DOCUMENT],
        digest__in=[
            crypto.blind_index(blind_index_key(), BlindIndex.Kind.NAME, text),
            crypto.blind_index(blind_index_key(), BlindIndex.Kind.DOCUMENT, text),
        ],
    )
    return Q(code__icontains=text) | Q(Exists(name_hits))


def reveal_identities(*, actor: Any, clients: Any) -> dict[int, object]:
    """Decrypted identities for the clients whose identity the actor may see.

    The keys of all clients on the page are loaded with one keystore query.
    """
    if Section.IDENTITY not in sections_for_role(actor):
        return {}
    ring = KeyRing()
    ring.load(c.key_id for c in clients)
    revealed = {}
    for client in clients:
        identity = getattr(client, "identity", None)
        if identity is not None:
            revealed[client.pk] = identity.reveal(ring)
    # Each name shown on a list is a read of that record ("who has seen this record").
    record_reads(actor=actor, client_ids=revealed, action=Action.LIST,
                 object_type="clients.client")
    return revealed


def reveal_for_form(*, actor: Any, client: Client) -> tuple[Any, Any]:
    """(identity, case) revealed to fill the edit form; ``client`` from ``get_client``
    (access checked). Filling a form is a read, recorded like a view."""
    ring = KeyRing()
    identity, case = client.identity.reveal(ring), client.reveal(ring)
    record(actor=actor, action=Action.VIEW, obj=client)
    return identity, case


def record_list_view(*, actor: Any, count: int) -> None:
    record(actor=actor, action=Action.LIST, object_type="clients.client", object_id=str(count))


@dataclass
class ClientRecord:
    client: Client
    identity: object | None  # Revealed, or None if the actor may not see identity
    case: object | None  # Revealed sealed case fields
    sections: frozenset[Section]
    team: list[Any]


def get_client(*, actor: Any, pk: int, section: Section = Section.REGISTRY) -> Client:
    """The client, if the actor may see ``section`` of it; otherwise 404, as for a missing one."""
    client = _client_row(actor, pk)
    if not can_see(actor, client, section):
        raise Http404("no such client")
    return client


def _client_row(actor: Any, pk: int) -> Client:
    """The client row of the actor's organisation (access not yet checked), or 404."""
    client = (
        # An actor without an organisation (None) matches no client: the 404 below.
        Client.objects.filter(pk=pk, organisation_id=getattr(actor, "organisation_id", None))  # type: ignore[misc]
        .select_related("identity", "case_owner", "organisation")
        .first()
    )
    if client is None:
        raise Http404("no such client")
    return client


def client_record(*, actor: Any, pk: int) -> ClientRecord:
    client = _client_row(actor, pk)
    # The team, read once, answers the membership question too (no query of its own).
    team = list(client.team_members.select_related("user").order_by("user__last_name"))
    note_team_membership(client, actor, any(m.user_id == actor.pk for m in team))
    if not can_see(actor, client, Section.REGISTRY):
        raise Http404("no such client")
    on_team = is_on_team(actor, client)
    sections = frozenset(
        s for s in sections_for_role(actor) if can_see(actor, client, s, on_team=on_team)
    )
    ring = KeyRing()
    identity = case = None
    if Section.IDENTITY in sections and hasattr(client, "identity"):
        identity = client.identity.reveal(ring)
    if Section.CASE in sections:
        case = client.reveal(ring)
    record(actor=actor, action=Action.VIEW, obj=client)
    return ClientRecord(client=client, identity=identity, case=case, sections=sections, team=team)


@dataclass
class PossibleDuplicate:
    code: str | None  # None when the actor may not see the other record
    pk: int | None


def possible_duplicates(*, actor: Any, first_name: str | None, second_name: str | None,
                        birth_date: date | None, documents: Any,
                        exclude_pk: int | None = None) -> list[PossibleDuplicate]:
    """Clients of the actor's organisation with the same name and birth date, or the same
    document number. A match the actor may not see is reported without its code."""
    key = blind_index_key()
    digests = []
    if first_name and second_name and birth_date:
        digests.append(
            (BlindIndex.Kind.NAME_BIRTH,
             crypto.blind_index(key, BlindIndex.Kind.NAME_BIRTH,
                                f"{first_name} {second_name}|{birth_date.isoformat()}"))
        )
    for number in documents:
        digests.append((BlindIndex.Kind.DOCUMENT,
                        crypto.blind_index(key, BlindIndex.Kind.DOCUMENT, number)))
    if not digests:
        return []
    from django.db.models import Q

    match = Q(pk__in=[])
    for kind, digest in digests:
        match |= Q(blind_indexes__kind=kind, blind_indexes__digest=digest)
    candidates = (
        Client.objects.filter(match, organisation_id=actor.organisation_id,
                              erased_at__isnull=True)
        .exclude(pk=exclude_pk).distinct()  # type: ignore[misc]  # pk=None excludes nothing
    )
    visible = set(visible_clients(actor).filter(pk__in=candidates).values_list("pk", flat=True))
    found = [
        PossibleDuplicate(code=c.code if c.pk in visible else None,
                          pk=c.pk if c.pk in visible else None)
        for c in candidates.only("pk", "code")
    ]
    # Being told that a record matches (even one out of reach) discloses that the person
    # is known here: each matched record's history shows who was told.
    record_reads(actor=actor, client_ids=candidates.values_list("pk", flat=True),
                 action=Action.MATCH, object_type="clients.client")
    return found
