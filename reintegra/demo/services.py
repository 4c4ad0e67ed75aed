"""Writes of the demo generator: the 41-person demo programme and the scale data set.

The demo goes through the clients app's services (sealed, indexed, audited), as a
person using the app would. Scale mode inserts in bulk, in batches, with the same
envelope encryption (one data key per client) and one audit event per batch.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db import connections, transaction

from reintegra.accounts.models import Organisation, Role
from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.clients import choices as c
from reintegra.clients.models import (
    BlindIndex,
    CaseTeamMember,
    Client,
    ClientCodeSequence,
    ClientIdentity,
)
from reintegra.clients.search import person_languages
from reintegra.clients.services import age_on, close_case, index_entries, register_client
from reintegra.vault import crypto
from reintegra.vault.keyring import KeyRing, current_master
from reintegra.vault.models import DataKey
from reintegra.vault.router import KEYSTORE

from . import cohort
from .bulk import copy_rows, insert_models
from .context import DemoContext
from .hooks import demo_modules, run_hooks
from .staff import (
    DEMO_ORGANISATION,
    DEMO_PASSWORD,
    DEMO_PREFIX,
    DEMO_STAFF,
    SCALE_ORGANISATION,
    SCALE_PREFIX,
    create_staff,
    scale_roster,
)


@dataclass
class SeedResult:
    created: bool
    organisation: Organisation
    clients: int = 0
    countries: Counter = field(default_factory=Counter)
    closed: int = 0
    hooks: list[str] = field(default_factory=list)
    today: datetime.date | None = None
    seconds: float = 0.0
    hook_seconds: float = 0.0  # of ``seconds``, the time other apps' demo modules took


# --- The demo programme -------------------------------------------------------------------

def seed_demo(*, seed: int) -> SeedResult:
    """The demo organisation, its staff and 41 clients; nothing if it already exists."""
    existing = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if existing is not None:
        return SeedResult(created=False, organisation=existing,
                          clients=Client.objects.filter(organisation=existing).count())
    started = time.perf_counter()
    rng = random.Random(seed)
    specs, today = cohort.demo_cohort(rng)
    # One transaction: a failure leaves no half-made demo that a rerun would take as done.
    # (Data keys already written to the keystore stay unused; vault_sweep removes them.)
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=DEMO_ORGANISATION, client_code_prefix=DEMO_PREFIX
        )
        record(actor=None, action=Action.CREATE, obj=organisation,
               organisation_id=organisation.pk)
        staff = create_staff(organisation=organisation, seed=seed, roster=DEMO_STAFF,
                             password=DEMO_PASSWORD)
        clients = [_register(rng, spec, staff) for spec in specs]
        context = DemoContext(rng=rng, organisation=organisation, staff=staff,
                              clients=clients, today=today, ring=KeyRing())
        hooks_started = time.perf_counter()
        hooks = run_hooks("seed", context)
    finished = time.perf_counter()
    return SeedResult(
        created=True, organisation=organisation, clients=len(clients),
        countries=Counter(spec.country for spec in specs),
        closed=sum(1 for cl in clients if not cl.is_open), hooks=hooks, today=today,
        seconds=finished - started, hook_seconds=finished - hooks_started,
    )


def _team_for(rng: random.Random, spec: cohort.ClientSpec, staff: dict):
    case_workers = staff[Role.CASE_WORKER]
    owner = rng.choice(case_workers)
    team = [owner]
    if "legal_advisor" in spec.wants:
        team.append(rng.choice(staff[Role.LEGAL_ADVISOR]))
    if "psychologist" in spec.wants:
        team.append(rng.choice(staff[Role.PSYCHOLOGIST]))
    if "second_case_worker" in spec.wants:
        team.append(rng.choice([u for u in case_workers if u != owner]))
    return owner, team


def _register(rng: random.Random, spec: cohort.ClientSpec, staff: dict) -> Client:
    owner, team = _team_for(rng, spec, staff)
    case = dict(spec.case, case_owner=owner, team=team)
    client = register_client(actor=owner, case=case, identity=spec.identity)
    if spec.closure:
        reason, closed_on = spec.closure
        close_case(actor=owner, client=client, reason=reason, closed_on=closed_on,
                   note=cohort.CLOSURE_NOTES[reason],
                   referred=reason == c.ClosureReason.REFERRED)
    return client


# --- Scale mode ---------------------------------------------------------------------------

SCALE_FROM = datetime.date(2016, 1, 4)  # ten years of a national programme
SCALE_TO = cohort.INTAKE_TO
SCALE_LOAD = (
    "pk", "organisation_id", "code", "key_id", "status", "intake_date", "case_owner_id",
    "gender", "citizenship", "closed_at",
)


def seed_scale(*, seed: int, count: int, batch_size: int = 2000, progress=None) -> SeedResult:
    """``count`` synthetic clients in a separate organisation, inserted in bulk."""
    existing = Organisation.objects.filter(name=SCALE_ORGANISATION).first()
    if existing is not None:
        return SeedResult(created=False, organisation=existing,
                          clients=Client.objects.filter(organisation=existing).count())
    started = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=SCALE_ORGANISATION, client_code_prefix=SCALE_PREFIX
        )
        record(actor=None, action=Action.CREATE, obj=organisation,
               organisation_id=organisation.pk)
        staff = create_staff(organisation=organisation, seed=seed,
                             roster=scale_roster("scale"), password=None)
    intakes = sorted(cohort.random_date(rng, SCALE_FROM, SCALE_TO) for _ in range(count))
    today = intakes[-1] + datetime.timedelta(days=cohort.DAYS_AFTER_LAST_INTAKE)
    batch = _ScaleBatch(rng=rng, organisation=organisation, staff=staff, today=today)
    profiles = cohort.scale_profiles(rng)
    result = SeedResult(created=True, organisation=organisation, today=today)
    for start in range(0, count, batch_size):
        chunk = intakes[start:start + batch_size]
        specs = [cohort.make_spec(rng, *next(profiles), intake, set()) for intake in chunk]
        result.closed += batch.insert(specs)
        result.countries.update(spec.country for spec in specs)
        result.clients += len(specs)
        if progress:
            progress(result.clients, time.perf_counter() - started)
    batch.save_sequences()
    refresh_statistics()
    hooks_started = time.perf_counter()
    if any(hasattr(module, "seed_scale") for module in demo_modules()):
        clients = list(Client.objects.filter(organisation=organisation).only(*SCALE_LOAD)
                       .order_by("pk"))
        context = DemoContext(rng=rng, organisation=organisation, staff=staff,
                              clients=clients, today=today, ring=KeyRing(), scale=True)
        result.hooks = run_hooks("seed_scale", context)
        refresh_statistics()
    finished = time.perf_counter()
    result.seconds, result.hook_seconds = finished - started, finished - hooks_started
    return result


def refresh_statistics():
    """ANALYZE the tables of both databases: after a bulk load the planner's row estimates
    are stale (100,000 rows taken for 1), and it picks plans that read every row of a list.
    PostgreSQL also gets VACUUM, as autovacuum would later, so that index-only scans see a
    set visibility map (VACUUM cannot run inside a transaction, e.g. in a test).

    Tables are named one by one: a bare ANALYZE also locks the catalogs that all
    databases of the server share, and would wait on any other session doing the same.
    """
    for alias in ("default", KEYSTORE):
        connection = connections[alias]
        command = "ANALYZE"
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            command = "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in connection.introspection.django_table_names(only_existing=True):
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")  # noqa: S608


class _ScaleBatch:
    """Turns specs into rows of both databases, one batch at a time."""

    def __init__(self, *, rng, organisation, staff, today):
        self.rng = rng
        self.organisation = organisation
        self.staff = staff
        self.today = today
        self.sequences: Counter = Counter()
        self.master_id, self.master = current_master()

    def insert(self, specs: list[cohort.ClientSpec]) -> int:
        keys = [(uuid.uuid4(), crypto.new_data_key()) for _ in specs]
        # The keystore is another database: its rows go first, as in create_data_key().
        insert_models([DataKey(key_id=key_id, master_key_id=self.master_id,
                               wrapped=crypto.wrap_key(self.master, raw, key_id=key_id))
                       for key_id, raw in keys])
        ring = KeyRing()
        for key_id, raw in keys:
            ring.add(key_id, raw)
        with transaction.atomic():
            clients, teams = self._clients(specs, keys)
            insert_models(clients)
            insert_models([self._identity(ring, client, spec)
                           for client, spec in zip(clients, specs, strict=True)])
            # Some twenty index rows per client.
            copy_rows(BlindIndex, ("client_id", "kind", "digest"),
                      [row for client, spec in zip(clients, specs, strict=True)
                       for row in self._indexes(client, spec.identity)])
            insert_models([CaseTeamMember(client=client, user=user)
                           for client, team in zip(clients, teams, strict=True)
                           for user in team])
            # One event per batch: ids only, as a range of the new clients' primary keys.
            record(actor=self.staff[Role.COORDINATOR][0], action=Action.CREATE,
                   object_type="clients.client", object_id=f"{clients[0].pk}-{clients[-1].pk}",
                   organisation_id=self.organisation.pk)
        return sum(1 for client in clients if client.status in c.CLOSED_STATUSES)

    def _clients(self, specs, keys):
        clients, teams = [], []
        for spec, (key_id, _raw) in zip(specs, keys, strict=True):
            owner, team = _team_for(self.rng, spec, self.staff)
            fields = {k: v for k, v in spec.case.items() if k not in Client.SEALED_FIELDS}
            client = Client(organisation=self.organisation, key_id=key_id, case_owner=owner,
                            **fields)
            year = client.intake_date.year
            self.sequences[year] += 1
            client.code = f"{self.organisation.client_code_prefix}-{year}-" \
                          f"{self.sequences[year]:04d}"
            client.age_band = c.age_band(age_on(spec.identity["birth_date"], client.intake_date))
            cohort._decide_course(self.rng, spec, self.today)
            if spec.closure:
                reason, client.closed_at = spec.closure
                client.closure_reason = reason
                client.status = (c.CaseStatus.CLOSED_REFERRED if reason == c.ClosureReason.REFERRED
                                 else c.CaseStatus.CLOSED)
            else:
                client.status = spec.case.get("status", c.CaseStatus.ACTIVE)
            clients.append(client)
            teams.append({u.pk: u for u in team}.values())
        return clients, teams

    @staticmethod
    def _identity(ring, client, spec):
        identity = ClientIdentity(client=client)
        identity.seal(ring, **{name: spec.identity.get(name)
                               for name in ClientIdentity.SEALED_FIELDS})
        return identity

    def _indexes(self, client, identity):
        entries = index_entries(identity, person_languages(client))
        return [(client.pk, kind, digest) for kind, digest in entries]

    def save_sequences(self):
        """Later registrations continue the codes instead of colliding with them."""
        for year, last in self.sequences.items():
            ClientCodeSequence.objects.update_or_create(
                organisation=self.organisation, year=year, defaults={"last": last}
            )


__all__ = ["DEMO_PASSWORD", "SeedResult", "seed_demo", "seed_scale"]
