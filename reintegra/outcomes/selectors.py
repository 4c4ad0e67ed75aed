"""Reads of outcomes, each with the acting user: need-to-know by reintegra.outcomes.access
over reintegra.clients.access; views are recorded; statistics only from clients who
consent to statistics (reintegra.privacy)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.core.due import DueItem
from reintegra.privacy.selectors import clients_consenting_to_statistics
from reintegra.vault.keyring import KeyRing

from . import definitions, statistics
from .access import score_reach_q, sees_answers, sees_scores
from .caveats import CAVEATS  # noqa: F401  (for the report: print them with the figures)
from .charts import score_chart
from .models import Administration, Instrument

STAT_KEYS = ("n_pairs", "n_nonzero", "median_change", "hodges_lehmann", "r_plus", "r_minus",
             "p_value", "method", "rank_biserial", "rank_biserial_ci", "improved",
             "unchanged", "deteriorated")


def _language():
    return (get_language() or "pl")[:2]


@dataclass
class InstrumentHistory:
    code: str
    title: str
    rows: list  # Administration, completed, in date order
    chart_svg: str
    change: str | None  # "improved" / "unchanged" / "deteriorated" or None
    due: list = field(default_factory=list)
    validated: bool = True


def client_outcomes(*, actor, client, on_team=None) -> list[InstrumentHistory] | None:
    """Scores over time per instrument, with a chart and the reliable change from the
    first to the last valid score; None when the actor may not see scores."""
    if not sees_scores(actor, client, on_team=on_team):
        return None
    administrations = list(Administration.objects.filter(client=client)
                           .select_related("instrument").order_by("due_on", "pk"))
    by_code = defaultdict(list)
    for administration in administrations:
        by_code[administration.instrument.code].append(administration)
    language = _language()
    histories = []
    for code, rows in sorted(by_code.items()):
        done = sorted((a for a in rows if a.is_done), key=lambda a: (a.completed_on, a.pk))
        instrument = rows[-1].instrument
        low, high = definitions.score_range(instrument.definition)
        title = instrument.title(language)
        chart = score_chart(title=title, points=[(a.completed_on, a.score) for a in done],
                            low=low, high=high, chart_id=f"chart-{client.pk}-{code}") \
            if done else ""
        histories.append(InstrumentHistory(
            code=code, title=title, rows=done, chart_svg=chart,
            change=_reliable_change(instrument, [a for a in done if a.valid]),
            due=[a for a in rows if not a.is_done], validated=instrument.is_validated))
    record(actor=actor, action=Action.VIEW, object_type="outcomes.scores",
           object_id=str(client.pk), client_id=client.pk)
    return histories


def _reliable_change(instrument, valid_rows):
    rci = instrument.definition.get("rci")
    if rci is None or len(valid_rows) < 2:
        return None
    return statistics.classify_change(
        valid_rows[0].score, valid_rows[-1].score, sd=rci["sd"],
        reliability=rci["reliability"], higher_is_better=instrument.higher_is_better)


@dataclass
class AnswerRow:
    text: str
    answer: str  # the option's label, or "" when skipped


def administration_answers(*, actor, administration) -> list[AnswerRow] | None:
    """The item answers of one administration, decrypted (an audited read): for the
    coordinator and the team's psychologist only."""
    client = administration.client
    if not sees_answers(actor, client) or not administration.is_done:
        return None
    ring = KeyRing()
    ring.load([client.key_id])
    answers = administration.answer_set.reveal(ring).answers or {}
    data = administration.instrument.definition
    language = administration.language or _language()
    rows = []
    for item in data["items"]:
        value = answers.get(str(item["id"])) if isinstance(answers, dict) else None
        label = next((definitions.option_label(o, language)
                      for o in definitions.item_options(data, item) if o["value"] == value), "")
        rows.append(AnswerRow(text=definitions.item_text(data, item, language), answer=label))
    record(actor=actor, action=Action.VIEW, obj=administration.answer_set,
           client_id=client.pk)
    return rows


def due_questionnaires(*, actor, start: date, end: date) -> list[DueItem]:
    """Open questionnaires due from ``start`` to ``end`` (an early ``start`` brings the
    overdue ones) for the clients whose scores the actor may see."""
    rows = (Administration.objects
            .filter(score_reach_q(actor, "client__"), completed_on__isnull=True,
                    due_on__gte=start, due_on__lte=end, client__key_id__isnull=False)
            .select_related("client", "instrument").order_by("due_on", "pk"))
    return [DueItem(
        due_on=a.due_on,
        what=_("Questionnaire: %(code)s, %(timepoint)s") % {
            "code": a.instrument.code, "timepoint": a.get_timepoint_display()},
        url=reverse("clients:detail", args=[a.client_id]) + "#outcomes",
        client_id=a.client_id, client_code=a.client.code, source="outcomes",
    ) for a in rows]


# --- Statistics ------------------------------------------------------------------------


