"""Triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on audit events.

The SQL is frozen here, literally: a migration must install tomorrow what it installed the
day it was written. reintegra/audit/guards.py holds the same statements for ``flush``
(which lifts the guard for its own transaction); a test checks that both agree, and a
change to the triggers is a new migration. RunPython runs only where the router lets the
audit app migrate, so the keystore database gets no triggers (and has no audit table).
"""

from django.db import migrations

INSTALL = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_update BEFORE UPDATE ON "
        "audit_auditevent BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE "
        "refused'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_auditevent_no_delete BEFORE DELETE ON "
        "audit_auditevent BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE "
        "refused'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger\n"
        "            LANGUAGE plpgsql AS $$\n"
        "            BEGIN\n"
        "              RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP\n"
        "                USING ERRCODE = 'restrict_violation';\n"
        "            END $$",
        "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
        "CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON "
        "audit_auditevent FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
        "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
        "CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON audit_auditevent "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()",
    ],
}
REMOVE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
        "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
        "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
        "DROP FUNCTION IF EXISTS audit_refuse_change()",
    ],
}


def _run(statements, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError(f"append-only audit triggers exist for SQLite and "
                                  f"PostgreSQL, not {vendor}")
    with schema_editor.connection.cursor() as cursor:
        for sql in statements[vendor]:
            cursor.execute(sql)


def install(apps, schema_editor):
    _run(INSTALL, schema_editor)


def remove(apps, schema_editor):
    _run(REMOVE, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_client_and_account_events"),
    ]

    operations = [migrations.RunPython(install, remove)]
