"""Erase again every client the erasure journal names, after a backup was restored.

``manage.py restore`` runs it; run it by hand after any other kind of restore. See
reintegra/privacy/journal.py for where the journal lives and why.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from reintegra.privacy import journal
from reintegra.privacy.services import replay_erasures


class Command(BaseCommand):
    help = "Erase again the clients named in the erasure journal (after a restore)."

    def add_arguments(self, parser):
        parser.add_argument("--journal", dest="source", type=Path, default=None,
                            help="the journal file (default: REINTEGRA_ERASURE_JOURNAL)")

    def handle(self, *args, source: Path | None = None, **options):
        entries = journal.entries(source)
        again = replay_erasures(entries)
        self.stdout.write(f"Erasure journal: {len(entries)} erasure(s), "
                          f"{len(again)} client(s) erased again.")
