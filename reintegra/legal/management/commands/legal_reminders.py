"""Make today's legal reminders now and queue the daily job on the task worker.

    manage.py legal_reminders            # run now, then schedule the next daily run
    manage.py legal_reminders --schedule # only make sure the daily run is queued
"""

from django.core.management.base import BaseCommand

from reintegra.legal.reminders import make_reminders
from reintegra.legal.tasks import schedule_next_run


class Command(BaseCommand):
    help = "Make today's legal deadline reminders and queue the daily job."

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true",
                            help="only queue the daily job (for the task worker)")

    def handle(self, *args, **opts):
        if not opts["schedule"]:
            run = make_reminders()
            self.stdout.write(f"reminders created: {run.created}, e-mails sent: {run.emailed}")
        queued = schedule_next_run()
        self.stdout.write("daily job queued" if queued else "daily job already queued")
