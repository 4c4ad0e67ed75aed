"""Reads for group enrolment (issue 10): which clients the actor may enrol into an offering
and, for one page of them, what the person choosing should see before the click.

The candidates are the open cases the actor may enrol (``selectors.enrollable_clients``),
ordered by code and searched by code only (a name search goes through the client list's
own search). For a page of them: code and name (first and second name and chosen name, for
those who may see identity: the coordinator and case workers; every decryption a recorded
read), the recommendation's reasons and the warnings (``queries.enrolment_warnings``).
Nothing here writes but the audit of what was read; the view pages, the services enrol.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.services import record_reads
from reintegra.clients.access import Section, sections_for_role
from reintegra.clients.selectors import record_list_view
from reintegra.core.dates import show_date
from reintegra.vault.keyring import KeyRing

from . import selectors
from .queries import enrolment_warnings

ENDING_SOON_DAYS = 14
CODE_SEARCH_MAX = 40


@dataclass
class Candidate:
    client: object
    name: str = ""
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    score: int = 0


def enrollable(*, actor, offering, code: str = ""):
    """The clients the actor may enrol into ``offering``, by code; ``code`` narrows them
    to codes containing it. A queryset: the view pages it."""
    qs = selectors.enrollable_clients(actor=actor, offering=offering).select_related(
        "identity").only("pk", "code", "key_id", "organisation_id", "gender",
                         "primary_language", "secondary_language", "identity")
    code = code.strip()[:CODE_SEARCH_MAX]
    if code:
        qs = qs.filter(code__icontains=code)
    return qs


def _names(actor, clients) -> dict[int, str]:
    """Full name and chosen name, decrypting those fields only; nothing without IDENTITY."""
    if Section.IDENTITY not in sections_for_role(actor):
        return {}
    ring = KeyRing()
    ring.load(c.key_id for c in clients)
    names = {}
    for client in clients:
        identity = getattr(client, "identity", None)
        if identity is None:
            continue
        who = identity.reveal(ring, only=("first_name", "second_name", "chosen_name"))
        full = " ".join(str(v) for v in (who.first_name, who.second_name) if v)
        chosen = str(who.chosen_name or "")
        names[client.pk] = f"{full} ({chosen})" if chosen and chosen not in full else full
    return names


def candidates(*, actor, offering, clients, today=None) -> list[Candidate]:
    """``clients`` (a page of ``enrollable``) with names, reasons and warnings, best fit
    first. A fixed number of queries whatever the page's length."""
    from reintegra.plans.recommend import OFFERING_CODES, explain
    from reintegra.plans.recommendations import scored_for_offering

    clients = list(clients)
    if not clients:
        return []
    today = today or timezone.localdate()
    names = _names(actor, clients)
    # Every decryption is a recorded read naming the client (their "who has seen this").
    record_reads(actor=actor, client_ids=names.keys(), obj=offering)
    scored = scored_for_offering(clients=clients, offering=offering)
    ending = (offering.end_date - today).days
    found = []
    for client in clients:
        s = scored[client.pk]
        warnings = enrolment_warnings(client=client, offering=offering)
        if 0 <= ending < ENDING_SOON_DAYS:
            warnings.append(_("The offering ends in %(n)s days (%(day)s).")
                            % {"n": ending, "day": show_date(offering.end_date)})
        reasons = [explain(r) for r in s.reasons
                   if r.points > 0 or r.code in OFFERING_CODES]
        found.append(Candidate(client=client, name=names.get(client.pk, ""),
                               reasons=reasons, warnings=warnings, score=s.score))
    record_list_view(actor=actor, count=len(found))
    return sorted(found, key=lambda c: (-c.score, c.client.code))
