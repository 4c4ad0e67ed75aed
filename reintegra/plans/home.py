"""Plans on home pages and in the due registry: plan reviews, reassessments, plan end dates
(``core.due`` sources), their counts for the coordinator, and goals past their target date
(a reason for "clients falling behind"). Plans are the CASE section: only actors with it
get anything. Every list is one SQL query, filtered in the database: a review is due on
(latest goal review, or the plan's start) + ``PLAN_REVIEW_DAYS``, so "due by ``end``" is
"latest on or before ``end`` - ``PLAN_REVIEW_DAYS``", a constant."""

import datetime as dt

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    DateField,
    F,
    Max,
    Q,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from reintegra.accounts.models import Role
from reintegra.clients.access import Section, reach_q, sections_for_role
from reintegra.clients.choices import OPEN_STATUSES
from reintegra.clients.models import Client
from reintegra.core.dates import show_date, week_end
from reintegra.core.due import DueItem
from reintegra.core.home import LIST_SIZE, Row, rows_block

from .choices import OPEN_GOAL_STATUSES
from .models import Goal, NeedsAssessment, SupportPlan

DUE_LIMIT = 200  # a due list is for reading; the coordinator sees counts


def _may(actor) -> bool:
    return Section.CASE in sections_for_role(actor)


def _open_plans(actor):
    return SupportPlan.objects.filter(
        reach_q(actor, prefix="client__"), actual_end_date__isnull=True,
        client__erased_at__isnull=True, client__status__in=OPEN_STATUSES,
    )


def reassessments_due(*, actor, end: dt.date):
    """Open cases whose latest needs assessment is due again on or before ``end``."""
    latest = end - dt.timedelta(days=settings.REASSESSMENT_DAYS)
    # The assessments due first (one hashed IN), then the clients within reach among them:
    # the open cases without a due assessment are not grouped at all.
    due = (NeedsAssessment.objects.values("client_id").annotate(last=Max("assessed_on"))
           .filter(last__lte=latest).values("client_id"))
    return (
        Client.objects.filter(reach_q(actor), erased_at__isnull=True,
                              status__in=OPEN_STATUSES, pk__in=due)
        .annotate(last_assessed=Max("needs_assessments__assessed_on"))
        .filter(last_assessed__lte=latest).only("pk", "code").order_by("last_assessed", "pk")
    )


def goals_past_date(*, actor, today: dt.date):
    return (
        Goal.objects.filter(plan__in=_open_plans(actor), target_date__lt=today,
                            status__in=OPEN_GOAL_STATUSES)
        .select_related("plan__client").order_by("target_date", "pk")
    )


# --- Due sources -----------------------------------------------------------------------------


def plan_items(*, actor, start, end) -> list[DueItem]:
    """Plan reviews, planned plan ends and reassessments of needs in the window: one query
    (the plans due and the open cases due a reassessment, as one UNION ALL)."""
    if not _may(actor):
        return []
    review = dt.timedelta(days=settings.PLAN_REVIEW_DAYS)
    reassess = dt.timedelta(days=settings.REASSESSMENT_DAYS)

    def columns(kind, ref, client, code, base, planned_end):
        return {"d_kind": Value(kind, output_field=CharField()), "d_ref": ref,
                "d_client": client, "d_code": code, "d_base": base, "d_end": planned_end}

    names = ("d_kind", "d_ref", "d_client", "d_code", "d_base", "d_end")
    plans = (
        _open_plans(actor)
        .annotate(last_review=Coalesce(Max("goals__reviews__reviewed_on"), "start_date"))
        .filter(Q(last_review__lte=end - review)
                | Q(planned_end_date__gte=start, planned_end_date__lte=end))
        .annotate(**columns("plan", F("pk"), F("client_id"), F("client__code"),
                            F("last_review"), F("planned_end_date")))
        .order_by().values_list(*names)
    )
    assessed = (
        reassessments_due(actor=actor, end=end)
        .filter(last_assessed__gte=start - reassess)
        .annotate(**columns("assessment", F("pk"), F("pk"), F("code"), F("last_assessed"),
                            Value(None, output_field=DateField())))
        .order_by().values_list(*names)
    )
    items = []
    for kind, ref, client_id, code, base, planned_end in (
            plans.union(assessed, all=True).order_by("d_base", "d_ref")[:DUE_LIMIT * 2]):
        if kind == "assessment":
            items.append(DueItem(due_on=base + reassess, what=_("Reassessment of needs"),
                                 url=reverse("plans:assessment_new", args=[client_id]),
                                 client_id=client_id, client_code=code, source="plans"))
            continue
        url = reverse("plans:plan", args=[ref])
        if start <= base + review <= end:
            items.append(DueItem(due_on=base + review, what=_("Plan review"), url=url,
                                 client_id=client_id, client_code=code, source="plans"))
        if planned_end and start <= planned_end <= end:
            items.append(DueItem(due_on=planned_end,
                                 what=_("Planned end of the support plan"), url=url,
                                 client_id=client_id, client_code=code, source="plans"))
    return items


