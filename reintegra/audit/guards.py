"""Database triggers that make audit_auditevent append-only, on SQLite and PostgreSQL.

What they stop: any UPDATE or DELETE of an audit row through SQL, whoever sends it (the
application, a script, a person with the application's database role), and on
PostgreSQL also TRUNCATE. What they cannot stop: someone who may drop triggers (the
table's owner, a superuser, anyone editing the SQLite file). Against them the HMAC chain
(chain.py, ``manage.py verify_audit``) detects the change afterwards. In production the
application's role should therefore not own the table.

One command lifts the guard: ``flush``, which empties the whole database. It removes the
triggers, flushes and puts them back in one transaction (see
management/commands/flush.py), so that no other connection ever sees the table
unguarded. Test isolation relies on it: transactional tests flush after each test.

A migration that rebuilds the table on SQLite (most AlterField operations) drops its
triggers; such a migration must call ``install`` again. A test checks they are there.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction

TABLE = "audit_auditevent"

SQLITE_TRIGGERS = {
    "audit_auditevent_no_update": "UPDATE",
    "audit_auditevent_no_delete": "DELETE",
}
POSTGRES_FUNCTION = "audit_refuse_change"
POSTGRES_TRIGGERS = ("audit_auditevent_append_only", "audit_auditevent_no_truncate")


def _sqlite_install() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {op} ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only: {op} refused'); END"
        for name, op in SQLITE_TRIGGERS.items()
    ]


def _sqlite_remove() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]


def _postgres_install() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION {POSTGRES_FUNCTION}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
                USING ERRCODE = 'restrict_violation';
            END $$""",
        f"DROP TRIGGER IF EXISTS {POSTGRES_TRIGGERS[0]} ON {TABLE}",
        f"CREATE TRIGGER {POSTGRES_TRIGGERS[0]} BEFORE UPDATE OR DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {POSTGRES_FUNCTION}()",
        f"DROP TRIGGER IF EXISTS {POSTGRES_TRIGGERS[1]} ON {TABLE}",
        f"CREATE TRIGGER {POSTGRES_TRIGGERS[1]} BEFORE TRUNCATE ON {TABLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {POSTGRES_FUNCTION}()",
    ]


def _postgres_remove() -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}" for name in POSTGRES_TRIGGERS),
        f"DROP FUNCTION IF EXISTS {POSTGRES_FUNCTION}()",
    ]


_STATEMENTS = {
    "sqlite": (_sqlite_install, _sqlite_remove),
    "postgresql": (_postgres_install, _postgres_remove),
}


def _statements(connection: Any, which: int) -> list[str]:
    try:
        return _STATEMENTS[connection.vendor][which]()
    except KeyError:
        raise NotImplementedError(
            f"append-only audit triggers exist for SQLite and PostgreSQL, not {connection.vendor}"
        ) from None


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: Any) -> None:
    _run(connection, _statements(connection, 0))


def remove(connection: Any) -> None:
    _run(connection, _statements(connection, 1))


def installed(connection: Any) -> set[str]:
    """The names of the guard triggers present on the audit table."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [TABLE],
            )
        return {row[0] for row in cursor.fetchall()}


def expected(connection: Any) -> set[str]:
    return set(SQLITE_TRIGGERS) if connection.vendor == "sqlite" else set(POSTGRES_TRIGGERS)


def table_exists(connection: Any) -> bool:
    return TABLE in connection.introspection.table_names()


@contextmanager
def lifted(connection: Any) -> Iterator[None]:
    """The guard off, inside one transaction that puts it back. For ``flush`` only."""
    with transaction.atomic(using=connection.alias):
        remove(connection)
        yield
        install(connection)
