"""Erase one client by crypto-shredding, for an operator at the server.

The second person is named with --confirmed-by (a data protection officer or a
coordinator of the client's organisation); the audit event has no actor (the operator
has no account in the application), the erasure record names who confirmed.
"""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from reintegra.accounts.models import User
from reintegra.clients.models import Client
from reintegra.privacy.services import erase_client
from reintegra.vault.crypto import VaultError


class Command(BaseCommand):
    help = "Erase a client's personal data for good (crypto-shredding)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the client code, e.g. RT-2026-0041")
        parser.add_argument("--confirmed-by", required=True, metavar="USERNAME",
                            help="the DPO or coordinator who confirmed the erasure")

    def handle(self, *args, code, confirmed_by, **options):
        client = Client.objects.filter(code=code).first()
        if client is None:
            raise CommandError(f"no client with the code {code}")
        confirmer = User.objects.filter(username=confirmed_by).first()
        if confirmer is None:
            raise CommandError(f"no user named {confirmed_by}")
        try:
            erase_client(actor=None, client=client, confirmed_by=confirmer)
        except PermissionDenied as exc:
            raise CommandError(f"not erased: {exc}") from exc
        except VaultError as exc:
            raise CommandError(f"not erased, nothing changed: {type(exc).__name__}: {exc}"
                               ) from exc
        self.stdout.write(f"Client {code} erased: its data key is destroyed; "
                          "only non-identifying statistics are kept.")
