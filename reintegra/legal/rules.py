"""Deadline rules: the shipped data (data/deadline_rules.json) and the date a rule gives.

``compute`` is the one place that turns a rule and an event date into a date; the
management command, the services and the pages all use it.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .dates import add_period

RULES_FILE = Path(__file__).parent / "data" / "deadline_rules.json"
RULE_FIELDS = ("trigger", "months", "days", "minor_months", "minor_days", "fixed_date",
               "legal_basis", "note_en", "note_pl", "source", "verified", "verified_by",
               "verified_on")


def shipped_rules() -> list[dict]:
    """The rules as shipped, dates parsed."""
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))["rules"]
    for rule in rules:
        for name in ("fixed_date", "verified_on"):
            if rule.get(name):
                rule[name] = date.fromisoformat(rule[name])
    return rules


def offset_for(rule, *, minor: bool) -> tuple[int, int]:
    """(months, days) for an adult or a minor; a minor's offset falls back to the adult's
    where the law gives none."""
    if minor and (rule.minor_months is not None or rule.minor_days is not None):
        return (rule.minor_months if rule.minor_months is not None else rule.months,
                rule.minor_days if rule.minor_days is not None else rule.days)
    return rule.months, rule.days


def compute(rule, start: date, *, minor: bool = False) -> date:
    if rule.fixed_date:
        return rule.fixed_date
    months, days = offset_for(rule, minor=minor)
    return add_period(start, months=months, days=days)


def describe_offset(rule, *, minor: bool = False) -> str:
    """"3 months", "30 days", "fixed date 2027-03-04": for the command's plain output."""
    if rule.fixed_date:
        return f"fixed {rule.fixed_date.isoformat()}"
    months, days = offset_for(rule, minor=minor)
    parts = [f"{months} months"] if months else []
    parts += [f"{days} days"] if days or not months else []
    return " + ".join(parts)


@dataclass(frozen=True)
class Computed:
    rule: str
    start: date
    date: date
    basis: str
    verified: bool

    def as_json(self) -> dict:
        return {"rule": self.rule, "from": self.start.isoformat(),
                "date": self.date.isoformat(), "basis": self.basis, "verified": self.verified}


def computed(rule, start: date, *, minor: bool = False) -> Computed:
    return Computed(rule=rule.code, start=start, date=compute(rule, start, minor=minor),
                    basis=rule.legal_basis, verified=rule.verified)


def install_shipped_rules() -> int:
    """Create the shipped rules that are missing (an edited rule is left as it is); returns
    how many were created. Migration 0002 does this on ``migrate``; tests call it after
    a database flush, which empties what migrations loaded."""
    from .models import DeadlineRule

    created = 0
    for rule in shipped_rules():
        values = dict(rule)
        _obj, made = DeadlineRule.objects.get_or_create(code=values.pop("code"),
                                                        defaults=values)
        created += made
    return created
