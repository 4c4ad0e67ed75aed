"""``manage.py create_organisation "NAME" --code-prefix ABC --coordinator EMAIL``: the first
run of a real organisation. Prints the coordinator's one-time set-up link (and e-mails it
when EMAIL_HOST is set)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.urls import reverse

from reintegra.accounts import mail, services


class Command(BaseCommand):
    help = "Create an organisation and its first coordinator; print a one-time set-up link."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--code-prefix", required=True,
                            help="Letters that start every client code, e.g. ABC.")
        parser.add_argument("--coordinator", required=True,
                            help="The coordinator's e-mail address (their sign-in name).")
        parser.add_argument("--base-url", default=None,
                            help="The public address of the site (default: SITE_URL).")

    def handle(self, *args, name, code_prefix, coordinator, base_url, **options):
        try:
            validate_email(coordinator)
            new = services.create_organisation(actor=None, name=name, code_prefix=code_prefix,
                                               coordinator_email=coordinator)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        url = f"{(base_url or settings.SITE_URL).rstrip('/')}{reverse('accounts:setup')}" \
              f"?t={new.token}"
        sent = mail.send_setup_link(user=new.link.user, url=url)
        self.stdout.write(f"Organisation created (id {new.link.user.organisation_id}).")
        # The questionnaires that ship with reintegra (idempotent: a second organisation
        # finds them in place). The legal deadline rules come with `migrate`.
        from reintegra.outcomes.services import import_shipped_instruments

        shipped = import_shipped_instruments()
        self.stdout.write(f"Questionnaires available: {len(shipped)}.")
        self.stdout.write(f"Set-up link for the coordinator (works once, expires in "
                          f"{settings.SETUP_LINK_HOURS} hours):")
        self.stdout.write(url)
        if sent:
            self.stdout.write("The link was also sent by e-mail.")
