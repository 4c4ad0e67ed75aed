"""``manage.py import_instrument FILE [FILE ...]`` or ``--shipped``: validate and import
instrument files (format: docs/outcomes.md). A file with any problem is refused whole and
every problem is printed; nothing of it is imported."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reintegra.accounts.models import Organisation
from reintegra.outcomes import definitions, services


class Command(BaseCommand):
    help = "Import outcome instrument files (one instrument version per file)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*")
        parser.add_argument("--shipped", action="store_true",
                            help="the instruments shipped with reintegra")
        parser.add_argument("--organisation", type=int,
                            help="id of the organisation that holds this version")

    def handle(self, *args, files, shipped, organisation, **options):
        paths = list(files) + ([str(p) for p in definitions.shipped_files()] if shipped else [])
        if not paths:
            raise CommandError("name at least one file, or --shipped")
        org = None
        if organisation is not None:
            org = Organisation.objects.filter(pk=organisation).first()
            if org is None:
                raise CommandError(f"no organisation {organisation}")
        try:
            with transaction.atomic():  # all files or none
                for path in paths:
                    data = definitions.load_file(path)
                    instrument, created = services.import_instrument(data=data, organisation=org)
                    state = "imported" if created else "already there"
                    self.stdout.write(f"{instrument.code} v{instrument.version}: {state}")
        except definitions.InstrumentError as exc:
            raise CommandError(f"{path} refused, nothing imported:\n- " +
                               "\n- ".join(exc.problems)) from None
        except services.InstrumentConflict as exc:
            raise CommandError(f"{path} refused, nothing imported: {exc}") from None
