"""Restore a backup made by ``manage.py backup``, then bring it up to date and safe:
migrate both databases, replay the erasure journal (no erased client comes back), and
verify the audit chain. See docs/operations.md ("Backups and restore")."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from reintegra.core import backups


class Command(BaseCommand):
    help = "Restore both databases and the media folder, replay erasures, verify the audit."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="main", type=Path, required=True)
        parser.add_argument("--keystore-from", dest="keystore", type=Path, required=True)
        parser.add_argument("--journal", type=Path, default=None,
                            help="the erasure journal to replay (default: the live one, "
                                 "REINTEGRA_ERASURE_JOURNAL; else the backup's copy)")

    def handle(self, *args, main, keystore, journal, **options):
        try:
            backups.restore(main_folder=main, keystore_folder=keystore)
        except (ValueError, OSError) as exc:
            raise CommandError(f"not restored: {exc}") from exc
        call_command("migrate", interactive=False, verbosity=0)
        call_command("migrate", database="keystore", interactive=False, verbosity=0)
        source = journal or self._journal(keystore)
        call_command("replay_erasures", *(["--journal", str(source)] if source else []),
                     stdout=self.stdout)
        call_command("verify_audit", stdout=self.stdout)
        self.stdout.write("Restored, erasures replayed, audit chain verified.")

    def _journal(self, keystore: Path) -> Path | None:
        from django.conf import settings

        live = Path(settings.ERASURE_JOURNAL)
        if live.exists():
            return None  # replay_erasures reads the live journal by default
        copy = keystore / "erasure-journal.jsonl"
        return copy if copy.exists() else None
