"""The table of Django's database cache (``reintegra_cache``).

The default cache holds allauth's failed-login counters and the TOTP codes already used;
every server process must see the same ones. Without REDIS_URL that cache is this table, so
``migrate`` creates it (what ``manage.py createcachetable`` would do), whatever CACHES says,
so that switching from Redis back to the database needs no extra step.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "reintegra_cache"


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {CACHE_TABLE}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create, drop, elidable=False)]
