"""Reads of assessments and plans. Each takes the acting user, applies need-to-know
(reintegra.plans.access over reintegra.clients.access) and records the view.

Every audit event names the client (``client_id``), so that "who has seen this record"
finds views and changes of assessments and plans too; the object is the plan or the
assessment opened, or the client for pages about the client as a whole."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    StringAgg,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404
from django.utils.translation import gettext as _

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.clients.access import Section, reach_q, sections_for_role
from reintegra.clients.models import Client
from reintegra.programme.models import Domain
from reintegra.vault.keyring import KeyRing

from . import choices as c
from . import recommend
from .access import (
    ON_TEAM,
    may_offer_enrolment,
    may_plan,
    note_team_membership,
    sees_legal_goals,
    with_team_membership,
)
from .models import (
    Challenge,
    DomainRating,
    Goal,
    GoalReview,
    LanguageSkill,
    NeedsAssessment,
    SupportPlan,
)


def _record_view(actor, client, obj=None):
    record(actor=actor, action=Action.VIEW, obj=obj or client, client_id=client.pk)


def _may_plan_for(actor, client, row) -> bool:
    """``may_plan`` with the team membership that ``row`` was loaded with
    (``with_team_membership``), noted on the client so that later checks reuse it."""
    note_team_membership(client, actor, getattr(row, ON_TEAM))
    return may_plan(actor, client)


def client_for_plans(*, actor, pk: int, count_assessments: bool = False) -> Client:
    """The client, if the actor may read and write its assessments and plans; else 404.

    One query, team membership included. With ``count_assessments`` the client also
    carries ``assessment_count`` (for paging the history without counting again)."""
    clients = with_team_membership(
        Client.objects.filter(pk=pk, organisation_id=getattr(actor, "organisation_id", None))
        .select_related("organisation"), actor,
    )
    if count_assessments:
        clients = clients.annotate(assessment_count=_count_of(
            NeedsAssessment.objects.filter(client_id=OuterRef("pk")), "client_id"))
    client = clients.first()
    if client is None or not _may_plan_for(actor, client, client):
        raise Http404("no such client")
    return client


def _count_of(queryset, group_by: str):
    """How many rows of ``queryset`` (correlated with OuterRef), as a subquery: 0, not NULL,
    when there are none."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _joined_text(queryset, group_by: str, expression):
    """``expression`` over the rows of ``queryset`` (correlated with OuterRef), joined with
    commas into one text column of the outer query: rows read with it, not by a query of
    their own. NULL when there are none."""
    joined = (queryset.order_by().values(group_by)
              .annotate(text=StringAgg(expression, Value(","))).values("text"))
    return Subquery(joined, output_field=CharField())


def _ratings_text():
    """An assessment's ratings as "domain=rating,..." (domains not rated left out)."""
    return _joined_text(
        DomainRating.objects.filter(assessment_id=OuterRef("pk"), rating__isnull=False),
        "assessment_id", Concat("domain", Value("="), Cast("rating", CharField())),
    )


def parse_ratings(text: str | None) -> dict[str, int]:
    """The inverse of ``_ratings_text``: {domain: rating}."""
    pairs = (item.split("=", 1) for item in (text or "").split(",") if item)
    return {domain: int(rating) for domain, rating in pairs}


def _split(text: str | None) -> list[str]:
    return [item for item in (text or "").split(",") if item]


# --- Needs assessments --------------------------------------------------------------


@dataclass
class DomainRow:
    domain: str
    label: str
    rating: int | None
    note: object = None
    previous: int | None = None
    has_previous: bool = False

    @property
    def change(self) -> int | None:
        if self.rating is None or self.previous is None:
            return None
        return self.rating - self.previous

    @property
    def rating_label(self) -> str:
        return c.NeedRating(self.rating).label if self.rating else ""

    @property
    def change_text(self) -> str:
        """The change since the previous assessment, in words (never colour alone)."""
        change = self.change
        if change is None:
            return ""
        if change > 0:
            return _("higher by %(n)s (more need)") % {"n": change}
        if change < 0:
            return _("lower by %(n)s (less need)") % {"n": -change}
        return _("no change")


