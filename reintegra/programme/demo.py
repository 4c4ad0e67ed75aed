"""The programme's part of the demo (called by ``manage.py seed_demo``; see
reintegra/demo/context.py).

``seed``: venues, the catalogue of docs/domain.md section 1, one term of offerings around the
demo's "today", enrolments through the services (so they are checked and audited), and
attendance marked by the trainers for the sessions before "today".

``seed_scale``: for the performance budgets (docs/design.md: 2,000,000 attendance rows at
100,000 clients): groups of ten clients, in intake order, each take one twenty-session
course; offerings, sessions, enrolments and attendance are bulk-inserted in batches,
with one audit event per batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from reintegra.accounts.models import Role
from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.clients.choices import OPEN_STATUSES
from reintegra.demo.bulk import copy_rows, insert_models

from . import services, summary
from .models import (
    ATTENDED,
    Activity,
    ActivityKind,
    Attendance,
    AttendanceStatus,
    Enrolment,
    EnrolmentStatus,
    Level,
    Offering,
    Session,
    Venue,
    WithdrawalReason,
)

VENUES = ("Sala 1", "Sala 2", "Sala komputerowa", "Pokój konsultacji")


@dataclass(frozen=True)
class Entry:
    """One catalogue entry; ``leader`` is (role, index) of the demo staff who runs it."""

    name_pl: str
    name_en: str
    kind: str
    domains: tuple[str, ...]
    languages: str
    capacity: int | None
    hours: int | None
    leader: tuple[str, int] | None
    group: bool = True
    women_only: bool = False
    level: str = Level.ANY


CATALOGUE = (
    Entry("Warsztaty praw człowieka", "Human rights workshops", ActivityKind.WORKSHOP,
          ("rights", "legal_status"), "pol,eng", 12, 12, (Role.TRAINER, 2)),
    Entry("Język polski A1", "Polish A1", ActivityKind.COURSE,
          ("language", "education", "social_network"), "pol", 10, 48, (Role.TRAINER, 0),
          level=Level.BEGINNER),
    Entry("Język polski A2", "Polish A2", ActivityKind.COURSE,
          ("language", "education", "work"), "pol", 10, 48, (Role.TRAINER, 0),
          level=Level.INTERMEDIATE),
    Entry("Język angielski dla początkujących", "English for beginners", ActivityKind.COURSE,
          ("language", "work"), "eng,pol", 10, 36, (Role.TRAINER, 1), level=Level.BEGINNER),
    Entry("Planowanie budżetu domowego", "Budget planning", ActivityKind.WORKSHOP,
          ("money",), "pol,ukr", 12, 8, (Role.TRAINER, 2)),
    Entry("ABC asertywności", "ABC of assertiveness", ActivityKind.WORKSHOP,
          ("social_network", "health", "safety"), "pol", 12, 12, (Role.TRAINER, 2)),
    Entry("Samoobrona dla kobiet", "Self-defence for women", ActivityKind.WORKSHOP,
          ("safety", "health"), "pol", 10, 12, (Role.TRAINER, 1), women_only=True),
    Entry("Pierwsza pomoc", "First aid", ActivityKind.WORKSHOP, ("health", "safety"),
          "pol,eng", 12, 8, (Role.TRAINER, 0)),
    Entry("Obsługa komputera i internetu", "Computer literacy", ActivityKind.COURSE,
          ("education", "work"), "pol,ukr,rus", 8, 24, (Role.TRAINER, 1)),
    Entry("Relaksacja i radzenie sobie ze stresem", "Relaxation and stress management",
          ActivityKind.WORKSHOP, ("health",), "pol", 12, 12, (Role.PSYCHOLOGIST, 0)),
    Entry("Konsultacja psychologiczna", "Psychological counselling", ActivityKind.INDIVIDUAL,
          ("health", "safety"), "pol,eng,rus", 1, None, (Role.PSYCHOLOGIST, 0), group=False),
    Entry("Poradnictwo prawne", "Legal counselling", ActivityKind.INDIVIDUAL,
          ("legal_status", "rights"), "pol,eng", 1, None, (Role.LEGAL_ADVISOR, 0),
          group=False),
    Entry("Doradztwo zawodowe", "Career counselling", ActivityKind.INDIVIDUAL,
          ("work", "education"), "pol,eng,ukr", 1, None, (Role.CASE_WORKER, 0), group=False),
    Entry("Kurs pomocy kuchennej (zewnętrzny)", "Kitchen assistant course (outside)",
          ActivityKind.OUTSIDE, ("work", "education"), "pol", None, 120, None),
    Entry("Kurs obsługi kasy fiskalnej (zewnętrzny)", "Cash register course (outside)",
          ActivityKind.OUTSIDE, ("work",), "pol", None, 16, None),
)

# (catalogue index, venue index or None, weekdays, start, end, first week, weeks):
# week numbers count from the term's first Monday.
TERM = (
    (1, 0, ("2", "4"), (17, 0), (18, 30), 0, 16),
    (2, 0, ("1", "3"), (17, 0), (18, 30), 0, 16),
    (3, 1, ("2", "4"), (17, 0), (18, 30), 0, 14),
    (8, 2, ("3",), (10, 0), (12, 0), 0, 12),
    (0, 1, ("5",), (10, 0), (12, 0), 0, 6),
    (4, 1, ("1",), (10, 0), (12, 0), 6, 4),
    (5, 1, ("5",), (10, 0), (12, 0), 7, 6),
    (6, 0, ("6",), (10, 0), (12, 0), 2, 8),
    (7, 1, ("6",), (9, 0), (13, 0), 3, 2),
    (9, 0, ("4",), (10, 0), (11, 30), 4, 8),
    (10, 3, ("2",), (12, 0), (13, 0), 0, 16),
    (11, 3, ("3",), (14, 0), (15, 0), 2, 6),
    (12, 3, ("1",), (13, 0), (14, 0), 4, 6),
    (13, None, ("1", "3", "5"), (14, 0), (16, 30), 9, 4),
)
WEEKS_BEFORE_TODAY = 8


def _leader(context, leader):
    if leader is None:
        return None
    role, index = leader
    people = context.staff[role]
    return people[index % len(people)] if people else None


def _catalogue(context, coordinator) -> list[Activity]:
    activities = []
    for entry in CATALOGUE:
        activities.append(services.save_activity(actor=coordinator, fields={
            "name_pl": entry.name_pl, "name_en": entry.name_en, "kind": entry.kind,
            "domains": list(entry.domains), "group": entry.group,
            "languages": entry.languages, "women_only": entry.women_only,
            "level": entry.level, "capacity": entry.capacity,
            "duration_hours": entry.hours, "trainer": _leader(context, entry.leader),
            "active": True,
        }))
    return activities


def _term(context, coordinator, activities, venues) -> list[Offering]:
    monday = context.today - dt.timedelta(days=context.today.weekday())
    term_start = monday - dt.timedelta(weeks=WEEKS_BEFORE_TODAY)
    offerings = []
    for index, venue, days, t0, t1, first_week, weeks in TERM:
        activity = activities[index]
        start = term_start + dt.timedelta(weeks=first_week)
        try:
            offerings.append(_plan(coordinator, activity, venue, venues, start, days, t0, t1,
                                   weeks))
        except services.ScheduleConflict:
            continue  # too few staff in this demo for the whole timetable: leave it out
    return offerings


def _plan(coordinator, activity, venue, venues, start, days, t0, t1, weeks):
    return services.create_offering(actor=coordinator, fields={
        "activity": activity, "label": "",
        "trainer": activity.trainer, "venue": venues[venue] if venue is not None else None,
        "start_date": start, "end_date": start + dt.timedelta(weeks=weeks, days=-1),
        "weekdays": list(days), "start_time": dt.time(*t0), "end_time": dt.time(*t1),
        "skip_public_holidays": True, "language": activity.language_codes[0],
    })


def _wishes(rng, client, offerings) -> list[Offering]:
    """A plausible set for one client: a language course, a few workshops, maybe more."""
    by_name = {o.activity.name_en: o for o in offerings}
    polish = client.primary_language == "pol"
    wishes = ["English for beginners" if polish else rng.choice(["Polish A1", "Polish A2"])]
    wishes += rng.sample([
        "Human rights workshops", "Budget planning", "ABC of assertiveness", "First aid",
        "Relaxation and stress management", "Computer literacy"], k=rng.randint(1, 3))
    if client.gender in services.FEMININE and rng.random() < 0.5:
        wishes.append("Self-defence for women")
    if rng.random() < 0.25:
        wishes.append("Kitchen assistant course (outside)")
    return [by_name[name] for name in wishes if name in by_name]


def _enrol(context, rng, offerings) -> list[Enrolment]:
    enrolments = []
    individual = [o for o in offerings if not o.activity.group]
    clients = [c for c in context.clients if c.status in OPEN_STATUSES]
    for client in clients:
        wishes = _wishes(rng, client, offerings)
        if individual and rng.random() < 0.2:
            wishes.append(rng.choice(individual))
        for offering in wishes:
            # Decided a week before the start, or at intake if the client came later.
            decided = max(client.intake_date, offering.start_date - dt.timedelta(days=7))
            if decided > min(offering.end_date, context.today):
                continue
            try:
                enrolments.append(services.enrol_client(
                    actor=client.case_owner, client=client, offering=offering,
                    acknowledge_warnings=True, join_waiting_list=True, today=decided,
                ))
            except services.ProgrammeError:
                continue  # a clash with the client's other sessions, or already full
    return enrolments


MARKS = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED,
         AttendanceStatus.ABSENT)


def _mark(rng, context, offerings, coordinator) -> int:
    """Registers of the sessions before "today", each client with their own habit."""
    habit: dict[int, float] = {}
    marked = 0
    for offering in offerings:
        for session in offering.sessions.filter(date__lt=context.today, cancelled=False):
            # Who was enrolled by the session's day (a late joiner from her first one).
            roster = list(services.roster_enrolments(session).filter(
                status=EnrolmentStatus.ENROLLED).values_list("client_id", flat=True))
            if not roster:
                continue
            marks = {}
            for client_id in roster:
                p = habit.setdefault(client_id, rng.uniform(0.55, 0.98))
                roll = rng.random()
                marks[client_id] = (MARKS[0] if roll < p * 0.9 else MARKS[1] if roll < p
                                    else rng.choice(MARKS[2:]))
            taker = session.trainer or coordinator
            marked += services.mark_attendance(actor=taker, session=session, marks=marks)
    return marked


def seed(context) -> None:
    rng = context.rng
    coordinator = context.first(Role.COORDINATOR)
    venues = [services.save_venue(actor=coordinator, name=name) for name in VENUES]
    activities = _catalogue(context, coordinator)
    offerings = _term(context, coordinator, activities, venues)
    enrolments = _enrol(context, rng, offerings)
    marked = _mark(rng, context, offerings, coordinator)
    # A few withdrawals with coded reasons (a waiting client moves up when a place frees).
    active = [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED]
    for enrolment in rng.sample(active, k=min(3, len(active))):
        services.withdraw_client(
            actor=enrolment.client.case_owner, enrolment=enrolment,
            reason=rng.choice([WithdrawalReason.WORK, WithdrawalReason.SCHEDULE,
                               WithdrawalReason.HEALTH]),
        )
    for offering in offerings:
        if offering.end_date < context.today:
            services.record_completions(actor=coordinator, offering=offering)
    context.extra["programme"] = {
        "activities": len(activities), "offerings": len(offerings),
        "enrolments": len(enrolments), "attendance": marked,
    }


# --- Scale ----------------------------------------------------------------------------

GROUP_SIZE = 10  # clients per course
SESSIONS_PER_COURSE = 20  # so that 100,000 clients give 2,000,000 attendance rows
OFFERINGS_PER_BATCH = 500
SCALE_ACTIVITIES = (1, 2, 3, 8, 0, 5)  # catalogue indexes used for the scale courses


def _course_days(start: dt.date) -> list[dt.date]:
    """Twice a week (Tuesday and Thursday) from the Monday on or before ``start``."""
    monday = start - dt.timedelta(days=start.weekday())
    return [monday + dt.timedelta(weeks=i // 2, days=1 + 2 * (i % 2))
            for i in range(SESSIONS_PER_COURSE)]


def seed_scale(context) -> None:
    rng = context.rng
    organisation = context.organisation
    trainers = context.staff[Role.TRAINER] or [context.first(Role.COORDINATOR)]
    with transaction.atomic():
        venues = Venue.objects.bulk_create(
            Venue(organisation=organisation, name=name) for name in VENUES
        )
        activities = Activity.objects.bulk_create(
            Activity(organisation=organisation, name_pl=e.name_pl, name_en=e.name_en,
                     kind=e.kind, domains=list(e.domains), group=e.group,
                     languages=e.languages, women_only=e.women_only, level=e.level,
                     capacity=e.capacity, duration_hours=e.hours)
            for e in CATALOGUE
        )
        record(actor=None, action=Action.CREATE, object_type="programme.activity",
               object_id=f"bulk:{len(activities)}", organisation_id=organisation.pk)
    clients = context.clients
    groups = [clients[i:i + GROUP_SIZE] for i in range(0, len(clients), GROUP_SIZE)]
    total = 0
    for batch_no, first in enumerate(range(0, len(groups), OFFERINGS_PER_BATCH)):
        batch = groups[first:first + OFFERINGS_PER_BATCH]
        total += _scale_batch(rng, context, batch, activities, venues, trainers, batch_no)
    context.extra["programme"] = {"offerings": len(groups), "attendance": total}


@transaction.atomic
def _scale_batch(rng, context, groups, activities, venues, trainers, batch_no) -> int:
    """One batch of courses with their sessions, enrolments and registers. The running
    totals (``summary``) are counted here from the marks as they are made and inserted
    with their rows: recounting two million marks afterwards took longer than making them."""
    organisation, today = context.organisation, context.today
    plans = []
    for group in groups:
        start = max(c.intake_date for c in group) + dt.timedelta(days=rng.randint(7, 28))
        days = _course_days(start)
        activity = activities[rng.choice(SCALE_ACTIVITIES)]
        offering = Offering(
            organisation=organisation, activity=activity, trainer=rng.choice(trainers),
            venue=rng.choice(venues[:3]), start_date=days[0], end_date=days[-1],
            capacity=GROUP_SIZE, language=activity.language_codes[0],
            weekdays=["2", "4"], start_time=dt.time(17), end_time=dt.time(18, 30),
        )
        sessions = [Session(offering=offering, date=day, start_time=offering.start_time,
                            end_time=offering.end_time, venue=offering.venue,
                            trainer=offering.trainer) for day in days]
        plans.append((offering, group, sessions))
    now = timezone.now()
    enrolments, marks = [], []
    for offering, group, sessions in plans:
        # Enrolled a week before the first session: attendance counts from then on.
        enrolled_at = timezone.make_aware(
            dt.datetime.combine(offering.start_date - dt.timedelta(days=7), dt.time(0)))
        for client in group:
            habit = rng.uniform(0.5, 0.98)
            attended = 0
            for session in sessions[:SESSIONS_PER_COURSE]:
                if session.date >= today:
                    break
                roll = rng.random()
                status = MARKS[0] if roll < habit * 0.9 else MARKS[1] if roll < habit \
                    else MARKS[2 + (roll > (1 + habit) / 2)]
                present = status in ATTENDED
                attended += present
                session.marks += 1
                session.attended += present
                marks.append((session, client.pk, status, offering.trainer.pk))
            done = offering.end_date < today and attended >= 0.8 * SESSIONS_PER_COURSE
            enrolments.append(Enrolment(
                client_id=client.pk, offering=offering, enrolled_at=enrolled_at,
                status=EnrolmentStatus.COMPLETED if done else EnrolmentStatus.ENROLLED,
                completed_at=now if done else None,
            ))
        offering.attended_hours = summary.hours_attended(sessions)
    insert_models([offering for offering, _g, _s in plans])
    insert_models([s for _o, _g, sessions in plans for s in sessions])
    insert_models(enrolments)
    rows = [(session.pk, client_id, status, trainer_id, now)
            for session, client_id, status, trainer_id in marks]
    copy_rows(Attendance, ("session_id", "client_id", "status", "marked_by_id", "marked_at"),
              rows)
    record(actor=None, action=Action.CREATE, object_type="programme.attendance",
           object_id=f"bulk:{batch_no}:{len(rows)}", organisation_id=organisation.pk)
    return len(rows)
