"""``manage.py verify_audit`` names every altered, removed and inserted row.

To tamper, each test does what an attacker with the database owner's rights would do:
drop the guard triggers, change rows with SQL, put the triggers back.
"""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from reintegra.audit import chain, guards
from reintegra.audit.models import Action, AuditEvent
from reintegra.audit.services import record


def tamper(sql, params=()):
    with transaction.atomic():
        guards.remove(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        guards.install(connection)


def verify(*args):
    """(exit code, output lines) of verify_audit."""
    out = StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, out.getvalue().splitlines()


@pytest.fixture
def trail(people, team_client):
    """Ten more events on top of those that the personas and the client made."""
    for _ in range(5):
        record(actor=people.bob, action=Action.VIEW, obj=team_client)
        record(actor=people.alice, action=Action.UPDATE, obj=team_client)
    return list(AuditEvent.objects.order_by("pk").values_list("pk", flat=True))


def test_an_intact_trail_passes(trail):
    code, lines = verify()
    assert code == 0
    assert lines == [f"audit trail intact: {len(trail)} events, head {trail[-1]} "
                     f"{AuditEvent.objects.get(pk=trail[-1]).hash}"]


def test_an_edited_row_is_reported_by_id(trail):
    target = trail[3]
    tamper("UPDATE audit_auditevent SET actor_id = NULL WHERE id = %s", [target])
    code, lines = verify()
    assert code == 1
    assert lines == [f"altered: {target}"]


def test_an_edited_hash_is_reported(trail):
    target = trail[4]
    tamper("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["f" * 64, target])
    code, lines = verify()
    assert code == 1
    assert lines[0].startswith(f"inserted: {target}") or lines[0] == f"altered: {target}"
    assert any(str(target) in line for line in lines)


def test_a_deleted_row_is_reported_by_id(trail):
    tamper("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [trail[2], trail[3]])
    code, lines = verify()
    assert code == 1
    assert lines == [f"removed: {trail[2]}, {trail[3]}"]


def test_the_first_row_deleted_is_reported(trail):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[0]])
    assert verify() == (1, [f"removed: {trail[0]}"])


def _forge(pk, prev_hash):
    tamper(
        "INSERT INTO audit_auditevent (id, created_at, actor_id, organisation_id, action, "
        "object_type, object_id, client_id, request_id, prev_hash, hash) "
        "VALUES (%s, '2026-01-01 10:00:00', NULL, NULL, 'view', 'clients.client', '1', 1, '', "
        "%s, %s)",
        [pk, prev_hash, "ab" * 32],
    )


def test_a_row_inserted_before_the_chain_is_reported(trail):
    _forge(0, chain.GENESIS)
    assert verify() == (1, ["inserted: 0"])


def test_a_row_inserted_past_the_end_is_reported(trail):
    _forge(trail[-1] + 100, AuditEvent.objects.get(pk=trail[-1]).hash)
    assert verify() == (1, [f"inserted: {trail[-1] + 100}"])


def test_a_deleted_row_replaced_by_a_forgery_is_reported_both_ways(trail):
    target = trail[5]
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [target])
    _forge(target, AuditEvent.objects.get(pk=trail[4]).hash)
    code, lines = verify()
    assert code == 1
    assert lines == [f"inserted: {target}", f"removed: {target}"]


def test_a_forgery_appended_at_the_head_is_reported(trail):
    _forge(trail[-1] + 1, AuditEvent.objects.get(pk=trail[-1]).hash)
    # At the head, a forged row and an edited last row look the same: both are reported.
    assert verify() == (1, [f"altered: {trail[-1] + 1}"])


def test_rows_cut_from_the_end_are_found_with_an_anchor(trail, tmp_path):
    from reintegra.audit.anchor import FileAnchorStore

    anchor = tmp_path / "audit-head"
    assert verify("--anchor", str(anchor))[0] == 0
    [entry] = FileAnchorStore(anchor).entries()
    assert entry.ok and (entry.head_id, entry.head_hash) == (
        trail[-1], AuditEvent.objects.get(pk=trail[-1]).hash)
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [trail[-2]])
    assert verify()[0] == 0  # without the anchor, a shorter chain looks whole
    code, lines = verify("--anchor", str(anchor))
    assert code == 1
    assert lines[0].startswith(f"truncated: {trail[-1]}")
    entries = FileAnchorStore(anchor).entries()
    assert [e.ok for e in entries] == [True, False]  # the failure is recorded, not as a head
    assert verify("--anchor", str(anchor))[0] == 1  # and the cut stays visible


def test_an_older_anchor_file_of_id_and_hash_lines_is_read(trail, tmp_path):
    anchor = tmp_path / "audit-head"
    head = AuditEvent.objects.get(pk=trail[-1])
    anchor.write_text(f"{head.pk} {head.hash}\n")
    assert verify("--anchor", str(anchor))[0] == 0
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[-1]])
    assert verify("--anchor", str(anchor))[0] == 1


def test_the_client_an_event_concerns_is_found_from_the_object(people, team_client):
    member = team_client.team_members.first()
    assert record(actor=people.alice, action=Action.VIEW, obj=team_client).client_id == (
        team_client.pk
    )
    assert record(actor=people.alice, action=Action.UPDATE, obj=member).client_id == (
        team_client.pk
    )
    assert record(actor=people.alice, action=Action.VIEW, obj=people.bob).client_id is None


def test_format_1_rows_without_a_client_keep_their_canonical_form(people):
    event = record(actor=people.alice, action=Action.LOGIN)
    event.chain_format = None  # as written before formats were numbered
    assert b"client=" not in chain.canonical(event)
    assert chain.canonical(event).count(b"\x1f") == 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True, databases=["default", "keystore"])
def test_concurrent_writers_keep_one_chain():
    """Eight threads append at once; the advisory lock keeps a single, unbroken chain."""
    errors = []

    def write():
        try:
            for _ in range(10):
                record(actor=None, action=Action.KEY_ROTATION)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert AuditEvent.objects.count() == 80
    assert verify()[0] == 0
