import sys
import types
from io import StringIO

import pytest
from django.core.management import call_command

from reintegra.accounts.models import Organisation, Role
from reintegra.audit.models import AuditEvent
from reintegra.clients import selectors
from reintegra.clients.models import BlindIndex, Client, ClientCodeSequence
from reintegra.clients.services import next_client_code
from reintegra.demo.staff import SCALE_ORGANISATION
from reintegra.vault.keyring import KeyRing
from reintegra.vault.models import DataKey
from reintegra.vault.sealed import Erased

N = 300


@pytest.fixture
def scale(db):
    out = StringIO()
    call_command("seed_demo", seed=5, clients=N, batch_size=100, stdout=out)
    return Organisation.objects.get(name=SCALE_ORGANISATION), out.getvalue()


def test_scale_mode_creates_n_clients_whose_names_decrypt(scale):
    organisation, _ = scale
    clients = list(Client.objects.filter(organisation=organisation).select_related("identity"))
    assert len(clients) == N
    key_ids = {client.key_id for client in clients}
    assert len(key_ids) == N  # one data key per client
    assert DataKey.objects.using("keystore").filter(key_id__in=key_ids).count() == N
    ring = KeyRing()
    ring.load(key_ids)
    for client in clients:
        identity = client.identity.reveal(ring)
        assert identity.first_name and not isinstance(identity.first_name, Erased)
        assert identity.second_name and not isinstance(identity.second_name, Erased)
        assert identity.first_name not in client.identity.first_name_sealed
        assert client.team_members.filter(user=client.case_owner).exists()
    assert len({str(code) for cl in clients for code in cl.citizenship}) == 8


def test_a_sealed_value_is_bound_to_its_own_client(scale):
    organisation, _ = scale
    first, second = Client.objects.filter(organisation=organisation).select_related(
        "identity")[:2]
    first.identity.first_name_sealed = second.identity.first_name_sealed
    assert isinstance(first.identity.reveal(KeyRing()).first_name, Erased)


def test_scale_blind_indexes_find_clients_as_the_app_does(scale):
    organisation, _ = scale
    coordinator = organisation.users.get(role=Role.COORDINATOR)
    client = Client.objects.filter(organisation=organisation).select_related("identity")[17]
    identity = client.identity.reveal(KeyRing())
    full_name = f"{identity.first_name.upper()}  {identity.second_name}"
    found = selectors.client_list(actor=coordinator,
                                  filters=selectors.ClientFilters(q=full_name))
    assert client in found
    assert BlindIndex.objects.filter(client=client, kind=BlindIndex.Kind.NAME_BIRTH).exists()


def test_scale_mode_audits_one_event_per_batch(scale):
    organisation, _ = scale
    events = AuditEvent.objects.filter(organisation_id=organisation.pk,
                                       object_type="clients.client", action="create")
    assert events.count() == N // 100
    assert all("-" in e.object_id for e in events)


def test_registration_after_scale_mode_continues_the_codes(scale):
    organisation, _ = scale
    year = Client.objects.filter(organisation=organisation).latest("intake_date").intake_date.year
    last = ClientCodeSequence.objects.get(organisation=organisation, year=year).last
    code = next_client_code(organisation, year)
    assert code.endswith(f"-{last + 1:04d}")
    assert not Client.objects.filter(code=code).exists()


def test_scale_mode_runs_once_and_calls_scale_hooks(db, monkeypatch):
    received = []
    module = types.ModuleType("reintegra.programme.demo")
    module.seed_scale = received.append
    monkeypatch.setitem(sys.modules, "reintegra.programme.demo", module)
    call_command("seed_demo", seed=5, clients=50, stdout=StringIO())
    (context,) = received
    assert context.scale and len(context.clients) == 50
    out = StringIO()
    call_command("seed_demo", seed=5, clients=50, stdout=out)
    assert Client.objects.count() == 50 and len(received) == 1
    assert "50" in out.getvalue()
