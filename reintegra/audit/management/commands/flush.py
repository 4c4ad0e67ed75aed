"""Django's ``flush``, which can also empty the append-only audit table.

``flush`` removes ALL data from a database. On PostgreSQL Django flushes with TRUNCATE,
on SQLite with DELETE; the audit guard refuses both. This command lifts the guard for its
own transaction only (guards.lifted), so that a deliberate wipe of a whole database and
the isolation of transactional tests (Django's TransactionTestCase calls ``flush`` after
each test) keep working, while any other UPDATE, DELETE or TRUNCATE stays refused.

It overrides django.core's command of the same name: Django looks up an installed app's
commands before its own.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import connections, router

from reintegra.audit import guards
from reintegra.audit.models import AuditEvent


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if router.allow_migrate_model(connection.alias, AuditEvent) and guards.table_exists(
            connection
        ):
            with guards.lifted(connection):
                return super().handle(**options)
        return super().handle(**options)
