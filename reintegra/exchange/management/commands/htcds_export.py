"""Write the registry as HTCDS 2.0 files (one per table), in a coordinator's name."""

from pathlib import Path

from django.core.management.base import BaseCommand

from reintegra.exchange import htcds
from reintegra.reports.management.commands.programme_report import coordinator


class Command(BaseCommand):
    help = "Export the registry as HTCDS 2.0 CSV or JSON files, one per table."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
        parser.add_argument("--out", required=True, help="the directory to write into")
        parser.add_argument("--identity", action="store_true",
                            help="include names, birth dates and contacts (recorded per client)")
        parser.add_argument("--user", help="the coordinator in whose name it is exported")

    def handle(self, *args, format, out, identity, user, **options):
        actor = coordinator(user)
        tables = htcds.export_tables(actor=actor, identity=identity)
        directory = Path(out)
        if format == "xlsx":
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / "htcds-template.xlsx"
            path.write_bytes(htcds.template_workbook(tables))
            paths = [path]
        else:
            paths = htcds.write_tables(tables, directory, format)
        for path in paths:
            self.stdout.write(str(path))
