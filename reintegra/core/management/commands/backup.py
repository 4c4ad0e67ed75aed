"""Back up both databases and the media folder; the keystore into a folder of its own.
See reintegra/core/backups.py and docs/operations.md ("Backups and restore")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reintegra.core import backups


class Command(BaseCommand):
    help = "Back up the main database and media, and the keystore apart."

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="main", type=Path, required=True,
                            help="folder for the main database and the media files")
        parser.add_argument("--keystore-to", dest="keystore", type=Path, required=True,
                            help="another folder (ideally another disk or host) for the "
                                 "keystore and the erasure journal")

    def handle(self, *args, main, keystore, **options):
        try:
            backups.backup(main_folder=main, keystore_folder=keystore)
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up: main database and media to {main}, keystore and "
                          f"erasure journal to {keystore}.")
