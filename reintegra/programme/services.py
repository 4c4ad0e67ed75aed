"""Writes to the programme: acting user first, atomic, audited in the same transaction.

Errors a person can fix are ``ProgrammeError`` (a ``ValidationError``: forms show its
messages next to the field named by ``field``); nothing is saved when one is raised.
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.clients.access import is_staff_member
from reintegra.core.dates import show_date
from reintegra.vault.keyring import KeyRing

from . import summary
from .access import may_enrol, may_manage_programme, may_take_register
from .holidays import is_public_holiday
from .models import (
    Activity,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Enrolment,
    EnrolmentStatus,
    Offering,
    OfferingStatus,
    Session,
    Venue,
    WithdrawalReason,
)
from .queries import (  # re-exported: used by callers too
    FEMININE,  # noqa: F401 - programme.demo reads services.FEMININE
    enrolment_warnings,
    feed_token_hash,
    roster_enrolments,
)

# --- Errors ------------------------------------------------------------------------------


class ProgrammeError(ValidationError):
    """A refusal with a message for the person at the screen; nothing was saved.

    ``field`` names the form field the message belongs next to (None: the whole form).
    """

    def __init__(self, message, *, code=None, field=None, params=None):
        super().__init__(message, code=code, params=params)
        self.field = field


class OfferingFull(ProgrammeError):
    """No place left; the caller may ask again with ``join_waiting_list=True``."""


class ScheduleConflict(ProgrammeError):
    """Sessions overlap for a client, a trainer or a room. ``messages`` lists each one."""

    def __init__(self, messages: list[str], *, field=None):
        ValidationError.__init__(self, messages)
        self.field = field


class NeedsAcknowledgement(ProgrammeError):
    """Warnings the person deciding must see and accept (``acknowledge_warnings=True``)."""

    def __init__(self, warnings: list[str]):
        ValidationError.__init__(self, warnings, code="needs_acknowledgement")
        self.field = None
        self.warnings = warnings


# --- Catalogue -----------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "name_pl", "name_en", "kind", "domains", "group", "languages", "women_only", "level",
    "capacity", "duration_hours", "trainer", "active",
)


def _require_manager(actor, organisation_id=None):
    if not may_manage_programme(actor):
        raise PermissionDenied
    if organisation_id is not None and organisation_id != actor.organisation_id:
        raise PermissionDenied


def _check_trainer(actor, trainer, field="trainer"):
    if trainer is not None and trainer.organisation_id != actor.organisation_id:
        raise ProgrammeError(_("Choose a trainer from your organisation."), field=field)


@transaction.atomic
def save_activity(*, actor, activity: Activity | None = None, fields: dict) -> Activity:
    """Create (``activity=None``) or update a catalogue entry."""
    _require_manager(actor, activity.organisation_id if activity else None)
    _check_trainer(actor, fields.get("trainer"))
    creating = activity is None
    activity = activity or Activity(organisation=actor.organisation)
    for name in ACTIVITY_FIELDS:
        if name in fields:
            setattr(activity, name, fields[name])
    activity.save()
    record(actor=actor, action=Action.CREATE if creating else Action.UPDATE, obj=activity)
    return activity


@transaction.atomic
def save_venue(*, actor, venue: Venue | None = None, name: str, active: bool = True) -> Venue:
    _require_manager(actor, venue.organisation_id if venue else None)
    name = name.strip()
    clash = Venue.objects.filter(organisation=actor.organisation, name__iexact=name)
    if venue is not None:
        clash = clash.exclude(pk=venue.pk)
    if clash.exists():
        raise ProgrammeError(_("There is already a venue with this name."), field="name")
    creating = venue is None
    venue = venue or Venue(organisation=actor.organisation)
    venue.name, venue.active = name, active
    venue.save()
    record(actor=actor, action=Action.CREATE if creating else Action.UPDATE, obj=venue)
    return venue


# --- Schedules -----------------------------------------------------------------------------

OFFERING_FIELDS = (
    "activity", "label", "trainer", "venue", "start_date", "end_date", "capacity", "language",
    "women_only", "weekdays", "start_time", "end_time", "skip_public_holidays", "status",
)
PATTERN_FIELDS = (
    "trainer", "venue", "start_date", "end_date", "weekdays", "start_time", "end_time",
    "skip_public_holidays",
)


def _validate_pattern(fields: dict) -> None:
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ProgrammeError(
            _("The last day must be on or after the first day."), field="end_date"
        )
    t0, t1 = fields.get("start_time"), fields.get("end_time")
    if fields.get("weekdays") and not (t0 and t1):
        raise ProgrammeError(
            _("Enter the start and end time of the sessions."),
            field="start_time" if not t0 else "end_time",
        )
    if t0 and t1 and t1 <= t0:
        raise ProgrammeError(_("The end time must be after the start time."), field="end_time")


def planned_dates(offering: Offering) -> list[dt.date]:
    """The days of the weekday pattern between the first and last day, holidays skipped."""
    if not offering.weekdays:
        return []
    wanted = {int(d) for d in offering.weekdays}
    days, day = [], offering.start_date
    while day <= offering.end_date:
        if day.isoweekday() in wanted and not (
            offering.skip_public_holidays and is_public_holiday(day)
        ):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _session_from_pattern(offering: Offering, day: dt.date) -> Session:
    return Session(
        offering=offering, date=day, start_time=offering.start_time,
        end_time=offering.end_time, venue=offering.venue, trainer=offering.trainer,
    )


def _overlaps(a: Session, b: Session) -> bool:
    return a.date == b.date and a.start_time < b.end_time and b.start_time < a.end_time


def _when(session: Session) -> str:
    return f"{show_date(session.date)} {session.start_time:%H:%M}-{session.end_time:%H:%M}"


def schedule_conflicts(sessions: list[Session], *, offering: Offering,
                       ignore_pks=()) -> list[str]:
    """Overlaps of ``sessions`` (not yet saved, or being changed) with other sessions of
    the same trainer, in the same room, or of a client enrolled in ``offering``."""
    sessions = [s for s in sessions if not s.cancelled]
    if not sessions:
        return []
    dates = {s.date for s in sessions}
    trainers = {s.trainer_id for s in sessions if s.trainer_id}
    venues = {s.venue_id for s in sessions if s.venue_id}
    others = Session.objects.filter(
        date__in=dates, cancelled=False, offering__status__in=_LIVE_OFFERINGS
    ).exclude(pk__in=[*ignore_pks, *[s.pk for s in sessions if s.pk]])
    problems = []
    booked = list(
        others.filter(Q(trainer_id__in=trainers) | Q(venue_id__in=venues))
        .select_related("offering__activity", "venue", "trainer")
    )
    for new in sessions:
        for old in booked:
            if not _overlaps(new, old):
                continue
            if new.trainer_id and new.trainer_id == old.trainer_id:
                problems.append(_(
                    "%(trainer)s already teaches %(other)s on %(when)s."
                ) % {"trainer": old.trainer.display_name, "other": old.offering,
                     "when": _when(old)})
            if new.venue_id and new.venue_id == old.venue_id:
                problems.append(_(
                    "%(venue)s is already booked for %(other)s on %(when)s."
                ) % {"venue": old.venue.name, "other": old.offering, "when": _when(old)})
    if offering.pk:
        problems += _client_conflicts(sessions, offering=offering, others=others)
    return list(dict.fromkeys(problems))  # one message per clash, in order


def _client_conflicts(sessions, *, offering, others) -> list[str]:
    client_ids = list(
        Enrolment.objects.filter(offering=offering, status=EnrolmentStatus.ENROLLED)
        .values_list("client_id", flat=True)
    )
    if not client_ids:
        return []
    theirs = (
        others.exclude(offering=offering)
        .filter(offering__enrolments__client_id__in=client_ids,
                offering__enrolments__status=EnrolmentStatus.ENROLLED)
        .values_list("date", "start_time", "end_time", "offering__enrolments__client__code")
    )
    problems = []
    for day, start, end, code in theirs:
        other = Session(date=day, start_time=start, end_time=end)
        if any(_overlaps(new, other) for new in sessions):
            problems.append(_("Client %(code)s has another session on %(when)s.")
                            % {"code": code, "when": _when(other)})
    return problems


_LIVE_OFFERINGS = (OfferingStatus.OPEN, OfferingStatus.CLOSED)


MAX_CONFLICTS_SHOWN = 6


def _raise_conflicts(problems, field=None):
    if len(problems) > MAX_CONFLICTS_SHOWN:
        more = len(problems) - MAX_CONFLICTS_SHOWN
        problems = problems[:MAX_CONFLICTS_SHOWN] + [
            ngettext("and %(n)s more clash.", "and %(n)s more clashes.", more) % {"n": more}
        ]
    if problems:
        raise ScheduleConflict(problems, field=field)


@transaction.atomic
def create_offering(*, actor, fields: dict) -> Offering:
    """A run of an activity and, from its weekday pattern, its sessions."""
    _require_manager(actor, fields["activity"].organisation_id)
    _validate_pattern(fields)
    _check_trainer(actor, fields.get("trainer"))
    _check_venue(actor, fields.get("venue"))
    offering = Offering(organisation=actor.organisation, created_by=actor)
    activity = fields["activity"]
    offering.capacity = activity.capacity
    offering.women_only = activity.women_only
    offering.language = (activity.language_codes or [""])[0]
    for name in OFFERING_FIELDS:
        if name in fields and fields[name] is not None:
            setattr(offering, name, fields[name])
    offering.trainer = fields.get("trainer", activity.trainer)
    planned = [_session_from_pattern(offering, day) for day in planned_dates(offering)]
    _raise_conflicts(schedule_conflicts(planned, offering=offering))
    offering.save()
    for session in planned:
        session.offering = offering
    Session.objects.bulk_create(planned)
    record(actor=actor, action=Action.CREATE, obj=offering)
    return offering


def _check_venue(actor, venue, field="venue"):
    if venue is not None and venue.organisation_id != actor.organisation_id:
        raise ProgrammeError(_("Choose a venue of your organisation."), field=field)


@transaction.atomic
def update_offering(*, actor, offering: Offering, fields: dict) -> Offering:
    """Change an offering. When its pattern changes, the sessions still to come that have
    no attendance are planned again from the new pattern (past ones stay as they were)."""
    _require_manager(actor, offering.organisation_id)
    Offering.objects.select_for_update().filter(pk=offering.pk).first()
    _validate_pattern(fields)
    _check_trainer(actor, fields.get("trainer"))
    _check_venue(actor, fields.get("venue"))
    pattern_changed = any(
        name in fields and fields[name] != getattr(offering, name) for name in PATTERN_FIELDS
    )
    old_capacity = offering.capacity
    for name in OFFERING_FIELDS:
        if name in fields:
            setattr(offering, name, fields[name])
    if pattern_changed:
        _replan_sessions(offering)
    offering.save()
    if offering.capacity is None or (old_capacity or 0) < offering.capacity:
        _fill_from_waiting_list(actor=actor, offering=offering)
    record(actor=actor, action=Action.UPDATE, obj=offering)
    return offering


def _replan_sessions(offering: Offering) -> None:
    today = timezone.localdate()
    kept = offering.sessions.filter(Q(date__lt=today) | Q(attendance__isnull=False)).distinct()
    kept_dates = set(kept.values_list("date", flat=True))
    replaceable = offering.sessions.filter(date__gte=today, attendance__isnull=True)
    old_pks = list(replaceable.values_list("pk", flat=True))
    planned = [
        _session_from_pattern(offering, day) for day in planned_dates(offering)
        if day >= today and day not in kept_dates
    ]
    _raise_conflicts(schedule_conflicts(planned, offering=offering, ignore_pks=old_pks))
    Session.objects.filter(pk__in=old_pks).delete()
    Session.objects.bulk_create(planned)


@transaction.atomic
def save_session(*, actor, offering: Offering, session: Session | None = None,
                 date, start_time, end_time, venue=None, trainer=None,
                 cancelled: bool = False) -> Session:
    """Add one session to an offering (a one-off meeting) or change one."""
    _require_manager(actor, offering.organisation_id)
    if session is not None and session.offering_id != offering.pk:
        raise PermissionDenied
    if end_time <= start_time:
        raise ProgrammeError(_("The end time must be after the start time."), field="end_time")
    _check_trainer(actor, trainer)
    _check_venue(actor, venue)
    creating = session is None
    session = session or Session(offering=offering)
    session.date, session.start_time, session.end_time = date, start_time, end_time
    session.venue, session.trainer, session.cancelled = venue, trainer, cancelled
    _raise_conflicts(schedule_conflicts([session], offering=offering))
    session.save()
    if not creating:  # its length or cancellation may change the offering's hours
        summary.refresh_offering(offering.pk)
    record(actor=actor, action=Action.CREATE if creating else Action.UPDATE, obj=session)
    return session


# --- Enrolment -----------------------------------------------------------------------------

def _refuse_if_cannot_enrol(*, client, offering: Offering, today: dt.date) -> None:
    if client.is_erased or not client.is_open:
        raise ProgrammeError(_("Only clients with an open case can be enrolled."))
    if offering.status == OfferingStatus.CANCELLED:
        raise ProgrammeError(_("This offering has been cancelled."))
    if offering.status != OfferingStatus.OPEN:
        raise ProgrammeError(_("Enrolment for this offering is closed."))
    if offering.end_date < today:
        raise ProgrammeError(_("This offering has already ended."))


def _coming_sessions(offering: Offering, today=None) -> list[Session]:
    today = today or timezone.localdate()
    return list(offering.sessions.filter(cancelled=False, date__gte=today))


def client_conflicts(*, client, offering: Offering, today=None) -> list[str]:
    """The client's other sessions (offerings they are enrolled in) that overlap this one."""
    mine = _coming_sessions(offering, today)
    if not mine:
        return []
    theirs = (
        Session.objects.filter(
            date__in={s.date for s in mine}, cancelled=False,
            offering__enrolments__client=client,
            offering__enrolments__status=EnrolmentStatus.ENROLLED,
            offering__status__in=_LIVE_OFFERINGS,
        )
        .exclude(offering=offering).select_related("offering__activity")
    )
    return [
        _("The client already has %(other)s on %(when)s.") % {"other": t.offering,
                                                              "when": _when(t)}
        for t in theirs if any(_overlaps(s, t) for s in mine)
    ]