def labels(choices, values) -> list[str]:
    names = dict(choices)
    return [str(names.get(v, v)) for v in values]


@dataclass
class AssessmentView:
    assessment: NeedsAssessment
    revealed: object  # summary, considerations
    rows: list[DomainRow]
    languages: list
    previous: NeedsAssessment | None = None

    @property
    def availability(self) -> list[str]:
        order = [code for code, _label in c.AVAILABILITY_CHOICES]
        chosen = sorted(self.assessment.availability, key=order.index)
        return labels(c.AVAILABILITY_CHOICES, chosen)

    @property
    def interests(self) -> list[str]:
        return labels(c.Interest.choices, self.assessment.interests)

    @property
    def cultural_preferences(self) -> list[str]:
        return labels(c.CulturalPreference.choices, self.assessment.cultural_preferences)

    @property
    def trauma_preferences(self) -> list[str]:
        return labels(c.TraumaPreference.choices, self.assessment.trauma_preferences)

    @property
    def high_needs(self) -> list[DomainRow]:
        """Domains rated 4 or 5, highest first: what the team should look at first."""
        rows = [r for r in self.rows if r.rating and r.rating >= c.NeedRating.HIGH]
        return sorted(rows, key=lambda r: -r.rating)


def _ratings():
    return Prefetch("ratings", queryset=DomainRating.objects.order_by("domain"))


def _with_details(qs):
    """For assessments of a client already loaded (the client is not joined again)."""
    return qs.select_related("assessed_by").prefetch_related(_ratings(), "languages")


def _domain_rows(now: dict, before: dict | None, notes: dict | None = None) -> list[DomainRow]:
    """One row per domain: {domain: rating} now and at the previous assessment (None:
    there is none), with the revealed notes if given."""
    return [
        DomainRow(domain=domain.value, label=domain.label, rating=now.get(domain.value),
                  note=(notes or {}).get(domain.value),
                  previous=(before or {}).get(domain.value), has_previous=before is not None)
        for domain in Domain
    ]


def _view(assessment, previous, ring) -> AssessmentView:
    ratings = assessment.ratings.all()
    before = {r.domain: r.rating for r in previous.ratings.all()} if previous else None
    rows = _domain_rows({r.domain: r.rating for r in ratings}, before,
                        notes={r.domain: r.reveal(ring).note for r in ratings})
    return AssessmentView(
        assessment=assessment, revealed=assessment.reveal(ring), rows=rows,
        languages=list(assessment.languages.all()), previous=previous,
    )


def latest_assessment(*, actor, client, record_view=True) -> AssessmentView | None:
    """The latest assessment with its notes and the change since the one before."""
    if not may_plan(actor, client):
        raise Http404("no such client")
    latest_two = list(_with_details(client.needs_assessments.all())[:2])
    if record_view:
        _record_view(actor, client)
    if not latest_two:
        return None
    ring = KeyRing()
    ring.load([client.key_id])
    previous = latest_two[1] if len(latest_two) > 1 else None
    return _view(latest_two[0], previous, ring)


def needs_summary(*, actor, client) -> AssessmentView | None:
    """For the client page: the latest assessment's ratings and their change since the one
    before, without notes or languages (nothing unsealed), in one query. The client page
    records the view of the client."""
    if not may_plan(actor, client):
        raise Http404("no such client")
    latest_two = list(client.needs_assessments.annotate(ratings_text=_ratings_text())[:2])
    if not latest_two:
        return None
    latest = latest_two[0]
    previous = latest_two[1] if len(latest_two) > 1 else None
    before = parse_ratings(previous.ratings_text) if previous else None
    rows = _domain_rows(parse_ratings(latest.ratings_text), before)
    return AssessmentView(assessment=latest, revealed=None, rows=rows, languages=[],
                          previous=previous)


class _Counted:
    """A queryset whose size is known already, so that the paginator does not count it."""

    def __init__(self, queryset, count: int):
        self.queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        return self.queryset[index]


