"""An organisation's thresholds, in one place: ``for_organisation(organisation)``.

Other apps read retention years, the idle timeout, reminder days and the disclosure
threshold only through this accessor. An organisation stores its own value, or nothing
(then the server's default from settings.py applies). Each threshold carries its legal or
policy note, shown beside it on the organisation's settings page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Reminder days before a legal deadline: the programme's own choice (policy, not law).
DEFAULT_REMINDER_DAYS = (30, 14, 3)
# Disclosure control: a published count below k is suppressed. 10 is the programme's
# default; 3 is the floor below which a cell could single out a person (the "rule of
# three" of statistical disclosure control; Eurostat's and national statistical offices'
# minimum frequency rules use 3 to 10). Unverified for any specific funder's rules.
DEFAULT_DISCLOSURE_K = 10
# The longest reminder an organisation may set (parse_reminder_days).
MAX_REMINDER_DAYS = 365
MIN_DISCLOSURE_K = 3

NOTES = {
    "retention_years": _(
        "GDPR art. 5(1)(e): data are kept no longer than needed. Set it to the longest "
        "period a law or your funder's contract requires after a case closes (check your "
        "grant agreement: EU-funded projects often require 10 years). Cases closed longer "
        "ago are erased automatically."
    ),
    "idle_timeout_minutes": _(
        "Security policy (GDPR art. 32): a computer left unattended must not show client "
        "data. Between 5 and 480 minutes; 30 is recommended."
    ),
    "reminder_days": _(
        "The programme's own policy: how many days before a legal deadline (for instance "
        "the end of a reflection period) staff are reminded. Whole days, separated by "
        "commas, e.g. 30,14,3."
    ),
    "disclosure_k": _(
        "Statistical disclosure control: reports hide any number of people smaller than "
        "this, so that nobody can be recognised. Never below 3; 10 is recommended."
    ),
}


@dataclass(frozen=True)
class OrgSettings:
    retention_years: int
    idle_timeout_minutes: int
    reminder_days: tuple[int, ...]
    disclosure_k: int

    @property
    def idle_timeout_seconds(self) -> int:
        return self.idle_timeout_minutes * 60


def parse_reminder_days(text: str) -> tuple[int, ...]:
    """"30, 14,3" -> (30, 14, 3): distinct whole days from 1 to 365, largest first.
    Raises ValueError on anything else."""
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    if not parts or len(parts) > 10:
        raise ValueError("between 1 and 10 days")
    days = set()
    for part in parts:
        if not (part.isascii() and part.isdigit()):
            raise ValueError("not a whole number")
        value = int(part)
        if not 1 <= value <= MAX_REMINDER_DAYS:
            raise ValueError("out of range")
        days.add(value)
    return tuple(sorted(days, reverse=True))


def defaults() -> OrgSettings:
    return OrgSettings(
        retention_years=settings.RETENTION_YEARS_AFTER_CLOSURE,
        idle_timeout_minutes=settings.IDLE_TIMEOUT_SECONDS // 60,
        reminder_days=tuple(sorted(
            {int(d) for d in getattr(settings, "LEGAL_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)},
            reverse=True)),
        disclosure_k=getattr(settings, "REPORT_DISCLOSURE_K", DEFAULT_DISCLOSURE_K),
    )


def for_organisation(organisation) -> OrgSettings:
    """The thresholds in force for ``organisation`` (None: the server's defaults)."""
    base = defaults()
    if organisation is None:
        return base
    try:
        reminder_days = parse_reminder_days(organisation.reminder_days)
    except ValueError:
        reminder_days = base.reminder_days
    return OrgSettings(
        retention_years=organisation.retention_years or base.retention_years,
        idle_timeout_minutes=organisation.idle_timeout_minutes or base.idle_timeout_minutes,
        reminder_days=reminder_days,
        disclosure_k=max(organisation.disclosure_k or base.disclosure_k, MIN_DISCLOSURE_K),
    )