@transaction.atomic
def enrol_client(*, actor, client, offering: Offering, acknowledge_warnings: bool = False,
                 join_waiting_list: bool = False, today: dt.date | None = None) -> Enrolment:
    """Enrol ``client`` in ``offering``; the returned enrolment's status says where they are.

    Refusals (``ProgrammeError``): closed case, cancelled/closed/ended offering, already
    enrolled, a clash with the client's other sessions (``ScheduleConflict``), no place
    left (``OfferingFull``, unless ``join_waiting_list``: then status WAITING with the next
    place on the list). Warnings (women only, language) raise ``NeedsAcknowledgement``
    unless ``acknowledge_warnings``. ``PermissionDenied`` unless the actor is the
    coordinator or a case worker on the client's team. ``today`` is the day the decision
    is taken on (default: the local date); the demo passes its own fixed date.
    """
    if not may_enrol(actor, client) or offering.organisation_id != client.organisation_id:
        raise PermissionDenied
    # Lock the offering: places are counted and taken one enrolment at a time.
    offering = Offering.objects.select_for_update().select_related("activity").get(
        pk=offering.pk
    )
    _refuse_if_cannot_enrol(client=client, offering=offering,
                            today=today or timezone.localdate())
    enrolment = Enrolment.objects.filter(client=client, offering=offering).first()
    if enrolment is not None and enrolment.status != EnrolmentStatus.WITHDRAWN:
        raise ProgrammeError(_("The client is already enrolled in this offering."))
    _raise_conflicts(client_conflicts(client=client, offering=offering, today=today))
    warnings = enrolment_warnings(client=client, offering=offering)
    if warnings and not acknowledge_warnings:
        raise NeedsAcknowledgement(warnings)
    full = offering.capacity is not None and _taken(offering) >= offering.capacity
    if full and not join_waiting_list:
        raise OfferingFull(_("There is no place left in this offering."), code="full")
    enrolment = enrolment or Enrolment(client=client, offering=offering)
    enrolment.enrolled_by = actor
    enrolment.enrolled_at = _decided_at(today)
    enrolment.withdrawn_at, enrolment.withdrawal_reason = None, ""
    enrolment.withdrawal_note_sealed = ""
    enrolment.status = EnrolmentStatus.WAITING if full else EnrolmentStatus.ENROLLED
    enrolment.waiting_position = _next_waiting_position(offering) if full else None
    enrolment.save()
    record(actor=actor, action=Action.CREATE, obj=enrolment)
    return enrolment


