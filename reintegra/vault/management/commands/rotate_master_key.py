"""Re-wrap every data key with the current master key (settings.VAULT_MASTER_KEY).

Procedure (docs/architecture.md, "Secrets"):
1. generate a new key (``python -c "import secrets; print(secrets.token_hex(32))"``);
2. set it as REINTEGRA_MASTER_KEY and the previous one in REINTEGRA_OLD_MASTER_KEYS;
3. run this command; 4. remove the old key from REINTEGRA_OLD_MASTER_KEYS.
The main database's ciphertext is not touched: data keys keep their values.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.vault.crypto import VaultError
from reintegra.vault.operations import rotate_master_key


class Command(BaseCommand):
    help = "Re-wrap every data key in the keystore with the current master key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500,
                            help="keys re-wrapped per keystore transaction (default 500)")

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            report = rotate_master_key(batch_size=batch_size)
        except VaultError as exc:
            # The first pass only reads: a wrong or missing key changes nothing. A keystore
            # lost mid-way leaves each key wrapped by the old or the new key, both readable.
            raise CommandError(f"{type(exc).__name__}: {exc}. Fix it and run the command "
                               "again; it continues where it stopped.") from exc
        # The fingerprint names the key without revealing it; no key material is recorded.
        record(actor=None, action=Action.KEY_ROTATION, object_type="vault.masterkey",
               object_id=report.fingerprint)
        self.stdout.write(
            f"Data keys: {report.total}; re-wrapped: {report.rewrapped}; "
            f"already on the current master key ({report.fingerprint}): "
            f"{report.already_current}."
        )
        for old, count in sorted(report.by_old_key.items()):
            self.stdout.write(f"  from master key {old}: {count}")
        if report.rewrapped or report.total == report.already_current:
            self.stdout.write("Every data key is now wrapped by the current master key. "
                              "Remove the old key from REINTEGRA_OLD_MASTER_KEYS.")
