"""``manage.py demo_logins``: how to sign in to the demo, with the TOTP code valid now.

Prints second factors, so it refuses to run in production, and it prints users of the
demo organisation only.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reintegra.demo.logins import demo_logins, seconds_left


class Command(BaseCommand):
    help = "Print the demo users' usernames, password, TOTP secrets and current codes."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(_("demo_logins prints second factors: it never runs in "
                                 "production."))
        logins = demo_logins()
        if not logins:
            raise CommandError(_("There is no demo yet: run manage.py seed_demo first."))
        headers = (_("Username"), _("Role"), _("Password"), _("TOTP secret"), _("Code now"),
                   _("Next code"))
        rows = [(x.username, x.role, x.password or _("(changed)"), x.secret or "-",
                 x.code or "-", x.next_code or "-") for x in logins]
        widths = [max(len(str(r[i])) for r in (headers, *rows)) for i in range(len(headers))]
        for row in (headers, tuple("-" * w for w in widths), *rows):
            self.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths,
                                                                         strict=True)))
        self.stdout.write("")
        self.stdout.write(_(
            "To sign in: open http://127.0.0.1:8000/, enter a username and the password, "
            "then the 6-digit code. Codes change every 30 seconds (“Code now” is valid for "
            "%(left)d s more, then “Next code”): run manage.py demo_logins again, or add the "
            "secret to an authenticator app."
        ) % {"left": seconds_left()})
        self.stdout.write(_(
            "The keys under %(path)s are for the demo only: never use them for real data."
        ) % {"path": settings.VAR_DIR / "demo-keys"})
