"""Import clients from an HTCDS 2.0 Excel template: every row checked, then all or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reintegra.accounts.models import Organisation, Role, User
from reintegra.exchange import htcds


class Command(BaseCommand):
    help = "Import clients from an HTCDS 2.0 Excel template (atomic; --dry-run to check)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="name or id")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--user", help="the coordinator in whose name it is imported")

    def handle(self, *args, file, organisation, dry_run, user, **options):
        org = (Organisation.objects.filter(pk=int(organisation)).first()
               if organisation.isdigit() else
               Organisation.objects.filter(name=organisation).first())
        if org is None:
            raise CommandError(f"no organisation {organisation}")
        actors = User.objects.filter(organisation=org, role=Role.COORDINATOR, is_active=True)
        actor = (actors.filter(username=user) if user else actors).order_by("pk").first()
        if actor is None:
            raise CommandError("no coordinator of that organisation to import in the name of")
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        result = htcds.import_workbook(actor=actor, data=data, dry_run=dry_run)
        for error in result.errors:
            self.stdout.write(f"file: {error}")
        for row in result.rows:
            status = "; ".join(row.errors) if row.errors else "ok"
            dup = f" (possible duplicate of {', '.join(row.duplicate_of)})" \
                if row.duplicate_of else ""
            self.stdout.write(f"row {row.number}: {status}{dup}")
        if not result.ok:
            raise CommandError("nothing imported: correct the errors above")
        if dry_run:
            self.stdout.write(f"dry run: {len(result.rows)} rows would be imported")
        else:
            self.stdout.write(f"{result.imported} clients imported")