def assessment_history(*, actor, client):
    """Every assessment of the client, newest first, for paging and ``history_matrix``:
    each carries its ratings as text (``ratings_text``), read in the same query. A client
    from ``client_for_plans(count_assessments=True)`` is not counted again."""
    if not may_plan(actor, client):
        raise Http404("no such client")
    history = client.needs_assessments.annotate(ratings_text=_ratings_text())
    count = getattr(client, "assessment_count", None)
    return history if count is None else _Counted(history, count)


@dataclass
class HistoryMatrix:
    assessments: list  # columns, newest first
    rows: list  # (domain label, [rating or None per column])


def history_matrix(assessments) -> HistoryMatrix:
    """Ratings over time: one row per domain, one column per assessment (from
    ``assessment_history``)."""
    assessments = list(assessments)
    by_assessment = [parse_ratings(a.ratings_text) for a in assessments]
    rows = [(domain.label, [ratings.get(domain.value) for ratings in by_assessment])
            for domain in Domain]
    return HistoryMatrix(assessments=assessments, rows=rows)


def assessment_detail(*, actor, pk: int) -> AssessmentView:
    assessment = with_team_membership(
        NeedsAssessment.objects.filter(pk=pk).select_related("assessed_by", "client"),
        actor, "client_id",
    ).first()
    if assessment is None or not _may_plan_for(actor, assessment.client, assessment):
        raise Http404("no such assessment")
    previous = (
        NeedsAssessment.objects.filter(client_id=assessment.client_id).filter(
            Q(assessed_on__lt=assessment.assessed_on)
            | Q(assessed_on=assessment.assessed_on, pk__lt=assessment.pk)
        ).first()
    )
    # One query for the ratings of both, one for the languages shown (this one's only).
    prefetch_related_objects([a for a in (assessment, previous) if a], _ratings())
    prefetch_related_objects([assessment], "languages")
    ring = KeyRing()
    ring.load([assessment.client.key_id])
    _record_view(actor, assessment.client, assessment)
    return _view(assessment, previous, ring)


# --- Support plans -------------------------------------------------------------------


def _plans_with_goals(qs):
    return qs.select_related("client", "created_by").prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("pk").prefetch_related(
            Prefetch("activities", queryset=_activities())
        ))
    )


def _activities():
    from reintegra.programme.models import Activity

    return Activity.objects.order_by("name_en")


@dataclass
class GoalView:
    goal: Goal
    description: object
    reviews: list = field(default_factory=list)  # (review, note)


@dataclass
class PlanView:
    plan: SupportPlan
    revealed: object
    goals: list[GoalView]
    challenges: list = field(default_factory=list)  # (challenge, note)


def get_plan(*, actor, pk: int) -> SupportPlan:
    """The plan (with its client) for editing; 404 unless the actor may plan for the client."""
    plan = with_team_membership(SupportPlan.objects.select_related("client").filter(pk=pk),
                                actor, "client_id").first()
    if plan is None or not _may_plan_for(actor, plan.client, plan):
        raise Http404("no such plan")
    return plan


def editable_text(value) -> str:
    """Plain text for a form; an erased value ("[erased]") is not put back in a field."""
    return value if isinstance(value, str) else ""


def plan_form_initial(plan: SupportPlan) -> dict:
    """The plan's values for its edit form (``plan`` from ``get_plan``: access checked)."""
    revealed = plan.reveal(KeyRing())
    return {
        "plan_type": plan.plan_type, "start_date": plan.start_date,
        "planned_end_date": plan.planned_end_date, "actual_end_date": plan.actual_end_date,
        "objectives": editable_text(revealed.objectives),
        "action_plan": editable_text(revealed.action_plan),
    }


def goal_form_initial(goal: Goal) -> dict:
    """The goal's values for its edit form (``goal`` from ``get_goal``: access checked)."""
    return {
        "domain": goal.domain, "target_date": goal.target_date,
        "description": editable_text(goal.reveal(KeyRing()).description),
        "activities": [a.pk for a in goal.activities.all()],
    }