def _decided_at(today: dt.date | None) -> dt.datetime:
    """When the enrolment starts counting: now, or the start of the day of the decision
    when the caller gives one (the demo; an enrolment recorded after the fact)."""
    now = timezone.now()
    if today is None or today == timezone.localdate(now):
        return now
    return timezone.make_aware(dt.datetime.combine(today, dt.time(0)))


def _taken(offering: Offering) -> int:
    return offering.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()


def _next_waiting_position(offering: Offering) -> int:
    last = offering.enrolments.filter(status=EnrolmentStatus.WAITING).aggregate(
        m=Max("waiting_position")
    )["m"]
    return (last or 0) + 1


@dataclass
class Withdrawal:
    enrolment: Enrolment
    promoted: list[Enrolment]  # moved from the waiting list into the freed place


@transaction.atomic
def withdraw_client(*, actor, enrolment: Enrolment, reason: str, note: str = "") -> Withdrawal:
    """End an enrolment (or take the client off the waiting list) with a coded reason and
    an optional note, sealed with the client's key. A freed place goes to the first person
    waiting; that promotion is audited too."""
    client = enrolment.client
    if not may_enrol(actor, client):
        raise PermissionDenied
    if reason not in WithdrawalReason.values:
        raise ProgrammeError(_("Choose a reason."), field="reason")
    offering = Offering.objects.select_for_update().get(pk=enrolment.offering_id)
    enrolment.refresh_from_db()
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING):
        raise ProgrammeError(_("This enrolment has already ended."))
    freed = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_at = timezone.now()
    enrolment.withdrawal_reason = reason
    enrolment.waiting_position = None
    enrolment.seal(KeyRing(), withdrawal_note=note.strip())
    enrolment.save()
    record(actor=actor, action=Action.UPDATE, obj=enrolment)
    promoted = _fill_from_waiting_list(actor=actor, offering=offering) if freed else []
    return Withdrawal(enrolment=enrolment, promoted=promoted)


