"""Recompute every live client's blind indexes (names, tokens, prefixes, documents, phone)."""

from typing import Any

from django.core.management.base import BaseCommand

from reintegra.clients.services import rebuild_search_index


class Command(BaseCommand):
    help = "Recompute the blind indexes of every live client (a recorded read of each)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_search_index(batch_size=options["batch_size"])
        self.stdout.write(f"Indexed {count} clients.")