def get_goal(*, actor, pk: int) -> Goal:
    goal = with_team_membership(
        Goal.objects.select_related("plan__client").prefetch_related("activities").filter(pk=pk),
        actor, "plan__client_id",
    ).first()
    if goal is None or not _may_plan_for(actor, goal.plan.client, goal):
        raise Http404("no such goal")
    return goal


def plan_detail(*, actor, pk: int) -> PlanView:
    """The plan with its goals, their activities and reviews, and the challenges met.

    A fixed number of queries whatever the number of goals, reviews and challenges."""
    plans = with_team_membership(SupportPlan.objects.filter(pk=pk), actor, "client_id")
    plan = _plans_with_goals(plans).prefetch_related(
        Prefetch("goals__reviews",
                 queryset=GoalReview.objects.select_related("reviewed_by")
                 .order_by("-reviewed_on", "-pk")),
        Prefetch("challenges",
                 queryset=Challenge.objects.select_related("goal", "activity", "recorded_by")
                 .order_by("-noted_on", "-pk")),
    ).first()
    if plan is None or not _may_plan_for(actor, plan.client, plan):
        raise Http404("no such plan")
    ring = KeyRing()
    ring.load([plan.client.key_id])
    goals = [
        GoalView(goal=g, description=g.reveal(ring).description,
                 reviews=[(r, r.reveal(ring).note) for r in g.reviews.all()])
        for g in plan.goals.all()
    ]
    challenges = [(ch, ch.reveal(ring).note) for ch in plan.challenges.all()]
    _record_view(actor, plan.client, plan)
    return PlanView(plan=plan, revealed=plan.reveal(ring), goals=goals, challenges=challenges)


def client_plans(*, actor, client, ring: KeyRing | None = None) -> list[PlanView]:
    """The client's plans, newest first, with goals (descriptions revealed), without
    reviews or chosen activities: two queries."""
    if not may_plan(actor, client):
        raise Http404("no such client")
    plans = list(client.support_plans.prefetch_related(
        Prefetch("goals", queryset=Goal.objects.order_by("pk"))
    ))
    if not plans:
        return []
    ring = ring or KeyRing()
    ring.load([client.key_id])
    return [
        PlanView(plan=p, revealed=None,
                 goals=[GoalView(goal=g, description=g.reveal(ring).description)
                        for g in p.goals.all()])
        for p in plans
    ]


def plan_goals(*, actor, plan: SupportPlan) -> list[GoalView]:
    """The goals of one plan (``plan`` from ``get_plan``), descriptions revealed."""
    if not may_plan(actor, plan.client):
        raise Http404("no such plan")
    return _goal_views(plan.client, plan.goals.order_by("pk"))


def _goal_views(client, goals) -> list[GoalView]:
    goals = list(goals)
    if not goals:
        return []
    ring = KeyRing()
    ring.load([client.key_id])
    return [GoalView(goal=g, description=g.reveal(ring).description) for g in goals]


def _open_goals_of(client):
    """Open goals of the client's open plans, plans newest first (as ``client_plans``
    lists them), each with ``activity_ids`` ("id,id,...": the activities chosen for it),
    in one query."""
    through = Goal.activities.through
    goals = (
        Goal.objects.filter(plan__client=client, plan__actual_end_date__isnull=True,
                            status__in=c.OPEN_GOAL_STATUSES)
        .select_related("plan")
        .annotate(activity_ids=_joined_text(through.objects.filter(goal_id=OuterRef("pk")),
                                            "goal_id", Cast("activity_id", CharField())))
        .order_by("-plan__start_date", "-plan__pk", "pk")
    )
    for goal in goals:
        goal.plan.client = client  # the client is loaded (with its noted team membership)
        yield goal


def open_goals(*, actor, client) -> list[GoalView]:
    """Goals that an activity can still be added to: open goals of open plans."""
    if not may_plan(actor, client):
        raise Http404("no such client")
    return _goal_views(client, _open_goals_of(client))


def legal_goals_for(*, actor, client) -> list[Goal]:
    """For a legal advisor on the team: the plans' legal-status goals, coded, no text."""
    if not sees_legal_goals(actor, client):
        return []
    return list(
        Goal.objects.filter(plan__client=client, domain=Domain.LEGAL_STATUS)
        .select_related("plan").order_by("-plan__start_date", "pk")
    )


