"""Write the CTDC-style record-level export (k-anonymous) of one organisation."""

import csv
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reintegra.accounts.models import Organisation
from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.exchange import ctdc

FIELDS = (*ctdc.QUASI_IDENTIFIERS, "trafficking_status")


class Command(BaseCommand):
    help = "Write a k-anonymous record-level export in the manner of CTDC."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="organisation name (default: the only one)")
        parser.add_argument("--k", type=int, help="k (default CTDC_K, 11; never below 3)")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args, organisation, k, format, out, **options):
        orgs = Organisation.objects.all()
        if organisation:
            orgs = orgs.filter(name=organisation)
        if orgs.count() != 1:
            raise CommandError("name exactly one organisation with --organisation")
        org = orgs.get()
        source = ctdc.source_records(organisation=org)
        result = ctdc.anonymise(source, k)
        if format == "json":
            data = json.dumps({"k": result.k, "records": result.records}, ensure_ascii=False,
                              indent=1)
        else:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(result.records)
            data = buffer.getvalue()
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data, encoding="utf-8")
        with transaction.atomic():
            record(actor=None, action=Action.EXPORT, object_type="exchange.ctdc",
                   object_id=f"k={result.k}:{len(result.records)}", organisation_id=org.pk)
        self.stdout.write(
            f"{len(source)} records; k = {result.k}; generalisation level {result.level}; "
            f"{result.generalised} generalised; {result.dropped} dropped; "
            f"{len(result.records)} written to {path}")