def pairs_for(*, clients, instrument_code, start, end) -> list[tuple[int, float, float]]:
    """(client, before, after): the first and the last valid score of each client in the
    period, when the client has at least two. The database reduces each client's scores to
    one row (correlated subqueries), so the rows returned are one per paired client, not
    one per questionnaire."""
    from django.db.models import Count, OuterRef, Subquery

    from reintegra.clients.models import Client

    scores = Administration.objects.filter(
        client=OuterRef("pk"), instrument__code=instrument_code, valid=True,
        completed_on__gte=start, completed_on__lte=end)
    rows = (Client.objects.filter(pk__in=clients)
            .annotate(
                before=Subquery(scores.order_by("completed_on", "pk").values("score")[:1]),
                after=Subquery(scores.order_by("-completed_on", "-pk").values("score")[:1]),
                scored=Subquery(scores.order_by().values("client")
                                .annotate(n=Count("pk")).values("n")[:1]))
            .filter(scored__gte=2).order_by("pk").values_list("pk", "before", "after"))
    return [(pk, float(before), float(after)) for pk, before, after in rows]


def score_pairs(*, actor, instrument_code, start, end) -> list[tuple[int, float, float]]:
    """Before/after pairs of the clients within the actor's reach who consent to
    statistics (for the analytical report)."""
    clients = clients_consenting_to_statistics(actor=actor).filter(score_reach_q(actor))
    return pairs_for(clients=clients.values("pk"), instrument_code=instrument_code,
                     start=start, end=end)


def instrument_stats(instrument: Instrument, pairs) -> dict:
    rci = instrument.definition.get("rci") or {}
    summary = statistics.summarise(
        [(b, a) for _c, b, a in pairs], sd=rci.get("sd"), reliability=rci.get("reliability"),
        higher_is_better=instrument.higher_is_better)
    return summary.as_dict()


def latest_instruments(organisation=None) -> list[Instrument]:
    """The newest version of each instrument: shipped ones and the organisation's own."""
    newest = {}
    for instrument in Instrument.objects.filter(organisation__isnull=True).order_by("version"):
        newest[instrument.code] = instrument
    if organisation is not None:
        for instrument in Instrument.objects.filter(organisation=organisation).order_by(
                "version"):
            newest[instrument.code] = instrument
    return [newest[code] for code in sorted(newest)]


def cohort_figures(*, actor, organisation, start, end, client_ids=None) -> list[dict]:
    """One dict per instrument: code, title and every key of ``outcome_stats``, from the
    clients within the actor's reach who consent to statistics (and among ``client_ids``
    when given)."""
    if actor.organisation_id != organisation.pk:
        return []
    clients = clients_consenting_to_statistics(actor=actor).filter(score_reach_q(actor))
    if client_ids is not None:
        clients = clients.filter(pk__in=list(client_ids))
    language = _language()
    figures = []
    for instrument in latest_instruments(organisation):  # one query per instrument
        pairs = pairs_for(clients=clients.values("pk"), instrument_code=instrument.code,
                          start=start, end=end)
        figures.append({"code": instrument.code, "title": instrument.title(language),
                        **instrument_stats(instrument, pairs)})
    record(actor=actor, action=Action.VIEW, object_type="outcomes.cohort",
           object_id=f"{start}:{end}", organisation_id=organisation.pk)
    return figures


# --- For the staff pages ---------------------------------------------------------------


def client_for(*, actor, pk, rule):
    """The client with ``pk`` if ``rule(actor, client)`` holds; 404 otherwise (a forbidden
    client is answered exactly like a missing one)."""
    from django.http import Http404

    from reintegra.clients.models import Client

    client = Client.objects.filter(pk=pk, organisation_id=getattr(actor, "organisation_id",
                                                                  None)).first()
    if client is None or client.is_erased or not rule(actor, client):
        raise Http404
    return client


def latest_plan_start(*, client):
    """The start of the client's newest support plan (a plain date column): the baseline
    is due then. The caller has checked access to the client."""
    from reintegra.plans.models import SupportPlan

    return (SupportPlan.objects.filter(client=client).order_by("-start_date", "-pk")
            .values_list("start_date", flat=True).first())


def administration_for(*, actor, pk, rule):
    from django.http import Http404

    administration = (Administration.objects.select_related("client", "instrument")
                      .filter(pk=pk).first())
    if administration is None or not rule(actor, administration.client) \
            or administration.client.is_erased:
        raise Http404
    return administration


def activity_breakdown(*, actor, organisation, instrument_code, start, end) -> list[dict]:
    """The cohort figures of one instrument for the clients who took part in each activity
    (enrolled, not withdrawn) and for those who did not: a description, not a comparison
    with a control group."""
    from reintegra.programme.models import Activity, Enrolment

    clients = clients_consenting_to_statistics(actor=actor).filter(score_reach_q(actor))
    taking_part = defaultdict(set)
    for activity_id, client_id in (Enrolment.objects
                                   .filter(client_id__in=clients.values("pk"),
                                           offering__organisation=organisation)
                                   .filter(status__in=("enrolled", "completed"))
                                   .values_list("offering__activity_id", "client_id")):
        taking_part[activity_id].add(client_id)
    activities = Activity.objects.filter(pk__in=list(taking_part)).order_by("pk")
    pairs = pairs_for(clients=clients.values("pk"), instrument_code=instrument_code,
                      start=start, end=end)
    instrument = next(i for i in latest_instruments(organisation) if i.code == instrument_code)
    result = []
    for activity in activities:
        members = taking_part[activity.pk]
        result.append({
            "activity": activity,
            "in": instrument_stats(instrument, [p for p in pairs if p[0] in members]),
            "out": instrument_stats(instrument, [p for p in pairs if p[0] not in members]),
        })
    return result