# --- For the analytical report -------------------------------------------------------


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


# --- Recommendations -----------------------------------------------------------------


def person_from(assessment: NeedsAssessment | None, client) -> recommend.Person:
    """What the scoring needs to know about the person, from their latest assessment
    (from ``_latest_for_scoring``: ratings and spoken languages read with it).

    Languages: those the person speaks at the assessment; without any, the languages
    recorded at intake (HTCDS prs_PrimaryLanguage / prs_SecondaryLanguage)."""
    intake_languages = frozenset(
        code for code in (client.primary_language, client.secondary_language) if code
    )
    if assessment is None:
        return recommend.Person(speaks=intake_languages, assessed=False)
    spoken = frozenset(_split(assessment.spoken_text))
    wishes = assessment.wishes
    return recommend.Person(
        needs={domain: rating for domain, rating in parse_ratings(assessment.ratings_text)
               .items() if rating},
        speaks=spoken or intake_languages,
        availability=frozenset(c.parse_slot(code) for code in assessment.availability),
        wants_women_only=c.CulturalPreference.WOMEN_ONLY in wishes,
        wants_individual=c.TraumaPreference.INDIVIDUAL in wishes,
        wants_female_trainer=c.CulturalPreference.FEMALE_TRAINER in wishes,
        needs_childcare=assessment.needs_childcare,
    )


def activity_option(activity) -> recommend.Option:
    return recommend.Option(
        domains=frozenset(activity.domains), languages=frozenset(activity.language_codes),
        group=activity.group, women_only=activity.women_only,
    )


def offering_slots(offering) -> frozenset:
    """(weekday, part of day) pairs an offering meets in; empty when days or times are
    not set. Offering weekdays are ISO numbers (Monday = "1")."""
    if not offering.weekdays or not offering.start_time or not offering.end_time:
        return frozenset()
    start = offering.start_time.hour * 60 + offering.start_time.minute
    end = offering.end_time.hour * 60 + offering.end_time.minute
    parts = [part for part, (h0, h1) in c.DAY_PART_HOURS.items()
             if start < h1 * 60 and end > h0 * 60]
    days = [c.WEEKDAY_BY_NUMBER[int(d) - 1] for d in offering.weekdays if d.isdigit()]
    return frozenset((day.value, part.value) for day in days for part in parts)


def offering_option(offering) -> recommend.Option:
    activity = offering.activity
    return recommend.Option(
        domains=frozenset(activity.domains),
        languages=frozenset([offering.language]) if offering.language
        else frozenset(activity.language_codes),
        group=activity.group, women_only=offering.women_only or activity.women_only,
        slots=offering_slots(offering), free_places=getattr(offering, "free_places", None),
    )


@dataclass
class OfferingChoice:
    offering: object
    scored: recommend.Scored
    enrolment_status: str = ""  # the client's enrolment in it, if any

    @property
    def reasons(self):
        return [r for r in self.scored.reasons if r.code in recommend.OFFERING_CODES]


@dataclass
class ActivityChoice:
    activity: object
    scored: recommend.Scored
    rank_score: int
    offerings: list[OfferingChoice] = field(default_factory=list)
    goal_ids: set = field(default_factory=set)  # goals it is chosen for already


@dataclass
class Recommendations:
    client: Client
    assessment: NeedsAssessment | None
    person: recommend.Person
    choices: list[ActivityChoice]
    goals: list[GoalView]  # open goals of open plans, for "Add to plan"
    may_enrol: bool = False  # show "Enrol": the programme's rule, and the case is open


def _latest_for_scoring(client):
    """The latest assessment with its ratings (``ratings_text``) and the languages spoken
    (``spoken_text``), in one query."""
    spoken = _joined_text(
        LanguageSkill.objects.filter(assessment_id=OuterRef("pk"), speaks=True),
        "assessment_id", "language",
    )
    return client.needs_assessments.annotate(ratings_text=_ratings_text(),
                                             spoken_text=spoken).first()


