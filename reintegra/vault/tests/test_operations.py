"""Key rotation, sweeping, and what staff see when the vault cannot open keys."""

import logging
import secrets
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from reintegra.audit.models import AuditEvent
from reintegra.clients.models import Client, ClientIdentity
from reintegra.clients.services import register_client
from reintegra.core.testing import client_data, make_client
from reintegra.vault import crypto
from reintegra.vault.keyring import KeyRing, KeystoreUnavailable, create_data_key
from reintegra.vault.models import DataKey
from reintegra.vault.testing import keystore_unreachable

KEYS = DataKey.objects.using("keystore")


def fingerprint(hex_key):
    return crypto.key_fingerprint(bytes.fromhex(hex_key))


def first_name(client):
    identity = ClientIdentity.objects.select_related("client").get(client=client)
    return identity.reveal(KeyRing()).first_name


# --- rotate_master_key ---------------------------------------------------------------------


def test_rotation_rewraps_every_key_and_the_old_key_can_then_go(people, settings):
    old = settings.VAULT_MASTER_KEY
    clients = [make_client(people.alice, first_name=f"Rota{i}") for i in range(3)]
    sealed_before = list(ClientIdentity.objects.order_by("pk")
                         .values_list("first_name_sealed", flat=True))
    new = secrets.token_hex(32)
    settings.VAULT_MASTER_KEY, settings.VAULT_OLD_MASTER_KEYS = new, [old]

    out = StringIO()
    call_command("rotate_master_key", "--batch-size", "2", stdout=out)

    assert "re-wrapped: 3" in out.getvalue()
    settings.VAULT_OLD_MASTER_KEYS = []  # the old key is gone from the configuration
    assert set(KEYS.values_list("master_key_id", flat=True)) == {fingerprint(new)}
    assert all(KEYS.values_list("rotated_at", flat=True))
    assert [first_name(c) for c in clients] == ["Rota0", "Rota1", "Rota2"]
    # The main database's ciphertext is untouched: data keys keep their values.
    assert list(ClientIdentity.objects.order_by("pk")
                .values_list("first_name_sealed", flat=True)) == sealed_before
    event = AuditEvent.objects.get(action="key_rotation")
    assert event.actor_id is None and event.object_id == fingerprint(new)
    assert old not in event.object_id and new not in event.object_id


def test_rotation_without_the_old_key_fails_clearly_and_writes_nothing(people, settings):
    make_client(people.alice)
    wrapped_before = sorted(bytes(w) for w in KEYS.values_list("wrapped", flat=True))
    settings.VAULT_MASTER_KEY, settings.VAULT_OLD_MASTER_KEYS = secrets.token_hex(32), []

    with pytest.raises(CommandError, match="REINTEGRA_OLD_MASTER_KEYS"):
        call_command("rotate_master_key", stdout=StringIO())

    assert sorted(bytes(w) for w in KEYS.values_list("wrapped", flat=True)) == wrapped_before
    assert not AuditEvent.objects.filter(action="key_rotation").exists()


def test_rotation_stops_before_writing_if_any_wrapped_key_is_tampered(people, settings):
    old = settings.VAULT_MASTER_KEY
    make_client(people.alice)
    make_client(people.alice)
    last = KEYS.order_by("-key_id").first()
    damaged = bytearray(last.wrapped)
    damaged[-1] ^= 0x01
    KEYS.filter(pk=last.pk).update(wrapped=bytes(damaged))
    settings.VAULT_MASTER_KEY, settings.VAULT_OLD_MASTER_KEYS = secrets.token_hex(32), [old]

    with pytest.raises(CommandError, match="MasterKeyError"):
        call_command("rotate_master_key", "--batch-size", "1", stdout=StringIO())

    assert set(KEYS.values_list("master_key_id", flat=True)) == {fingerprint(old)}


def test_rotation_with_an_unreachable_keystore_is_a_clear_error(people):
    with keystore_unreachable(), pytest.raises(CommandError, match="KeystoreUnavailable"):
        call_command("rotate_master_key", stdout=StringIO())


# --- vault_sweep ---------------------------------------------------------------------------


