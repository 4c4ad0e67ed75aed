"""Group enrolment (issue 10): several clients into one offering in one step.

The candidates are the open cases the actor may enrol (``selectors.enrollable_clients``),
searchable by code or full name (blind index), each shown with code and name (first and
second name and chosen name for those who may see identity: the coordinator and case
workers), the recommendation's reasons and the warnings, before anyone presses Enrol.
Each client then goes through ``services.enrol_client`` on its own (the conflict and
capacity rules apply per client, one transaction each): the result says who was enrolled,
who went to the waiting list and who was refused, with why.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reintegra.accounts.models import Role
from reintegra.audit.services import record_reads
from reintegra.clients.access import Section, sections_for_role
from reintegra.clients.selectors import _search_q, record_list_view
from reintegra.core.dates import show_date
from reintegra.vault.keyring import KeyRing

from . import selectors, services
from .models import EnrolmentStatus

MAX_CANDIDATES = 60
ENDING_SOON_DAYS = 14


@dataclass
class Candidate:
    client: object
    name: str = ""
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    score: int = 0


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


def candidates(*, actor, offering, query: str = "", today=None) -> list[Candidate]:
    from reintegra.plans.recommend import OFFERING_CODES, explain
    from reintegra.plans.recommendations import scored_for_offering

    today = today or timezone.localdate()
    qs = selectors.enrollable_clients(actor=actor, offering=offering).select_related(
        "identity").only("pk", "code", "key_id", "organisation_id", "gender",
                         "primary_language", "secondary_language", "identity")
    if query:
        qs = qs.filter(_search_q(query))
    clients = list(qs[:MAX_CANDIDATES])
    if not clients:
        return []
    names = _names(actor, clients)
    # Every decryption is a recorded read naming the client (their "who has seen this").
    record_reads(actor=actor, client_ids=names.keys(), obj=offering)
    scored = scored_for_offering(clients=clients, offering=offering)
    ending = (offering.end_date - today).days
    found = []
    for client in clients:
        s = scored[client.pk]
        warnings = services.enrolment_warnings(client=client, offering=offering)
        if 0 <= ending < ENDING_SOON_DAYS:
            warnings.append(_("The offering ends in %(n)s days (%(day)s).")
                            % {"n": ending, "day": show_date(offering.end_date)})
        reasons = [explain(r) for r in s.reasons
                   if r.points > 0 or r.code in OFFERING_CODES]
        found.append(Candidate(client=client, name=names.get(client.pk, ""),
                               reasons=reasons, warnings=warnings, score=s.score))
    record_list_view(actor=actor, count=len(found))
    return sorted(found, key=lambda c: (-c.score, c.client.code))


@dataclass
class Outcome:
    enrolled: list = field(default_factory=list)  # codes
    waiting: list = field(default_factory=list)  # (code, place)
    refused: list = field(default_factory=list)  # (code, why)


def enrol_many(*, actor, offering, clients, acknowledge_warnings: bool,
               join_waiting_list: bool) -> Outcome:
    outcome = Outcome()
    for client in clients:
        try:
            enrolment = services.enrol_client(
                actor=actor, client=client, offering=offering,
                acknowledge_warnings=acknowledge_warnings, join_waiting_list=join_waiting_list)
        except services.ProgrammeError as error:
            outcome.refused.append((client.code, " ".join(error.messages)))
        except PermissionDenied:
            outcome.refused.append((client.code, _("You may not enrol this client.")))
        else:
            if enrolment.status == EnrolmentStatus.WAITING:
                outcome.waiting.append((client.code, enrolment.waiting_position))
            else:
                outcome.enrolled.append(client.code)
    return outcome


@require_http_methods(["GET", "POST"])
def enrol_group(request, pk):
    if request.user.role not in (Role.COORDINATOR, Role.CASE_WORKER):
        raise Http404("not available")
    offering = selectors.get_offering(actor=request.user, pk=pk)
    lang = (get_language() or "pl")[:2]
    back = reverse("programme:offering", args=[offering.pk])
    searching = request.POST.get("action") == "search"
    if request.method == "POST" and not searching:
        ids = [int(v) for v in request.POST.getlist("clients") if v.isdigit()]
        allowed = {c.pk: c for c in selectors.enrollable_clients(
            actor=request.user, offering=offering).filter(pk__in=ids).only(
            "pk", "code", "organisation_id", "status", "erased_at", "gender",
            "primary_language", "secondary_language")}
        if not ids or not allowed:
            error = _("Choose at least one client.")
        else:
            outcome = enrol_many(
                actor=request.user, offering=offering,
                clients=[allowed[i] for i in ids if i in allowed],
                acknowledge_warnings=request.POST.get("acknowledge_warnings") == "on",
                join_waiting_list=request.POST.get("join_waiting_list") == "on")
            return render(request, "programme/enrol_group_result.html", {
                "offering": offering, "outcome": outcome, "lang": lang, "back": back})
    else:
        error = ""
    # The search comes by POST: a name stays out of the URL (history, server logs).
    query = request.POST.get("q", "").strip()[:200]
    found = candidates(actor=request.user, offering=offering, query=query)
    return render(request, "programme/enrol_group.html", {
        "offering": offering, "candidates": found, "q": query, "lang": lang, "back": back,
        "error": error,
    })
