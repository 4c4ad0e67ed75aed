"""``manage.py seed_demo --seed N``: the synthetic demo programme.

``--clients N`` fills a separate organisation with N synthetic clients instead (scale
mode, for benchmarks). Both refuse to run in production and do nothing if their
organisation already exists (audit rows are append-only, so nothing is ever deleted).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reintegra.demo import services


class Command(BaseCommand):
    help = "Create the synthetic demo organisation, staff and clients (never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026,
                            help="Random seed: the same seed gives the same demo.")
        parser.add_argument("--clients", type=int, default=None,
                            help="Scale mode: this many synthetic clients in a separate "
                                 "organisation, inserted in bulk.")
        parser.add_argument("--batch-size", type=int, default=2000,
                            help="Scale mode: clients per bulk insert and audit event.")

    def handle(self, *args, seed, clients, batch_size, **options):
        if settings.PRODUCTION:
            raise CommandError(_("The demo is synthetic data: it is never loaded in production."))
        if clients is not None:
            if clients < 1 or batch_size < 1:
                raise CommandError(_("--clients and --batch-size must be positive."))
            self._scale(seed, clients, batch_size)
        else:
            self._demo(seed)
        self.stdout.write(_(
            "The keys under %(path)s are for the demo only: never use them for real data."
        ) % {"path": settings.VAR_DIR / "demo-keys"})

    def _demo(self, seed):
        result = services.seed_demo(seed=seed)
        name = result.organisation.name
        if not result.created:
            self.stdout.write(_(
                "The demo organisation “%(name)s” already exists (%(count)d clients): "
                "nothing to do."
            ) % {"name": name, "count": result.clients})
            return
        self._summary(result)

    def _scale(self, seed, count, batch_size):
        def progress(done, seconds):
            if done % (batch_size * 10) == 0 or done == count:
                self.stdout.write(_("%(done)d of %(count)d clients, %(seconds).1f s") % {
                    "done": done, "count": count, "seconds": seconds})

        result = services.seed_scale(seed=seed, count=count, batch_size=batch_size,
                                     progress=progress)
        if not result.created:
            self.stdout.write(_(
                "The scale organisation “%(name)s” already exists (%(count)d clients): "
                "nothing to do."
            ) % {"name": result.organisation.name, "count": result.clients})
            return
        self._summary(result)

    def _summary(self, result):
        countries = ", ".join(f"{code} {n}" for code, n in result.countries.most_common())
        self.stdout.write(self.style.SUCCESS(_(
            "Created “%(name)s”: %(count)d clients from %(countries)d countries "
            "(%(list)s), %(closed)d closed cases, demo date %(today)s, in %(seconds).1f s."
        ) % {"name": result.organisation.name, "count": result.clients,
             "countries": len(result.countries), "list": countries, "closed": result.closed,
             "today": result.today.isoformat(), "seconds": result.seconds}))
        if result.hooks:
            self.stdout.write(_("Demo data added by: %(modules)s (%(seconds).1f s)") % {
                "modules": ", ".join(result.hooks), "seconds": result.hook_seconds})
