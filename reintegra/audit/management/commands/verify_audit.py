"""Walk the audit chain; name every altered, removed or inserted row; exit 1 if any.

With ``--anchor FILE``, heads written there by earlier runs must still be in the table
(rows cut from the end leave a valid but shorter chain, which only an outside copy of the
head reveals); after a clean run the current head is appended to FILE.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reintegra.audit import chain
from reintegra.audit.models import AuditEvent


def read_anchors(path: Path) -> list[tuple[int, str]]:
    if not path.exists():
        return []
    anchors = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            pk, digest = line.split()
            anchors.append((int(pk), digest))
        except ValueError as exc:
            raise CommandError(f"{path}:{number}: expected '<id> <hash>'") from exc
    return anchors


def hash_of(pk: int) -> str | None:
    return AuditEvent.objects.filter(pk=pk).values_list("hash", flat=True).first()


class Command(BaseCommand):
    help = "Verify the audit trail's HMAC chain and report tampered rows by id."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor", type=Path,
            help="File of earlier heads ('<id> <hash>' per line) to check; the current "
                 "head is appended after a clean run.",
        )

    def handle(self, *args, anchor=None, **options):
        rows = AuditEvent.objects.order_by("pk").iterator(chunk_size=5000)
        report = chain.verify(rows)
        findings = list(report.findings)
        if anchor is not None:
            findings += chain.check_anchors(read_anchors(anchor), hash_of)
        for finding in findings:
            self.stdout.write(str(finding))
        if findings:
            raise CommandError(
                f"audit trail: {len(findings)} problem(s) in {report.checked} events",
                returncode=1,
            )
        head = f"{report.head[0]} {report.head[1]}" if report.head else "none"
        self.stdout.write(f"audit trail intact: {report.checked} events, head {head}")
        if anchor is not None and report.head:
            with anchor.open("a") as file:
                file.write(f"{report.head[0]} {report.head[1]}\n")
