"""Shred expired report files now and queue the daily job on the task worker.

    manage.py expire_reports            # shred now, then schedule the next daily run
    manage.py expire_reports --schedule # only make sure the daily run is queued
"""

from django.core.management.base import BaseCommand

from reintegra.reports.services import expire_reports
from reintegra.reports.tasks import schedule_next_run


class Command(BaseCommand):
    help = "Shred expired report files (key, then ciphertext) and queue the daily job."

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true",
                            help="only queue the daily job (for the task worker)")

    def handle(self, *args, **opts):
        if not opts["schedule"]:
            self.stdout.write(f"report files shredded: {expire_reports()}")
        queued = schedule_next_run()
        self.stdout.write("daily job queued" if queued else "daily job already queued")