def _fill_from_waiting_list(*, actor, offering: Offering) -> list[Enrolment]:
    """Move people from the waiting list, first come first served, into free places."""
    if offering.end_date < timezone.localdate() or offering.status != OfferingStatus.OPEN:
        return []
    free = None if offering.capacity is None else offering.capacity - _taken(offering)
    waiting = offering.enrolments.filter(status=EnrolmentStatus.WAITING).order_by(
        "waiting_position", "pk"
    )
    promoted = list(waiting if free is None else waiting[:max(free, 0)])
    now = timezone.now()
    for enrolment in promoted:
        # Attendance counts from the day the place was given, not the day she queued.
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.waiting_position = None
        enrolment.enrolled_at = now
        enrolment.save(update_fields=["status", "waiting_position", "enrolled_at"])
        record(actor=actor, action=Action.UPDATE, obj=enrolment)
    return promoted


@transaction.atomic
def record_completions(*, actor, offering: Offering) -> list[Enrolment]:
    """After the last session: enrolments that reached the completion threshold become
    COMPLETED (the certificate's condition). Returns those changed."""
    from .selectors import offering_progress

    _require_manager(actor, offering.organisation_id)
    if offering.end_date >= timezone.localdate():
        raise ProgrammeError(_("Completion is recorded after the offering's last day."))
    progress = offering_progress(offering=offering)
    done = [
        e for e in offering.enrolments.filter(status=EnrolmentStatus.ENROLLED)
        if progress.get(e.client_id) and progress[e.client_id].completed
    ]
    now = timezone.now()
    for enrolment in done:
        enrolment.status, enrolment.completed_at = EnrolmentStatus.COMPLETED, now
        enrolment.save(update_fields=["status", "completed_at"])
        record(actor=actor, action=Action.UPDATE, obj=enrolment)
    return done


