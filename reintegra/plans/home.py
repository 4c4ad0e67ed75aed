"""Plans on home pages and in the due registry: plan reviews, reassessments, plan end dates
(``core.due`` sources), their counts for the coordinator, and goals past their target date
(a reason for "clients falling behind"). Plans are the CASE section: only actors with it
get anything. Every list is one SQL query, filtered in the database: a review is due on
(latest goal review, or the plan's start) + ``PLAN_REVIEW_DAYS``, so "due by ``end``" is
"latest on or before ``end`` - ``PLAN_REVIEW_DAYS``", a constant."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from reintegra.accounts.models import Role
from reintegra.clients.access import Section, reach_q, sections_for_role
from reintegra.clients.choices import OPEN_STATUSES
from reintegra.clients.models import Client
from reintegra.core.dates import show_date
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
    return (
        Client.objects.filter(reach_q(actor), erased_at__isnull=True,
                              status__in=OPEN_STATUSES)
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
    """Plan reviews and planned plan ends in the window: one query for both."""
    if not _may(actor):
        return []
    days = dt.timedelta(days=settings.PLAN_REVIEW_DAYS)
    plans = (
        _open_plans(actor)
        .annotate(last_review=Coalesce(Max("goals__reviews__reviewed_on"), "start_date"))
        .filter(Q(last_review__lte=end - days)
                | Q(planned_end_date__gte=start, planned_end_date__lte=end))
        .select_related("client").order_by("pk")[:DUE_LIMIT]
    )
    items = []
    for p in plans:
        url = reverse("plans:plan", args=[p.pk])
        if start <= p.last_review + days <= end:
            items.append(DueItem(due_on=p.last_review + days, what=_("Plan review"), url=url,
                                 client_id=p.client_id, client_code=p.client.code,
                                 source="plans"))
        if p.planned_end_date and start <= p.planned_end_date <= end:
            items.append(DueItem(due_on=p.planned_end_date,
                                 what=_("Planned end of the support plan"), url=url,
                                 client_id=p.client_id, client_code=p.client.code,
                                 source="plans"))
    return items


def reassessment_items(*, actor, start, end) -> list[DueItem]:
    if not _may(actor):
        return []
    days = dt.timedelta(days=settings.REASSESSMENT_DAYS)
    return [
        DueItem(due_on=c.last_assessed + days, what=_("Reassessment of needs"),
                url=reverse("plans:assessment_new", args=[c.pk]), client_id=c.pk,
                client_code=c.code, source="plans")
        for c in reassessments_due(actor=actor, end=end)[:DUE_LIMIT]
        if c.last_assessed + days >= start
    ]


# --- Blocks ----------------------------------------------------------------------------------


def due_counts(*, actor, today: dt.date, end: dt.date) -> dict[str, int]:
    """Open cases with a plan review / a reassessment due by ``end``, and overdue (before
    ``today``). One query: a case counts once however many of its plans are due."""
    def plan_due(by):
        latest = by - dt.timedelta(days=settings.PLAN_REVIEW_DAYS)
        return Exists(
            SupportPlan.objects.filter(client=OuterRef("pk"), actual_end_date__isnull=True)
            .annotate(last=Coalesce(Max("goals__reviews__reviewed_on"), "start_date"))
            .filter(last__lte=latest))

    last_assessed = Subquery(
        NeedsAssessment.objects.filter(client=OuterRef("pk")).order_by("-assessed_on")
        .values("assessed_on")[:1])
    reassess = dt.timedelta(days=settings.REASSESSMENT_DAYS)
    return (
        Client.objects.filter(reach_q(actor), erased_at__isnull=True, status__in=OPEN_STATUSES)
        .annotate(last_assessed=last_assessed, review_due=plan_due(end),
                  review_overdue=plan_due(today - dt.timedelta(days=1)))
        .aggregate(
            reviews=Count("pk", filter=Q(review_due=True)),
            reviews_overdue=Count("pk", filter=Q(review_overdue=True)),
            reassessments=Count("pk", filter=Q(last_assessed__lte=end - reassess)),
            reassessments_overdue=Count("pk", filter=Q(last_assessed__lt=today - reassess)),
        )
    )


def coordinator_block(*, actor, today):
    """Counts of reviews and reassessments due (overdue included) by the end of the week."""
    if actor.role != Role.COORDINATOR:
        return None
    end = today + dt.timedelta(days=6 - today.weekday())
    n = due_counts(actor=actor, today=today, end=end)
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
