"""The audit table refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL) at the database."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from reintegra.audit import guards
from reintegra.audit.models import Action, AuditEvent
from reintegra.audit.services import record


def refused(statement):
    """Run ``statement`` in a savepoint; True if the database refused it."""
    try:
        with transaction.atomic():
            statement()
    except DatabaseError as exc:
        assert "append-only" in str(exc)
        return True
    return False


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_guard_triggers_are_installed_by_migrations(db):
    assert guards.expected(connection) <= guards.installed(connection)


def test_update_and_delete_are_refused_through_the_orm_and_raw_sql(db):
    event = record(actor=None, action=Action.KEY_ROTATION)
    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action="view"))
    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    assert refused(lambda: raw("UPDATE audit_auditevent SET object_id = 'x'"))
    assert refused(lambda: raw("DELETE FROM audit_auditevent"))
    assert AuditEvent.objects.get(pk=event.pk).action == "key_rotation"


def test_inserting_stays_allowed(db):
    record(actor=None, action=Action.KEY_ROTATION)
    record(actor=None, action=Action.KEY_ROTATION)
    assert AuditEvent.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused_on_postgresql(db):
    record(actor=None, action=Action.KEY_ROTATION)
    assert refused(lambda: raw("TRUNCATE audit_auditevent"))


def test_removing_the_guard_is_what_it_takes_to_delete(db):
    event = record(actor=None, action=Action.KEY_ROTATION)
    with transaction.atomic():
        guards.remove(connection)
        assert guards.installed(connection) == set()
        AuditEvent.objects.filter(pk=event.pk).delete()
        guards.install(connection)
    assert not AuditEvent.objects.exists()
    assert guards.expected(connection) <= guards.installed(connection)


def test_flush_empties_the_trail_and_puts_the_guard_back(transactional_db):
    """``flush`` (and the teardown of every transactional test) may empty the table."""
    record(actor=None, action=Action.KEY_ROTATION)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    assert guards.expected(connection) <= guards.installed(connection)
    event = record(actor=None, action=Action.KEY_ROTATION)
    assert refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())


def test_a_failed_flush_leaves_the_guard_in_place(transactional_db, monkeypatch):
    from django.core.management.base import CommandError

    record(actor=None, action=Action.KEY_ROTATION)

    def broken(sql_list):
        raise DatabaseError("disk full")

    monkeypatch.setattr(connection.ops, "execute_sql_flush", broken)
    with pytest.raises(CommandError):
        call_command("flush", interactive=False, verbosity=0)
    assert guards.expected(connection) <= guards.installed(connection)
    assert AuditEvent.objects.count() == 1
