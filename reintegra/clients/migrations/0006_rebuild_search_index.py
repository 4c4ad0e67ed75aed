"""Every live client indexed anew: word and prefix tokens, phone, and the whole-name,
birth-date and document indexes under their own derived keys (clients.search).

The same as ``manage.py rebuild_search_index``: a system job whose decryption is a recorded
read of each client. On an empty database it does nothing; it runs once, on the default
database (the keystore is read through the vault's router).
"""

from django.db import migrations


def rebuild(apps, schema_editor):
    if schema_editor.connection.alias != "default":
        return
    Client = apps.get_model("clients", "Client")
    if not Client.objects.filter(erased_at__isnull=True).exists():
        return
    # The live code: decryption needs the vault's sealed models, not historical ones.
    from reintegra.clients.services import rebuild_search_index

    rebuild_search_index()


class Migration(migrations.Migration):

    dependencies = [
        ("clients", "0005_search_token_indexes"),
        ("audit", "0005_account_and_match_actions"),
        ("vault", "0001_initial"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