def test_sweep_removes_only_old_keys_that_no_client_uses(people):
    client = make_client(people.alice)
    old_orphan, _ = create_data_key()
    new_orphan, _ = create_data_key()
    two_hours_ago = timezone.now() - timedelta(hours=2)
    KEYS.filter(key_id__in=[client.key_id, old_orphan]).update(created_at=two_hours_ago)

    out = StringIO()
    call_command("vault_sweep", "--dry-run", stdout=out)
    assert "would remove: 1" in out.getvalue()
    assert KEYS.filter(key_id=old_orphan).exists()

    out = StringIO()
    call_command("vault_sweep", stdout=out)
    assert "removed: 1" in out.getvalue() and "in use: 1" in out.getvalue()
    assert set(KEYS.values_list("key_id", flat=True)) == {client.key_id, new_orphan}
    assert first_name(client)  # the client's key is still there and opens
    assert AuditEvent.objects.filter(action="delete", object_type="vault.datakey",
                                     object_id="1").exists()


def test_a_rolled_back_intake_leaves_a_key_that_the_sweep_removes(people):
    case, identity = client_data(intake_date="not a date")  # makes the client row fail
    case["case_owner"] = people.alice
    with pytest.raises(Exception):  # noqa: B017 - any database or type error will do
        register_client(actor=people.alice, case=case, identity=identity)
    assert not Client.objects.exists()
    assert KEYS.count() == 1
    KEYS.update(created_at=timezone.now() - timedelta(hours=2))
    call_command("vault_sweep", stdout=StringIO())
    assert KEYS.count() == 0


# --- What staff see when the vault fails ----------------------------------------------------


def page_of(client, team_client):
    return client.get(reverse("clients:detail", args=[team_client.pk]))


def assert_vault_page(response, team_client):
    assert response.status_code == 503
    page = response.content.decode()
    assert "The vault is unavailable" in page  # English and Polish, whatever the language
    with override("pl"):
        from django.utils.translation import gettext

        assert gettext("The vault is unavailable") != "The vault is unavailable"
        assert gettext("The vault is unavailable") in page
    assert "Traceback" not in page and "Error" not in page
    assert "Anna" not in page and "Kowalska" not in page
    assert team_client.code not in page


def test_wrong_master_key_gives_a_plain_503_and_a_log_line(client, team_client, settings,
                                                             caplog):
    settings.VAULT_MASTER_KEY, settings.VAULT_OLD_MASTER_KEYS = secrets.token_hex(32), []
    client.force_login(team_client.case_owner)
    with caplog.at_level(logging.ERROR, logger="reintegra.vault"):
        response = page_of(client, team_client)
    assert_vault_page(response, team_client)
    [line] = [r.getMessage() for r in caplog.records if r.name == "reintegra.vault"]
    assert "MasterKeyError" in line and response["X-Request-Id"] in line


def test_unreachable_keystore_gives_a_plain_503(client, team_client, caplog):
    client.force_login(team_client.case_owner)
    with keystore_unreachable(), caplog.at_level(logging.ERROR, logger="reintegra.vault"):
        response = page_of(client, team_client)
    assert_vault_page(response, team_client)
    assert any("KeystoreUnavailable" in r.getMessage() for r in caplog.records)


def test_register_client_with_an_unreachable_keystore_leaves_no_client_row(people):
    case, identity = client_data()
    case["case_owner"] = people.alice
    with keystore_unreachable(), pytest.raises(KeystoreUnavailable):
        register_client(actor=people.alice, case=case, identity=identity)
    assert not Client.objects.exists()
    assert not ClientIdentity.objects.exists()
    assert not AuditEvent.objects.filter(action="create").exists()


def test_intake_form_with_an_unreachable_keystore_answers_503_and_saves_nothing(client,
                                                                                 people):
    from reintegra.clients.tests.test_views import form_data

    client.force_login(people.alice)
    with keystore_unreachable():
        response = client.post(reverse("clients:create"), form_data(case_owner=people.alice.pk))
    assert response.status_code == 503
    assert not Client.objects.exists()


def test_tampered_field_shows_erased_and_logs_a_warning(client, team_client, caplog):
    identity = team_client.identity
    token = identity.second_name_sealed
    head, body = token.rsplit(".", 1)
    flipped = body[:-3] + ("A" if body[-3] != "A" else "B") + body[-2:]
    ClientIdentity.objects.filter(pk=identity.pk).update(second_name_sealed=f"{head}.{flipped}")
    client.force_login(team_client.case_owner)
    with caplog.at_level(logging.WARNING, logger="reintegra.vault.sealed"):
        response = client.get(reverse("clients:detail", args=[team_client.pk]),
                              HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "[erased]" in page and "Kowalska" not in page
    assert first_name(team_client) in page  # the other fields still open
    warning = next(r.getMessage() for r in caplog.records if r.name == "reintegra.vault.sealed")
    assert "second_name" in warning and str(team_client.pk) in warning
    assert "Kowalska" not in warning