# --- Attendance ----------------------------------------------------------------------------


@transaction.atomic
def mark_attendance(*, actor, session: Session, marks: dict[int, str]) -> int:
    """Save the register of one session: ``{client id: AttendanceStatus}``.

    Refused as a whole (nothing saved) if a client is not on the session's roster, a
    status is unknown, the session is cancelled or still in the future. Returns how many
    marks were saved. One audit event for the register (the session), not one per client.
    """
    if not may_take_register(actor, session):
        raise PermissionDenied
    if session.cancelled:
        raise ProgrammeError(_("This session was cancelled."))
    if session.date > timezone.localdate():
        raise ProgrammeError(_("Attendance can be marked on the day of the session or later."))
    unknown = {v for v in marks.values() if v not in AttendanceStatus.values}
    if unknown:
        raise ProgrammeError(_("Choose present, late, excused or absent."))
    on_roster = set(roster_enrolments(session).values_list("client_id", flat=True))
    if set(marks) - on_roster:
        raise ProgrammeError(
            _("Attendance can only be marked for clients enrolled in this offering."),
            code="not_enrolled",
        )
    existing = {a.client_id: a for a in Attendance.objects.filter(session=session)}
    now, changed, created = timezone.now(), [], []
    for client_id, status in marks.items():
        row = existing.get(client_id)
        if row is None:
            created.append(Attendance(session=session, client_id=client_id, status=status,
                                      marked_by=actor, marked_at=now))
        elif row.status != status:
            row.status, row.marked_by, row.marked_at = status, actor, now
            changed.append(row)
    Attendance.objects.bulk_create(created)
    Attendance.objects.bulk_update(changed, ["status", "marked_by", "marked_at"])
    if created or changed:
        summary.refresh_session(session)
    record(actor=actor, action=Action.UPDATE, obj=session)
    return len(created) + len(changed)


