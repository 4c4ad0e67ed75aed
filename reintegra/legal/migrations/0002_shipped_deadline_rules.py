"""Load the shipped deadline rules (reintegra/legal/data/deadline_rules.json). A rule that
already exists (edited in the app) is left as it is."""

import json
from datetime import date
from pathlib import Path

from django.db import migrations

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "deadline_rules.json"


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("legal", "DeadlineRule")
    for rule in json.loads(RULES_FILE.read_text(encoding="utf-8"))["rules"]:
        values = dict(rule)
        code = values.pop("code")
        for name in ("fixed_date", "verified_on"):
            values[name] = date.fromisoformat(values[name]) if values.get(name) else None
        DeadlineRule.objects.get_or_create(code=code, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
