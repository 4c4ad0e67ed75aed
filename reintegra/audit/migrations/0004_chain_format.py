"""Number the canonical form each audit row's hash covers (chain.py).

Existing rows keep NULL (format 1) and are not re-chained: the triggers refuse UPDATE,
and rewriting history would itself need the HMAC key to vouch for rows it did not see
written. Format 1 rows are verified strictly (a separator inside a text column fails), new
rows use format 2 (canonical JSON of every column). Adding a nullable column is an
``ALTER TABLE ADD COLUMN`` on SQLite and PostgreSQL (no table rebuild); the guard
triggers are installed again all the same, as guards.py asks of any audit migration.
"""

from django.db import migrations, models


def install_guards(apps, schema_editor):
    from reintegra.audit import guards

    guards.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_append_only_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain_format",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(install_guards, migrations.RunPython.noop),
    ]
