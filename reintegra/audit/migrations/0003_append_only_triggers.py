"""Triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on audit events.

The SQL lives in reintegra/audit/guards.py, which also lets ``flush`` lift them for its
own transaction. RunPython runs only where the router lets the audit app migrate, so the
keystore database gets no triggers (and has no audit table).
"""

from django.db import migrations


def install(apps, schema_editor):
    from reintegra.audit import guards

    guards.install(schema_editor.connection)


def remove(apps, schema_editor):
    from reintegra.audit import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_client_and_account_events"),
    ]

    operations = [migrations.RunPython(install, remove)]