# --- Blocks ----------------------------------------------------------------------------------


def due_counts(*, actor, today: dt.date) -> dict[str, int]:
    """Open cases within reach with a plan review / a reassessment due by Sunday, and
    overdue (before ``today``), for the coordinator's block. A case counts once however
    many of its plans are due. One query that starts from what is due: the plans and
    assessments due by Sunday (computed once, uncorrelated) give the candidate cases, and
    only those are looked up and counted, not every client of the organisation."""
    end = week_end(today)
    reassess = dt.timedelta(days=settings.REASSESSMENT_DAYS)

    def plan_due(by):
        latest = by - dt.timedelta(days=settings.PLAN_REVIEW_DAYS)
        return (SupportPlan.objects.filter(actual_end_date__isnull=True)
                .annotate(last=Coalesce(Max("goals__reviews__reviewed_on"), "start_date"))
                .filter(last__lte=latest).values("client_id"))

    def assessed_by(latest, strictly=False):
        last = {"last__lt" if strictly else "last__lte": latest}
        return (NeedsAssessment.objects.values("client_id").annotate(last=Max("assessed_on"))
                .filter(**last).values("client_id"))

    reviews_due, reassessments_due = plan_due(end), assessed_by(end - reassess)
    candidates = reviews_due.union(reassessments_due, all=True)
    return (
        Client.objects.filter(reach_q(actor), erased_at__isnull=True,
                              status__in=OPEN_STATUSES, pk__in=candidates)
        .aggregate(
            reviews=Count("pk", filter=Q(pk__in=reviews_due)),
            reviews_overdue=Count("pk", filter=Q(pk__in=plan_due(today - dt.timedelta(days=1)))),
            reassessments=Count("pk", filter=Q(pk__in=reassessments_due)),
            reassessments_overdue=Count("pk", filter=Q(pk__in=assessed_by(
                today - reassess, strictly=True))),
        )
    )


def coordinator_block(*, actor, today):
    """Counts of reviews and reassessments due (overdue included) by the end of the week."""
    if actor.role != Role.COORDINATOR or not _may(actor):
        return None
    n = due_counts(actor=actor, today=today)
    rows = [
        Row(label=_("Plan reviews due by Sunday"), value=n["reviews"],
            note=_("%(n)s overdue") % {"n": n["reviews_overdue"]},
            warn=bool(n["reviews_overdue"])),
        Row(label=_("Reassessments due by Sunday"), value=n["reassessments"],
            note=_("%(n)s overdue") % {"n": n["reassessments_overdue"]},
            warn=bool(n["reassessments_overdue"])),
    ]
    return rows_block(
        title=_("Reviews and reassessments due"), rows=rows, order=60,
        more_url=f"{reverse('core:due')}?source=plans", more_text=_("The list of what is due"),
        intro=_("Open cases; a plan is reviewed every %(review)s days and needs are "
                "reassessed every %(reassess)s days.")
        % {"review": settings.PLAN_REVIEW_DAYS, "reassess": settings.REASSESSMENT_DAYS},
    )


def behind_rows(*, actor, today) -> list[Row]:
    """Goals past their target date and not achieved (one row per client)."""
    if not _may(actor):
        return []
    rows, seen = [], set()
    for goal in goals_past_date(actor=actor, today=today)[:LIST_SIZE * 3]:
        client = goal.plan.client
        if client.pk in seen or len(rows) >= LIST_SIZE:
            continue
        seen.add(client.pk)
        rows.append(Row(label=client.code, url=reverse("plans:plan", args=[goal.plan_id]),
                        note=_("a goal past its date (%(day)s)")
                        % {"day": show_date(goal.target_date)}, warn=True))
    return rows