# --- Calendar feeds ------------------------------------------------------------------------


@dataclass
class NewFeed:
    feed: CalendarFeed
    token: str  # shown once; only its hash is stored


@transaction.atomic
def create_trainer_feed(*, actor) -> NewFeed:
    """A feed of the actor's own sessions. An earlier feed of theirs is revoked."""
    if not is_staff_member(actor):
        raise PermissionDenied
    _revoke(CalendarFeed.objects.filter(trainer=actor, revoked_at__isnull=True), actor)
    return _new_feed(actor=actor, trainer=actor)


@transaction.atomic
def create_client_feed(*, actor, client, client_agreed: bool) -> NewFeed:
    """Opt-in: a feed of a client's sessions, made when the client asks for one."""
    if not may_enrol(actor, client) or client.is_erased:
        raise PermissionDenied
    if not client_agreed:
        raise ProgrammeError(
            _("Confirm that the client asked for a calendar feed."), field="client_agreed"
        )
    _revoke(CalendarFeed.objects.filter(client=client, revoked_at__isnull=True), actor)
    return _new_feed(actor=actor, client=client)


def _new_feed(*, actor, trainer=None, client=None) -> NewFeed:
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        organisation_id=actor.organisation_id, trainer=trainer, client=client,
        token_hash=feed_token_hash(token), created_by=actor,
    )
    record(actor=actor, action=Action.CREATE, obj=feed)
    return NewFeed(feed=feed, token=token)


def _revoke(feeds, actor) -> int:
    count = 0
    for feed in feeds:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        record(actor=actor, action=Action.DELETE, obj=feed)
        count += 1
    return count


@transaction.atomic
def delete_client_feeds(client) -> int:
    """Erasure: the client's feeds go (revoked and their token hashes deleted)."""
    deleted, _ = CalendarFeed.objects.filter(client=client).delete()
    return deleted


def revoke_client_feeds(*, actor, client) -> int:
    """Stop every calendar address of a client; returns how many were active."""
    if not may_enrol(actor, client):
        raise PermissionDenied
    return _revoke(CalendarFeed.objects.filter(client=client, revoked_at__isnull=True), actor)


@transaction.atomic
def revoke_feed(*, actor, feed: CalendarFeed) -> None:
    own = feed.trainer_id == actor.pk
    for_client = feed.client_id is not None and may_enrol(actor, feed.client)
    if not (own or for_client) or feed.organisation_id != actor.organisation_id:
        raise PermissionDenied
    _revoke([feed] if feed.revoked_at is None else [], actor)


@dataclass
class GroupOutcome:
    enrolled: list = field(default_factory=list)  # codes
    waiting: list = field(default_factory=list)  # (code, place)
    refused: list = field(default_factory=list)  # (code, why)


def enrol_many(*, actor, offering: Offering, clients, acknowledge_warnings: bool,
               join_waiting_list: bool) -> GroupOutcome:
    """Group enrolment: each client through ``enrol_client`` on its own (its rules, its
    transaction and audit event), so one refusal does not undo the others; the outcome
    says who was enrolled, who went to the waiting list and who was refused with why."""
    outcome = GroupOutcome()
    for client in clients:
        try:
            enrolment = enrol_client(
                actor=actor, client=client, offering=offering,
                acknowledge_warnings=acknowledge_warnings, join_waiting_list=join_waiting_list)
        except ProgrammeError as error:
            outcome.refused.append((client.code, " ".join(error.messages)))
        except PermissionDenied:
            outcome.refused.append((client.code, _("You may not enrol this client.")))
        else:
            if enrolment.status == EnrolmentStatus.WAITING:
                outcome.waiting.append((client.code, enrolment.waiting_position))
            else:
                outcome.enrolled.append(client.code)
    return outcome