def recommendations(*, actor, client_pk: int) -> Recommendations:
    """Catalogue activities and their upcoming offerings ranked for the client, with
    reasons. Five queries whatever the size of the catalogue: the client (with team
    membership), the latest assessment (with ratings and languages), the activities, the
    offerings (with the client's enrolment in each) and the open goals (with the
    activities chosen for them)."""
    from reintegra.programme import selectors as programme
    from reintegra.programme.models import Activity, Enrolment, EnrolmentStatus

    client = client_for_plans(actor=actor, pk=client_pk)
    assessment = _latest_for_scoring(client)
    person = person_from(assessment, client)
    activities = list(Activity.objects.filter(organisation_id=client.organisation_id,
                                              active=True))
    enrolment = (  # at most one per client and offering (unique_enrolment)
        Enrolment.objects.filter(client_id=client.pk, offering_id=OuterRef("pk"))
        .exclude(status=EnrolmentStatus.WITHDRAWN).values("status")[:1]
    )
    offerings = programme.available_offerings(actor=actor, organisation=client.organisation)
    offerings = offerings.annotate(client_enrolment=Subquery(enrolment))
    by_activity: dict[int, list] = {}
    for offering in offerings:
        by_activity.setdefault(offering.activity_id, []).append(offering)
    goals = _goal_views(client, _open_goals_of(client))
    chosen: dict[int, set] = {}
    for g in goals:
        for activity_id in _split(g.goal.activity_ids):
            chosen.setdefault(int(activity_id), set()).add(g.goal.pk)
    choices = []
    for activity in activities:
        runs = [
            OfferingChoice(o, recommend.score(person, offering_option(o)),
                           o.client_enrolment or "")
            for o in by_activity.get(activity.pk, [])
        ]
        runs.sort(key=lambda r: (-r.scored.score, r.offering.start_date, r.offering.pk))
        scored = recommend.score(person, activity_option(activity))
        best = max([r.scored.score for r in runs], default=scored.score)
        choices.append(ActivityChoice(activity, scored, best, runs,
                                      chosen.get(activity.pk, set())))
    choices.sort(key=lambda ch: (
        -ch.rank_score,
        not recommend.language_fits(person, activity_option(ch.activity)),
        ch.activity.name_en.lower(), ch.activity.pk,
    ))
    _record_view(actor, client)
    return Recommendations(client=client, assessment=assessment, person=person,
                           choices=choices, goals=goals,
                           may_enrol=client.is_open and may_offer_enrolment(actor, client))


def activity_for(*, client, pk: int):
    """An activity of the client's organisation's catalogue, or 404."""
    from reintegra.programme.models import Activity

    found = Activity.objects.filter(pk=pk, organisation_id=client.organisation_id).first()
    if found is None:
        raise Http404("no such activity")
    return found


def offering_for(*, actor, client, pk: int):
    """An offering open for enrolment in the client's organisation, or 404."""
    from reintegra.programme import selectors as programme

    found = programme.available_offerings(actor=actor, organisation=client.organisation)
    found = found.filter(pk=pk).first()
    if found is None:
        raise Http404("no such offering")
    return found


def scored_for_offering(*, clients, offering) -> dict[int, recommend.Scored]:
    """client id -> how well ``offering`` fits each client (the recommendation's score and
    reasons), from each client's latest assessment. One query for all the clients (their
    assessments with ratings and languages); the caller checks access."""
    spoken = _joined_text(
        LanguageSkill.objects.filter(assessment_id=OuterRef("pk"), speaks=True),
        "assessment_id", "language",
    )
    latest = {}
    for assessment in (NeedsAssessment.objects.filter(client__in=[cl.pk for cl in clients])
                       .annotate(ratings_text=_ratings_text(), spoken_text=spoken)
                       .order_by("client_id", "-assessed_on", "-pk")):
        latest.setdefault(assessment.client_id, assessment)
    option = offering_option(offering)
    return {cl.pk: recommend.score(person_from(latest.get(cl.pk), cl), option)
            for cl in clients}
