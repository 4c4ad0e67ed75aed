"""Write the programme's analytical report, for an operator at the server.

The report is generated in the name of a coordinator (``--user``; by default the only
coordinator, or the first one, of the only organisation) and recorded in the audit trail
as theirs. The public audience gets disclosure control; a public report's figures are kept
for the differencing check of later reports.
"""

import datetime as dt
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reintegra.accounts.models import Role, User
from reintegra.reports import render
from reintegra.reports.report import build_report


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from exc


def coordinator(username: str | None) -> User:
    qs = User.objects.filter(role=Role.COORDINATOR, is_active=True).order_by("pk")
    if username:
        user = qs.filter(username=username).first()
        if user is None:
            raise CommandError(f"no active coordinator named {username}")
        return user
    if qs.values("organisation").distinct().count() > 1:
        raise CommandError("several organisations: name a coordinator with --user")
    user = qs.first()
    if user is None:
        raise CommandError("no coordinator: a report is generated in a coordinator's name")
    return user


class Progress:
    """A one-line progress display on a terminal; plain lines otherwise."""

    def __init__(self, out):
        self.out = out
        self.tty = hasattr(out, "isatty") and out.isatty()

    def __call__(self, percent: int, step: str) -> None:
        bar = "#" * (percent // 5)
        line = f"[{bar:<20}] {percent:3d}% {step}"
        if self.tty:
            self.out.write("\r" + line.ljust(60))
        else:
            self.out.write(line + "\n")
        self.out.flush()


class Command(BaseCommand):
    help = "Write the programme's analytical report (public: under disclosure control)."

    def add_arguments(self, parser):
        parser.add_argument("--audience", choices=["internal", "public"], default="public")
        parser.add_argument("--format", choices=["pdf", "docx", "html", "json"], default="pdf")
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD "
                            "(default: 1 January of the end's year)")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (default: today)")
        parser.add_argument("--language", choices=["pl", "en"], default="pl")
        parser.add_argument("--out", help="the file to write (default: standard output)")
        parser.add_argument("--user", help="the coordinator in whose name it is generated")
        parser.add_argument("--k", type=int, help="disclosure threshold (never below 3)")

    def handle(self, *args, audience, format, start, end, language, out, user, k, **options):
        end = parse_date(end) if end else timezone.localdate()
        start = parse_date(start) if start else end.replace(month=1, day=1)
        if start > end:
            raise CommandError("--from is after --to")
        actor = coordinator(user)
        progress = Progress(self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr)
        began = time.monotonic()
        report = build_report(actor=actor, start=start, end=end, audience=audience,
                              language=language, k=k, progress=progress)
        progress(85, format)
        data = render.render(report, format)
        progress(100, "done")
        if progress.tty:
            progress.out.write("\n")
        seconds = time.monotonic() - began
        if out:
            path = Path(out)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            self.stderr.write(f"{report.people} people, {len(report.tables)} tables, "
                              f"{seconds:.1f} s")
            self.stdout.write(str(path.resolve()))
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
