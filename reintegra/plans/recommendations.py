"""Reads for the recommendations page: the person as the scorer sees them, and the
activities and offerings to choose from. The scoring itself is plans/recommend.py (pure);
page reads of assessments and plans are in selectors.py."""

from dataclasses import dataclass, field

from django.db.models import (
    OuterRef,
    Subquery,
)
from django.http import Http404

from reintegra.clients.models import Client

from . import choices as c
from . import recommend
from .access import (
    may_offer_enrolment,
)
from .models import (
    LanguageSkill,
    NeedsAssessment,
)
from .selectors import (  # page-read helpers: recommendations build on them
    GoalView,
    _goal_views,
    _joined_text,
    _open_goals_of,
    _ratings_text,
    _record_view,
    _split,
    client_for_plans,
    parse_ratings,
)


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
