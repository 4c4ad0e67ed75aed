"""Remove wrapped keys that no client references (left by intakes that rolled back:
see reintegra.vault.keyring.create_data_key). Safe to run at any time, e.g. daily."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.vault.crypto import VaultError
from reintegra.vault.operations import SWEEP_MIN_AGE, sweep_unused_keys


class Command(BaseCommand):
    help = "Delete keystore keys that no client row references and are over an hour old."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="count what would be removed; change nothing")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, dry_run: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            report = sweep_unused_keys(dry_run=dry_run, batch_size=batch_size)
        except VaultError as exc:
            raise CommandError(f"{type(exc).__name__}: {exc}") from exc
        if report.removed and not dry_run:
            record(actor=None, action=Action.DELETE, object_type="vault.datakey",
                   object_id=str(report.removed))
        verb = "would remove" if dry_run else "removed"
        minutes = int(SWEEP_MIN_AGE.total_seconds() // 60)
        self.stdout.write(
            f"Keys older than {minutes} minutes scanned: {report.scanned}; in use: "
            f"{report.referenced}; {verb}: {report.removed}; newer, left alone: "
            f"{report.too_recent}."
        )
