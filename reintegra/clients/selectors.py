"""Reads of client data. Each takes the acting user, applies need-to-know, and records
views in the audit trail."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Max,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404

from reintegra.audit.models import Action
from reintegra.audit.services import record, record_reads
from reintegra.core.fields import ChoiceSetField
from reintegra.vault.keyring import KeyRing

from . import search as name_search
from .access import Section, can_see, is_on_team, note_team_membership, reach_q
from .access import sections_for_role as sections_for_role  # used as selectors.sections_for_role
from .models import BlindIndex, Client, ClientCodeSequence
from .search import looks_like_code


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
    """The clients the actor may see, filtered; identity is joined for revealing (the list
    pages by keys first, core.pagination.paginate_by_ids: only the page's rows are joined
    to their identities, not the candidates a search ranks)."""
    qs = visible_clients(actor).select_related("case_owner", "identity")
    if filters.q:
        qs = search(qs, filters.q)
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


def search(qs: QuerySet[Client], text: str) -> QuerySet[Client]:
    """``qs`` narrowed to what was typed, best matches first (clients.search).

    Something that looks like a client code is a prefix lookup on the code (the code's
    index, with ``varchar_pattern_ops`` on PostgreSQL) or an exact document number; anything
    else is a name: the words' digests are looked up in the token index, then the clients.
    Clients matching every word come first, then by the number of words matched, then
    those matching whole words rather than beginnings, then the newest intake.

    A name search is one grouped join: the index rows of the query's digests (an
    index-only scan of ``bidx_lookup``), each client within ``qs`` looked up once by its
    key (an index-only probe of ``client_live_by_id``), and per client, for each word,
    whether any of its rows matched it. No subquery per client and word; the list counts
    the clients found with the page's query (core.pagination.paginate_by_ids).
    """
    text = text.strip()
    if looks_like_code(text):
        documents = list(BlindIndex.objects.filter(
            kind=BlindIndex.Kind.DOCUMENT, digest=name_search.digest("document", text),
        ).values_list("client_id", flat=True)[:50])
        match = Q(pk__in=documents)
        code = "".join(text.split())
        if code[:1].isdigit():
            # "0042" or "2026-0042": the codes it ends, exact (codes are PREFIX-YEAR-NNNN).
            years = ClientCodeSequence.objects.values_list(
                "organisation__client_code_prefix", "year")
            number = code if "-" in code else code.zfill(4)
            match |= Q(code__in=sorted(
                {f"{prefix}-{number}" if "-" in code else f"{prefix}-{year}-{number}"
                 for prefix, year in years}))
        else:
            for variant in {code.upper(), code}:
                match |= Q(code__startswith=variant)
        return qs.filter(match)
    query = name_search.name_query(text)
    if not query.words:
        return qs.none()
    kinds = [BlindIndex.Kind.TOKEN, BlindIndex.Kind.PREFIX]

    def score(groups: list[set[str]], kinds: Sequence[str]) -> Any:
        # Over the client's rows of the join below: 1 for each word one of them matches.
        return sum(
            (Max(Case(When(blind_indexes__kind__in=kinds,
                           blind_indexes__digest__in=sorted(group), then=1),
                      default=0)) for group in groups),
            Value(0),
        )

    return (
        qs.filter(blind_indexes__kind__in=kinds,
                  blind_indexes__digest__in=sorted(query.digests))
        .annotate(matched=score(query.words, kinds),
                  exact=score(query.exact, [BlindIndex.Kind.TOKEN]))
        .order_by("-matched", "-exact", "-intake_date", "-pk")
    )


def reveal_identities(*, actor: Any, clients: Any,
                      only: tuple[str, ...] | None = None) -> dict[int, object]:
    """Decrypted identities for the clients whose identity the actor may see (``only`` the
    fields named, when a page shows no more: a list shows the names).

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
            revealed[client.pk] = identity.reveal(ring, only=only)
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
    reasons: list[str] = field(default_factory=list)  # "name", "birth_date", "document", "phone"
    chosen_name: str = ""
    full_name: str = ""  # only for an actor who may see identity
    citizenship: list[Any] = field(default_factory=list)
    age_band: str = ""


