"""Counts over plans for the analytical report: challenges met and goal statuses.

Split from selectors.py (page reads) because reports aggregate over many clients and
decrypt nothing; like every read they take the acting user and apply need-to-know.
Counts only: apply disclosure control before publishing."""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Count,
    Q,
)

from reintegra.clients.access import Section, reach_q, sections_for_role

from . import choices as c
from .models import (
    Challenge,
    Goal,
)


def _reports_on(actor, organisation) -> bool:
    """Counts over plans: for one who reads plans, in their own organisation."""
    return (Section.CASE in sections_for_role(actor)
            and getattr(actor, "organisation_id", None) == organisation.pk)


@dataclass(frozen=True)
class ChallengeCount:
    code: str
    label: str
    occurrences: int  # challenge records
    clients: int  # distinct clients who met it: the figure for disclosure control
    dropouts: int  # records where it made the person leave an activity or the programme


def challenge_counts(*, actor, organisation, since: date | None = None,
                     until: date | None = None) -> list[ChallengeCount]:
    """Challenges met, counted by code, over the clients whose plans the actor may see
    (the coordinator: the whole organisation). Most frequent first; codes never met are
    left out. Counts only: apply disclosure control before publishing."""
    if not _reports_on(actor, organisation):
        return []
    qs = Challenge.objects.filter(
        reach_q(actor, prefix="plan__client__"), plan__client__erased_at__isnull=True
    )
    if since:
        qs = qs.filter(noted_on__gte=since)
    if until:
        qs = qs.filter(noted_on__lte=until)
    rows = (
        qs.values("code")
        .annotate(occurrences=Count("pk", distinct=True),
                  clients=Count("plan__client", distinct=True),
                  dropouts=Count("pk", filter=Q(led_to_dropout=True), distinct=True))
        .order_by("-occurrences", "code")
    )
    names = dict(c.ChallengeCode.choices)
    return [
        ChallengeCount(code=r["code"], label=str(names.get(r["code"], r["code"])),
                       occurrences=r["occurrences"], clients=r["clients"],
                       dropouts=r["dropouts"])
        for r in rows
    ]


def goal_status_counts(*, actor, organisation) -> dict[str, int]:
    """Goals by status ("" = not reviewed yet) over the clients within the actor's reach."""
    if not _reports_on(actor, organisation):
        return {}
    rows = (
        Goal.objects.filter(reach_q(actor, prefix="plan__client__"),
                            plan__client__erased_at__isnull=True)
        .values("status").annotate(n=Count("pk", distinct=True))
    )
    return {r["status"]: r["n"] for r in rows}
