"""Writes to needs assessments and support plans: acting user first, atomic, audited in the
same transaction. Free text is sealed with the client's data key before it is saved."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.programme.models import Activity, Domain
from reintegra.vault.keyring import KeyRing

from . import choices as c
from .access import may_plan
from .models import (
    Challenge,
    DomainRating,
    Goal,
    GoalReview,
    LanguageSkill,
    NeedsAssessment,
    SupportPlan,
)


@dataclass
class Rating:
    rating: int | None = None
    note: str = ""


@dataclass
class Language:
    language: str
    speaks: bool = False
    reads: bool = False
    writes: bool = False


@dataclass
class AssessmentData:
    assessed_on: date
    ratings: dict[str, Rating] = field(default_factory=dict)  # domain -> rating
    languages: list[Language] = field(default_factory=list)
    availability: list[str] = field(default_factory=list)
    needs_childcare: bool = False
    interests: list[str] = field(default_factory=list)
    cultural_preferences: list[str] = field(default_factory=list)
    trauma_preferences: list[str] = field(default_factory=list)
    summary: str = ""
    considerations: str = ""


def _require(actor, client):
    if not may_plan(actor, client):
        raise PermissionDenied


def _check_assessment(data: AssessmentData) -> None:
    """The last line of defence; forms give the friendly messages first."""
    domains = set(Domain.values)
    for domain, value in data.ratings.items():
        if domain not in domains:
            raise ValidationError(f"unknown domain {domain}")
        if value.rating is not None and not c.NEED_MIN <= value.rating <= c.NEED_MAX:
            raise ValidationError({"rating": _("Choose a need from 1 to 5.")})
    codes = [lang.language for lang in data.languages]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("Each language may be listed once."))


@transaction.atomic
def record_assessment(*, actor, client, data: AssessmentData) -> NeedsAssessment:
    """A new dated assessment: reassessing adds a record, the earlier ones stay."""
    _require(actor, client)
    _check_assessment(data)
    ring = KeyRing()
    assessment = NeedsAssessment(
        client=client, assessed_on=data.assessed_on, assessed_by=actor,
        availability=data.availability, needs_childcare=data.needs_childcare,
        interests=data.interests, cultural_preferences=data.cultural_preferences,
        trauma_preferences=data.trauma_preferences,
    )
    assessment.seal(ring, summary=data.summary, considerations=data.considerations)
    assessment.save()
    rows = []
    for domain in Domain.values:
        value = data.ratings.get(domain)
        if value is None or (value.rating is None and not value.note):
            continue
        row = DomainRating(assessment=assessment, domain=domain, rating=value.rating)
        row.seal(ring, note=value.note)
        rows.append(row)
    DomainRating.objects.bulk_create(rows)
    LanguageSkill.objects.bulk_create(
        LanguageSkill(assessment=assessment, language=lang.language, speaks=lang.speaks,
                      reads=lang.reads, writes=lang.writes)
        for lang in data.languages
    )
    record(actor=actor, action=Action.CREATE, obj=assessment)
    return assessment


def check_plan_dates(start_date, planned_end_date, actual_end_date):
    errors = {}
    if planned_end_date and planned_end_date < start_date:
        errors["planned_end_date"] = _("The planned end date must be on or after the start date.")
    if actual_end_date and actual_end_date < start_date:
        errors["actual_end_date"] = _("The actual end date must be on or after the start date.")
    if errors:
        raise ValidationError(errors)


PLAN_FIELDS = ("plan_type", "start_date", "planned_end_date", "actual_end_date")


@transaction.atomic
def create_plan(*, actor, client, plan_type: str, start_date: date,
                planned_end_date: date | None = None, actual_end_date: date | None = None,
                objectives: str = "", action_plan: str = "") -> SupportPlan:
    _require(actor, client)
    check_plan_dates(start_date, planned_end_date, actual_end_date)
    plan = SupportPlan(client=client, plan_type=plan_type, start_date=start_date,
                       planned_end_date=planned_end_date, actual_end_date=actual_end_date,
                       created_by=actor)
    plan.seal(KeyRing(), objectives=objectives, action_plan=action_plan)
    plan.save()
    record(actor=actor, action=Action.CREATE, obj=plan)
    return plan


@transaction.atomic
def update_plan(*, actor, plan: SupportPlan, plan_type: str, start_date: date,
                planned_end_date: date | None = None, actual_end_date: date | None = None,
                objectives: str = "", action_plan: str = "") -> SupportPlan:
    _require(actor, plan.client)
    check_plan_dates(start_date, planned_end_date, actual_end_date)
    plan.plan_type, plan.start_date = plan_type, start_date
    plan.planned_end_date, plan.actual_end_date = planned_end_date, actual_end_date
    plan.seal(KeyRing(), objectives=objectives, action_plan=action_plan)
    plan.save()
    record(actor=actor, action=Action.UPDATE, obj=plan)
    return plan


def _check_activities(plan: SupportPlan, activities) -> list[Activity]:
    activities = list(activities or [])
    if any(a.organisation_id != plan.client.organisation_id for a in activities):
        raise PermissionDenied  # another organisation's catalogue
    return activities


@transaction.atomic
def add_goal(*, actor, plan: SupportPlan, domain: str, description: str,
             target_date: date | None = None, activities=()) -> Goal:
    _require(actor, plan.client)
    activities = _check_activities(plan, activities)
    goal = Goal(plan=plan, domain=domain, target_date=target_date)
    goal.seal(KeyRing(), description=description)
    goal.save()
    goal.activities.set(activities)
    record(actor=actor, action=Action.CREATE, obj=goal, client_id=plan.client_id)
    return goal


@transaction.atomic
def update_goal(*, actor, goal: Goal, domain: str, description: str,
                target_date: date | None = None, activities=()) -> Goal:
    _require(actor, goal.plan.client)
    activities = _check_activities(goal.plan, activities)
    goal.domain, goal.target_date = domain, target_date
    goal.seal(KeyRing(), description=description)
    goal.save()
    goal.activities.set(activities)
    record(actor=actor, action=Action.UPDATE, obj=goal, client_id=goal.plan.client_id)
    return goal


@transaction.atomic
def add_activity_to_goal(*, actor, goal: Goal, activity: Activity) -> bool:
    """A person chose this activity for the goal. Returns False if it was there already."""
    _require(actor, goal.plan.client)
    _check_activities(goal.plan, [activity])
    if goal.activities.filter(pk=activity.pk).exists():
        return False
    goal.activities.add(activity)
    record(actor=actor, action=Action.UPDATE, obj=goal, client_id=goal.plan.client_id)
    return True


@transaction.atomic
def review_goal(*, actor, goal: Goal, reviewed_on: date, status: str,
                note: str = "") -> GoalReview:
    """A dated review; the goal takes the status of its most recent review."""
    _require(actor, goal.plan.client)
    if status not in c.GoalStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    review = GoalReview(goal=goal, reviewed_on=reviewed_on, status=status, reviewed_by=actor)
    review.seal(KeyRing(), note=note)
    review.save()
    latest = goal.reviews.order_by("-reviewed_on", "-pk").values_list("status", flat=True)[0]
    if goal.status != latest:
        goal.status = latest
        goal.save(update_fields=["status"])
    record(actor=actor, action=Action.CREATE, obj=review, client_id=goal.plan.client_id)
    return review


@transaction.atomic
def record_challenge(*, actor, plan: SupportPlan, code: str, noted_on: date,
                     goal: Goal | None = None, activity: Activity | None = None,
                     led_to_dropout: bool = False, note: str = "") -> Challenge:
    _require(actor, plan.client)
    if code not in c.ChallengeCode.values:
        raise ValidationError({"code": _("Choose the kind of challenge.")})
    if goal is not None and goal.plan_id != plan.pk:
        raise PermissionDenied
    if activity is not None:
        _check_activities(plan, [activity])
    challenge = Challenge(plan=plan, code=code, noted_on=noted_on, goal=goal, activity=activity,
                          led_to_dropout=led_to_dropout, recorded_by=actor)
    challenge.seal(KeyRing(), note=note)
    challenge.save()
    record(actor=actor, action=Action.CREATE, obj=challenge, client_id=plan.client_id)
    return challenge
