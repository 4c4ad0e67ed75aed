"""The canonical form of an audit row is unambiguous and covers every column.

Each test tampers the way someone with the database owner's rights would (drop the
triggers, change the row with SQL, put the triggers back) and expects verify_audit to
name the row.
"""

import datetime as dt

import pytest
from django.db import connection

from reintegra.audit import chain
from reintegra.audit.models import Action, AuditEvent
from reintegra.audit.services import record

from .test_verify import tamper, verify


@pytest.fixture
def events(people, team_client):
    made = [record(actor=people.bob, action=Action.VIEW, obj=team_client) for _ in range(3)]
    return [e.pk for e in made]


def test_the_hash_covers_every_column_of_the_model():
    """A new column must join a new canonical format, or tampering with it goes unseen."""
    columns = {f.attname for f in AuditEvent._meta.concrete_fields} - {"hash"}
    covered = set(chain.FORMAT_FIELDS[chain.CURRENT_FORMAT])
    covered = {"id" if name == "id" else name for name in covered}
    assert columns - covered == set(), f"columns left out of the audit hash: {columns - covered}"
    assert covered - columns == set(), f"hash names columns the model lacks: {covered - columns}"


def test_new_rows_use_the_current_format(events):
    assert set(AuditEvent.objects.filter(pk__in=events).values_list("chain_format", flat=True)) \
        == {chain.CURRENT_FORMAT}


def test_absent_and_empty_are_distinct(events):
    event = AuditEvent.objects.get(pk=events[0])
    as_stored = chain.canonical(event)
    event.actor_id = None
    event.object_type = ""
    assert chain.canonical(event) != as_stored
    event.request_id, event.object_id = "", None
    emptied = chain.canonical(event)
    event.object_id = ""
    assert chain.canonical(event) != emptied


def test_a_client_id_moved_into_the_request_id_is_caught(events):
    """Yesterday's form joined fields with U+001F and appended "client=N" when set: a row
    could drop its client_id (vanishing from "who has seen this record") and still verify."""
    target = events[1]
    client_id = AuditEvent.objects.get(pk=target).client_id
    tamper(
        "UPDATE audit_auditevent SET client_id = NULL, request_id = request_id || %s "
        "WHERE id = %s", [f"{chain.SEPARATOR}client={client_id}", target],
    )
    code, lines = verify()
    assert code == 1
    assert lines == [f"altered: {target}"]


def _rechain_as_format_1(pks):
    """Rows as the application wrote them before formats were numbered."""
    rows = list(AuditEvent.objects.filter(pk__gte=pks[0]).order_by("pk"))
    prev = AuditEvent.objects.filter(pk__lt=pks[0]).order_by("-pk").values_list(
        "hash", flat=True).first() or chain.GENESIS
    updates = []
    for row in rows:
        row.chain_format = None if row.pk in pks else row.chain_format
        row.prev_hash = prev
        row.hash = chain.link(prev, row)
        updates.append((row.chain_format, row.prev_hash, row.hash, row.pk))
        prev = row.hash
    for values in updates:
        tamper("UPDATE audit_auditevent SET chain_format = %s, prev_hash = %s, hash = %s "
               "WHERE id = %s", values)


def test_format_1_rows_still_verify_but_not_the_separator_trick(people, team_client):
    first = AuditEvent.objects.order_by("pk").values_list("pk", flat=True)
    old = [r.pk for r in (record(actor=people.bob, action=Action.VIEW, obj=team_client)
                          for _ in range(3))]
    record(actor=people.alice, action=Action.VIEW, obj=team_client)
    _rechain_as_format_1(list(first) + old)
    assert verify()[0] == 0
    target = old[1]
    tamper(
        "UPDATE audit_auditevent SET client_id = NULL, request_id = request_id || %s "
        "WHERE id = %s", [f"{chain.SEPARATOR}client={team_client.pk}", target],
    )
    assert verify() == (1, [f"altered: {target}"])


def test_an_older_format_after_a_newer_one_is_caught(events):
    """Rows are never written back in an older format (which was ambiguous)."""
    _rechain_as_format_1([events[1]])
    code, lines = verify()
    assert code == 1
    assert f"altered: {events[1]}" in lines


def _other_value(column, current):
    if column == "created_at":
        return current + dt.timedelta(seconds=1)
    if column == "chain_format":
        return 99
    if column in ("prev_hash",):
        return "e" * 64
    if isinstance(current, int):
        return current + 1
    if current is None:
        return 1 if column.endswith("_id") and column != "request_id" else "x"
    return f"{current}x"


TAMPERABLE = [c for c in chain.FORMAT_FIELDS[chain.CURRENT_FORMAT] if c != "id"]


@pytest.mark.parametrize("column", TAMPERABLE)
def test_tampering_with_any_column_is_caught(events, column):
    target = events[1]
    current = AuditEvent.objects.filter(pk=target).values_list(column, flat=True).get()
    value = _other_value(column, current)
    if column == "created_at" and connection.vendor == "sqlite":
        value = value.strftime("%Y-%m-%d %H:%M:%S.%f")
    tamper(f"UPDATE audit_auditevent SET {connection.ops.quote_name(column)} = %s "  # noqa: S608
           "WHERE id = %s", [value, target])
    code, lines = verify()
    assert code == 1, f"a change of {column} went unnoticed"
    assert any(str(target) in line for line in lines)
