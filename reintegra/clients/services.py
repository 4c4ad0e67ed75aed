"""Writes to the client registry: acting user first, atomic, audited in the same
transaction (in the manner of Zulip's actions)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from reintegra.audit.models import Action
from reintegra.audit.services import record, record_reads
from reintegra.vault.keyring import KeyRing, create_data_key

from . import choices as c
from . import search
from .access import may_manage_case, may_register_clients
from .models import BlindIndex, CaseTeamMember, Client, ClientCodeSequence, ClientIdentity

IDENTITY_FIELDS = ClientIdentity.SEALED_FIELDS


def next_client_code(organisation: Any, year: int) -> str:
    seq, _ = ClientCodeSequence.objects.get_or_create(organisation=organisation, year=year)
    ClientCodeSequence.objects.filter(pk=seq.pk).update(last=F("last") + 1)
    seq.refresh_from_db()
    return f"{organisation.client_code_prefix}-{year}-{seq.last:04d}"


def age_on(birth_date: date | None, day: date) -> int | None:
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def index_entries(identity: dict[str, Any], languages: Iterable[str] = ()) -> set[tuple[str, str]]:
    """(kind, digest) pairs of the blind indexes for an identity: whole names, name with
    birth date, document numbers, phone, and each word and beginning of a word of the names
    in each spelling (``clients.search``; ``languages`` pick the passport scheme). Scale mode
    and ``rebuild_search_index`` bulk-insert the same."""
    first, second = identity.get("first_name") or "", identity.get("second_name") or ""
    entries: set[tuple[str, str]] = set()
    for name in (first, second, identity.get("chosen_name") or "", f"{first} {second}"):
        if name.strip():
            entries.add((BlindIndex.Kind.NAME, search.digest("name", name)))
    if first and second and identity.get("birth_date"):
        value = f"{first} {second}|{identity['birth_date'].isoformat()}"
        entries.add((BlindIndex.Kind.NAME_BIRTH, search.digest("name_birth", value)))
    for doc in identity.get("documents") or []:
        entries.add((BlindIndex.Kind.DOCUMENT, search.digest("document", doc["number"])))
    phone = search.phone_entry(identity.get("phone"))
    if phone:
        entries.add(phone)
    entries |= search.name_entries(identity, languages)
    return entries


def _index_identity(client: Client, identity: dict[str, Any]) -> None:
    entries = index_entries(identity, search.person_languages(client))
    BlindIndex.objects.filter(client=client).delete()
    BlindIndex.objects.bulk_create(
        BlindIndex(client=client, kind=kind, digest=digest) for kind, digest in entries
    )


def _split_case(
    case: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any], list[Any]]:
    case = dict(case)
    team = case.pop("team", None)
    sealed = {name: case.pop(name) for name in Client.SEALED_FIELDS if name in case}
    return case, sealed, team


def _set_team(client: Client, team: Any) -> None:
    if team is None:
        return
    wanted = {u.pk for u in team} | {client.case_owner_id}
    CaseTeamMember.objects.filter(client=client).exclude(user_id__in=wanted).delete()
    existing = set(CaseTeamMember.objects.filter(client=client).values_list("user_id", flat=True))
    CaseTeamMember.objects.bulk_create(
        CaseTeamMember(client=client, user_id=pk) for pk in wanted - existing
    )


def register_client(*, actor: Any, case: dict[str, Any], identity: dict[str, Any]) -> Client:
    """A new client: a data key, the case data, the sealed identity, the blind indexes."""
    if not may_register_clients(actor):
        raise PermissionDenied
    key_id, raw_key = create_data_key()  # the keystore is another database: see its docstring
    ring = KeyRing()
    ring.add(key_id, raw_key)
    with transaction.atomic():
        fields, sealed, team = _split_case(case)
        client = Client(organisation=actor.organisation, key_id=key_id, **fields)
        client.code = next_client_code(actor.organisation, client.intake_date.year)
        client.age_band = c.age_band(age_on(identity.get("birth_date"), client.intake_date))
        client.save()
        client.seal(ring, **sealed)
        client.save(update_fields=[f"{n}_sealed" for n in sealed])
        person = ClientIdentity(client=client)
        person.seal(ring, **{k: identity.get(k) for k in IDENTITY_FIELDS})
        person.save()
        _index_identity(client, identity)
        _set_team(client, team or [])
        record(actor=actor, action=Action.CREATE, obj=client)
    return client


@transaction.atomic
def update_client(*, actor: Any, client: Client, case: dict[str, Any],
                  identity: dict[str, Any]) -> Client:
    if not may_manage_case(actor, client) or client.is_erased:
        raise PermissionDenied
    ring = KeyRing()
    fields, sealed, team = _split_case(case)
    for name, value in fields.items():
        setattr(client, name, value)
    client.age_band = c.age_band(age_on(identity.get("birth_date"), client.intake_date))
    client.seal(ring, **sealed)
    client.save()
    client.identity.seal(ring, **{k: identity.get(k) for k in IDENTITY_FIELDS})
    client.identity.save()
    _index_identity(client, identity)
    _set_team(client, team)
    record(actor=actor, action=Action.UPDATE, obj=client)
    return client


@transaction.atomic
def close_case(*, actor: Any, client: Client, reason: str, closed_on: date, note: str = "",
               referred: bool = False) -> Client:
    if not may_manage_case(actor, client) or not client.is_open:
        raise PermissionDenied
    client.status = c.CaseStatus.CLOSED_REFERRED if referred else c.CaseStatus.CLOSED
    client.closure_reason = reason
    client.closed_at = closed_on
    client.seal(KeyRing(), closure_note=note)
    client.save()
    record(actor=actor, action=Action.CLOSE, obj=client)
    return client


@transaction.atomic
def reopen_case(*, actor: Any, client: Client) -> Client:
    if not may_manage_case(actor, client) or client.is_open or client.is_erased:
        raise PermissionDenied
    client.status = c.CaseStatus.ACTIVE
    client.closure_reason = ""
    client.closed_at = None
    client.seal(KeyRing(), closure_note="")
    client.save()
    record(actor=actor, action=Action.REOPEN, obj=client)
    return client


def rebuild_search_index(*, batch_size: int = 500) -> int:
    """Every live client's blind indexes computed anew from their decrypted identity (a
    system job: each batch's decryption is a recorded read with no actor, so it shows in
    every client's "who has seen this record"). Returns the number of clients indexed.

    Run by ``manage.py rebuild_search_index`` and by the migration that brought the token
    indexes; needed again only if the normalisation or the key derivation changes.
    """
    done = 0
    ids = list(Client.objects.filter(erased_at__isnull=True, identity__isnull=False)
               .order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            clients = list(Client.objects.filter(pk__in=ids[start:start + batch_size])
                           .select_related("identity").order_by("pk"))
            ring = KeyRing()
            ring.load(client.key_id for client in clients)
            rows = []
            for client in clients:
                if ring.key(client.key_id) is None:
                    continue  # a key already destroyed: the erasure removes the rows
                who = client.identity.reveal(ring)
                identity = {name: getattr(who, name) for name in IDENTITY_FIELDS}
                rows += [BlindIndex(client=client, kind=kind, digest=digest) for kind, digest
                         in index_entries(identity, search.person_languages(client))]
            BlindIndex.objects.filter(client__in=clients).delete()
            BlindIndex.objects.bulk_create(rows, batch_size=2000)
            record_reads(actor=None, client_ids=[client.pk for client in clients],
                         action=Action.VIEW, object_type="clients.searchindex")
        done += len(clients)
    return done
