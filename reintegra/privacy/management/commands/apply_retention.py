"""Erase the closed cases whose retention period has ended.

Run it daily. Either from cron (or a systemd timer) on one server:

    15 3 * * *  cd /srv/reintegra && .venv/bin/python manage.py apply_retention

or let the tasks worker (``manage.py db_worker``) do it: ``--enqueue`` queues the task
``reintegra.privacy.tasks.apply_retention_task``, which queues its own next run for the
following night, so one ``--enqueue`` starts a daily cycle. See reintegra/privacy/README.md.
"""

from django.core.management.base import BaseCommand, CommandError

from reintegra.accounts.models import Organisation
from reintegra.privacy.services import apply_retention
from reintegra.privacy.tasks import apply_retention_task, schedule_next_run


class Command(BaseCommand):
    help = "Erase closed cases whose retention period has ended (RETENTION_YEARS_AFTER_CLOSURE)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="report what is due; erase nothing")
        parser.add_argument("--enqueue", action="store_true",
                            help="queue the daily task for the tasks worker instead")

    def handle(self, *args, dry_run, enqueue, **options):
        if enqueue:
            if dry_run:
                raise CommandError("--enqueue and --dry-run do not go together")
            result = apply_retention_task.enqueue()
            following = schedule_next_run()
            self.stdout.write(f"Queued retention task {result.id}; the next daily run is "
                              f"{'queued' if following else 'already queued'}.")
            return
        report = apply_retention(dry_run=dry_run)
        names = dict(Organisation.objects.filter(pk__in=report.due).values_list("pk", "name"))
        self.stdout.write(f"Cases closed on or before {report.cutoff.isoformat()} are due.")
        if not report.due:
            self.stdout.write("Nothing is due.")
        for organisation_id, due in sorted(report.due.items()):
            line = f"  {names.get(organisation_id, organisation_id)} (id {organisation_id}): "
            if dry_run:
                line += f"{due} due, nothing erased (dry run)"
            else:
                line += (f"{report.erased[organisation_id]} erased, "
                         f"{report.failed[organisation_id]} failed")
            self.stdout.write(line)
        if report.failed:
            raise CommandError(f"{sum(report.failed.values())} case(s) could not be erased; "
                               "see the log (client ids) and run again")
