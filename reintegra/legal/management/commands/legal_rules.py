"""List the deadline rules, or compute the date one gives (for checking a rule edit).

    manage.py legal_rules [--json]
    manage.py legal_rules --compute CODE --from YYYY-MM-DD [--minor] [--json]
"""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reintegra.legal import rules
from reintegra.legal.models import DeadlineRule


def _iso_date(text):
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--from: not a date YYYY-MM-DD: {text!r}") from exc


class Command(BaseCommand):
    help = "List the legal deadline rules, or compute the date a rule gives."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument("--compute", metavar="CODE", help="the rule to compute")
        parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                            help="the date of the event the rule counts from")
        parser.add_argument("--minor", action="store_true", help="the client is a minor")

    def handle(self, *args, **opts):
        if opts["compute"]:
            return self._compute(opts)
        if opts["start"] or opts["minor"]:
            raise CommandError("--from and --minor go with --compute CODE")
        listed = [self._row(rule) for rule in DeadlineRule.objects.order_by("code")]
        if opts["json"]:
            self.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2))
            return
        for row in listed:
            minor = f", minor {row['minor_offset']}" if row["minor_offset"] else ""
            verified = "verified" if row["verified"] else "NOT VERIFIED (check)"
            self.stdout.write(f"{row['code']}: {row['offset']}{minor} from {row['trigger']}; "
                              f"{row['legal_basis']}; {verified}")

    @staticmethod
    def _row(rule) -> dict:
        has_minor = rule.minor_months is not None or rule.minor_days is not None
        return {
            "code": rule.code, "trigger": rule.trigger,
            "offset": rules.describe_offset(rule),
            "minor_offset": rules.describe_offset(rule, minor=True) if has_minor else None,
            "legal_basis": rule.legal_basis, "source": rule.source,
            "verified": rule.verified, "verified_by": rule.verified_by,
            "verified_on": rule.verified_on.isoformat() if rule.verified_on else None,
        }

    def _compute(self, opts):
        if not opts["start"]:
            raise CommandError("--compute needs --from YYYY-MM-DD")
        rule = DeadlineRule.objects.filter(code=opts["compute"]).first()
        if rule is None:
            known = ", ".join(DeadlineRule.objects.values_list("code", flat=True))
            raise CommandError(f"no rule {opts['compute']!r}; known: {known}")
        result = rules.computed(rule, _iso_date(opts["start"]), minor=opts["minor"])
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        verified = "verified" if result.verified else "NOT VERIFIED (check)"
        self.stdout.write(f"{result.rule} from {result.start.isoformat()}"
                          f"{' (minor)' if opts['minor'] else ''}: {result.date.isoformat()} "
                          f"({result.basis}; {verified})")
