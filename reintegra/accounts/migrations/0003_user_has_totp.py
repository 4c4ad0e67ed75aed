from django.db import migrations, models


def fill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Authenticator = apps.get_model("mfa", "Authenticator")
    users = Authenticator.objects.filter(type="totp").values("user_id")
    User.objects.filter(pk__in=users).update(has_totp=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_accessreset_setuplink_organisation_disclosure_k_and_more"),
        ("mfa", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user", name="has_totp",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
