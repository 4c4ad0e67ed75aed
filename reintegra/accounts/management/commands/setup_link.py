"""``manage.py setup_link USERNAME``: the operator's way back in for an organisation whose
only coordinator lost their password or phone (no second coordinator can confirm a reset
in the app). Removes the account's password and authenticators, ends its sessions, and
prints a new one-time set-up link. Audited (actor: none, the operator)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from reintegra.accounts import services
from reintegra.accounts.models import User


class Command(BaseCommand):
    help = "Reset an account's sign-in and print a one-time set-up link."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--base-url", default=None)

    def handle(self, *args, username, base_url, **options):
        try:
            new = services.operator_reset_link(username=username)
        except User.DoesNotExist:
            raise CommandError("No account has this username.") from None
        self.stdout.write(f"{(base_url or settings.SITE_URL).rstrip('/')}"
                          f"{reverse('accounts:setup')}?t={new.token}")
