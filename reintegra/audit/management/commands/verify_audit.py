"""Walk the audit chain; name every altered, removed or inserted row; exit 1 if any.

With ``--anchor FILE`` (or ``--anchored``, the store configured in settings, see
audit/anchor.py), heads recorded there by earlier clean runs must still be in the table
(rows cut from the end leave a valid but shorter chain, which only an outside copy of the
head reveals), and this run is appended to the store. ``--enqueue`` queues the daily task
for the tasks worker instead (it queues its own next run).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reintegra.audit import chain
from reintegra.audit.anchor import AnchorError, FileAnchorStore, configured_store
from reintegra.audit.models import AuditEvent
from reintegra.audit.verification import verify_and_anchor


class Command(BaseCommand):
    help = "Verify the audit trail's HMAC chain and report tampered rows by id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor", type=Path,
            help="Anchor file of earlier runs to check; this run is appended to it.",
        )
        parser.add_argument("--anchored", action="store_true",
                            help="use the anchor store configured in settings")
        parser.add_argument("--enqueue", action="store_true",
                            help="queue the daily verification for the tasks worker")

    def handle(self, *args: Any, anchor: Path | None = None, anchored: bool = False,
               enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            from reintegra.audit.tasks import schedule_next_run, verify_audit_task

            result = verify_audit_task.enqueue()
            schedule_next_run()
            self.stdout.write(f"Queued audit verification {result.id} and the next nightly run.")
            return
        store = FileAnchorStore(anchor) if anchor is not None else (
            configured_store() if anchored else None)
        if store is None:
            report = chain.verify(AuditEvent.objects.order_by("pk").iterator(chunk_size=5000))
            findings, checked, head = report.findings, report.checked, report.head
        else:
            try:
                entry, findings = verify_and_anchor(store)
            except AnchorError as exc:
                raise CommandError(str(exc)) from exc
            checked = entry.checked
            head = (entry.head_id, entry.head_hash) if entry.head_id else None
        for finding in findings:
            self.stdout.write(str(finding))
        if findings:
            raise CommandError(
                f"audit trail: {len(findings)} problem(s) in {checked} events",
                returncode=1,
            )
        head_text = f"{head[0]} {head[1]}" if head else "none"
        self.stdout.write(f"audit trail intact: {checked} events, head {head_text}")
