from django.db import migrations


def count_last_contacts(apps, schema_editor):
    """The latest contact per section kept on each client (casework.services)."""
    from reintegra.casework.services import last_contact_updates

    note = apps.get_model("casework", "CaseNote")
    apps.get_model("clients", "Client").objects.filter(
        pk__in=note.objects.values("client_id")).update(**last_contact_updates(note))


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0001_initial"),
        ("clients", "0009_last_contact"),
    ]

    operations = [
        migrations.RunPython(count_last_contacts, migrations.RunPython.noop),
    ]