def _duplicate_digests(*, first_name: str | None, second_name: str | None,
                       birth_date: date | None, documents: Any,
                       phone: str | None) -> dict[str, Q]:
    """Reason -> the clients matching on it (blind indexes only)."""
    kind = BlindIndex.Kind

    def having(k: str, digests: Any) -> Q:
        return Q(pk__in=BlindIndex.objects.filter(kind=k, digest__in=sorted(digests))
                 .values("client_id"))

    found: dict[str, Q] = {}
    if first_name and second_name:
        # Same or similar name: every spelling of the first name and of the surname (as
        # "Halyna" and "Galina"), whole words; with or without a birth date.
        firsts = {name_search.digest("token", t) for t in name_search.name_tokens(first_name)}
        seconds = {name_search.digest("token", t) for t in name_search.name_tokens(second_name)}
        if firsts and seconds:
            found["name"] = having(kind.TOKEN, firsts) & having(kind.TOKEN, seconds)
        if birth_date:
            found["birth_date"] = having(kind.NAME_BIRTH, {name_search.digest(
                "name_birth", f"{first_name} {second_name}|{birth_date.isoformat()}")})
    numbers = {name_search.digest("document", n) for n in documents if n}
    if numbers:
        found["document"] = having(kind.DOCUMENT, numbers)
    phone_entry = name_search.phone_entry(phone)
    if phone_entry:
        found["phone"] = having(kind.PHONE, {phone_entry[1]})
    return found


def possible_duplicates(*, actor: Any, first_name: str | None, second_name: str | None,
                        birth_date: date | None, documents: Any, phone: str | None = None,
                        exclude_pk: int | None = None) -> list[PossibleDuplicate]:
    """Clients of the actor's organisation with the same or a similar name (any spelling,
    with or without a birth date), the same document number or the same phone number.

    A match within reach shows its code, chosen name, citizenship and age band (and the
    full name to an actor who may see identity); one out of reach only that it exists.
    """
    reasons = _duplicate_digests(first_name=first_name, second_name=second_name,
                                 birth_date=birth_date, documents=documents, phone=phone)
    if not reasons:
        return []
    match = Q(pk__in=[])
    for q in reasons.values():
        match |= q
    candidates = list(
        Client.objects.filter(match, organisation_id=actor.organisation_id,
                              erased_at__isnull=True)
        .exclude(pk=exclude_pk)  # type: ignore[misc]  # pk=None excludes nothing
        .select_related("identity").order_by("pk")[:20]
    )
    if not candidates:
        return []
    ids = [c.pk for c in candidates]
    why: dict[int, list[str]] = {pk: [] for pk in ids}
    for reason, q in reasons.items():
        for pk in Client.objects.filter(q, pk__in=ids).values_list("pk", flat=True):
            why[pk].append(reason)
    visible = set(visible_clients(actor).filter(pk__in=ids).values_list("pk", flat=True))
    full = Section.IDENTITY in sections_for_role(actor)
    ring = KeyRing()
    ring.load(c.key_id for c in candidates if c.pk in visible)
    found = []
    for client in candidates:
        if client.pk not in visible:
            found.append(PossibleDuplicate(code=None, pk=None, reasons=why[client.pk]))
            continue
        fields = ("chosen_name", "first_name", "second_name") if full else ("chosen_name",)
        who = client.identity.reveal(ring, only=fields)
        found.append(PossibleDuplicate(
            code=client.code, pk=client.pk, reasons=why[client.pk],
            chosen_name=str(getattr(who, "chosen_name", "") or ""),
            full_name=" ".join(str(getattr(who, f, "") or "") for f in fields[1:]).strip(),
            citizenship=list(client.citizenship), age_band=client.age_band,
        ))
    # Being told that a record matches (even one out of reach) discloses that the person
    # is known here: each matched record's history shows who was told (and the names shown
    # of those within reach are reads of them).
    record_reads(actor=actor, client_ids=ids, action=Action.MATCH,
                 object_type="clients.client")
    return found
