"""Reads of the programme. Anything that touches a client goes through need-to-know here:

- a trainer sees only their own sessions, and on a roster only the client's code and
  chosen first name (decrypted alone: no other identity field is opened);
- a case worker sees the enrolments of their team's clients; the coordinator all of the
  organisation's;
- views of client data are recorded in the audit trail (ids only).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from reintegra.accounts.models import Role
from reintegra.audit.models import Action
from reintegra.audit.services import record, record_reads
from reintegra.clients.access import (
    Section,
    can_see,
    is_staff_member,
    reach_q,
    sections_for_role,
)
from reintegra.clients.models import Client
from reintegra.vault.keyring import KeyRing

from .access import may_enrol, may_take_register, may_view_programme, teaches
from .models import (
    ATTENDED,
    Activity,
    Attendance,
    CalendarFeed,
    Enrolment,
    EnrolmentStatus,
    Offering,
    OfferingStatus,
    Session,
    Venue,
)
from .queries import feed_token_hash, roster_enrolments

# --- Catalogue and offerings (no client data) ----------------------------------------------


def _require_staff(actor):
    if not may_view_programme(actor):
        raise Http404("not available")


def activities(*, actor, include_inactive: bool = False):
    _require_staff(actor)
    qs = Activity.objects.filter(organisation_id=actor.organisation_id).select_related("trainer")
    return qs if include_inactive else qs.filter(active=True)


def get_activity(*, actor, pk: int) -> Activity:
    _require_staff(actor)
    found = Activity.objects.filter(pk=pk, organisation_id=actor.organisation_id).first()
    if found is None:
        raise Http404("no such activity")
    return found


def venues(*, actor):
    _require_staff(actor)
    return Venue.objects.filter(organisation_id=actor.organisation_id)


def get_venue(*, actor, pk: int) -> Venue:
    found = venues(actor=actor).filter(pk=pk).first()
    if found is None:
        raise Http404("no such venue")
    return found


def _count(model_qs):
    return Coalesce(Subquery(model_qs.values("n")[:1], output_field=IntegerField()), 0)


def with_places(qs):
    """Annotate offerings with ``enrolled_count``, ``waiting_count``, ``sessions_count``,
    ``next_session`` (date of the next session from today) and ``free_places`` (None: no
    limit). Subqueries, not joins, so that the counts do not multiply each other."""
    today = timezone.localdate()
    per_offering = Enrolment.objects.filter(offering=OuterRef("pk")).order_by().values(
        "offering"
    )
    enrolled = per_offering.filter(status=EnrolmentStatus.ENROLLED).annotate(n=Count("pk"))
    waiting = per_offering.filter(status=EnrolmentStatus.WAITING).annotate(n=Count("pk"))
    sessions = (
        Session.objects.filter(offering=OuterRef("pk"), cancelled=False).order_by()
        .values("offering").annotate(n=Count("pk"))
    )
    next_session = (
        Session.objects.filter(offering=OuterRef("pk"), cancelled=False, date__gte=today)
        .order_by("date", "start_time").values("date")[:1]
    )
    return qs.annotate(
        enrolled_count=_count(enrolled), waiting_count=_count(waiting),
        sessions_count=_count(sessions), next_session=Subquery(next_session),
    ).annotate(free_places=F("capacity") - F("enrolled_count")).select_related(
        "activity", "venue", "trainer"
    )


def available_offerings(*, actor, organisation=None):
    """Offerings open for enrolment that have not ended, soonest first, each with its
    schedule (``offering.schedule_text()``, ``next_session``, ``sessions_count``) and
    places (``free_places``: None means no limit; ``enrolled_count``, ``waiting_count``).

    For recommendations in support plans: filter further by ``activity__domains``
    (``ChoiceSetField.contains(domain)``), ``women_only`` or ``language``.
    """
    _require_staff(actor)
    organisation_id = getattr(organisation, "pk", organisation) or actor.organisation_id
    if organisation_id != actor.organisation_id:
        return Offering.objects.none()
    qs = Offering.objects.filter(
        organisation_id=organisation_id, status=OfferingStatus.OPEN,
        end_date__gte=timezone.localdate(), activity__active=True,
    )
    return with_places(qs).order_by("start_date", "pk")


def offerings(*, actor, include_past: bool = False, activity=None):
    _require_staff(actor)
    qs = Offering.objects.filter(organisation_id=actor.organisation_id)
    if actor.role == Role.TRAINER:
        qs = qs.filter(Q(trainer=actor) | Q(sessions__trainer=actor)).distinct()
    if not include_past:
        qs = qs.filter(end_date__gte=timezone.localdate())
    if activity is not None:
        qs = qs.filter(activity=activity)
    return with_places(qs).order_by("start_date", "pk")


def get_offering(*, actor, pk: int) -> Offering:
    found = offerings(actor=actor, include_past=True).filter(pk=pk).first()
    if found is None:
        raise Http404("no such offering")
    return found


def get_session(*, actor, pk: int) -> Session:
    _require_staff(actor)
    found = (
        Session.objects.filter(pk=pk, offering__organisation_id=actor.organisation_id)
        .select_related("offering__activity", "offering__trainer", "venue", "trainer")
        .first()
    )
    if found is None or (actor.role == Role.TRAINER and not teaches(actor, found)):
        raise Http404("no such session")
    return found


def offering_sessions(*, offering):
    return offering.sessions.select_related("venue", "trainer").order_by("date", "start_time")


# --- Progress: hours, attendance rate, completion ------------------------------------------


@dataclass
class Progress:
    held: int = 0  # sessions of the offering held so far (not cancelled, not in the future)
    attended: int = 0  # present or late
    hours: Decimal = Decimal("0")
    ended: bool = False

    @property
    def rate(self) -> float | None:
        return self.attended / self.held if self.held else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)

    @property
    def reaches_threshold(self) -> bool:
        return self.rate is not None and self.rate >= settings.PROGRAMME_COMPLETION_RATE

    @property
    def completed(self) -> bool:
        """Completion: the offering has ended and the client attended enough of it."""
        return self.ended and self.reaches_threshold


def _held_sessions(offering_ids) -> dict[int, dict[int, tuple[dt.date, Decimal]]]:
    """offering id -> {session id: (date, hours)} for held sessions."""
    held = defaultdict(dict)
    rows = Session.objects.filter(
        offering_id__in=offering_ids, cancelled=False, date__lte=timezone.localdate()
    ).only("pk", "offering_id", "date", "start_time", "end_time")
    for session in rows:
        held[session.offering_id][session.pk] = (session.date, session.hours)
    return held


def enrolment_window(enrolled_at, withdrawn_at) -> tuple[dt.date, dt.date | None]:
    """The days a client's attendance counts in an offering: from the day of the enrolment
    (a late joiner is not counted absent from sessions before she joined) to the day
    before a withdrawal (None: open). The same window decides who is on a register
    (``services.roster_enrolments``)."""
    first = timezone.localtime(enrolled_at).date()
    last = timezone.localtime(withdrawn_at).date() if withdrawn_at else None
    return first, last


def _in_window(day, window) -> bool:
    first, stop = window
    return day >= first and (stop is None or day < stop)


def _progress(offerings_by_id, held, windows, attended_pairs) -> dict[tuple[int, int], Progress]:
    """(offering id, client id) -> Progress for each enrolment in ``windows``
    ({(offering id, client id): window}), from (client id, session id, offering id) marks."""
    today = timezone.localdate()
    result: dict[tuple[int, int], Progress] = {}
    for (offering_id, client_id), window in windows.items():
        in_window = [d for d, _h in held.get(offering_id, {}).values() if _in_window(d, window)]
        result[(offering_id, client_id)] = Progress(
            held=len(in_window), ended=offerings_by_id[offering_id].end_date < today
        )
    for client_id, session_id, offering_id in attended_pairs:
        found = held.get(offering_id, {}).get(session_id)
        p = result.get((offering_id, client_id))
        if found is None or p is None or not _in_window(found[0],
                                                         windows[(offering_id, client_id)]):
            continue  # a cancelled or future session, or outside the client's window
        p.attended += 1
        p.hours += found[1]
    return result


def _windows(enrolments) -> dict[tuple[int, int], tuple[dt.date, dt.date | None]]:
    return {
        (offering_id, client_id): enrolment_window(enrolled_at, withdrawn_at)
        for offering_id, client_id, enrolled_at, withdrawn_at in enrolments
    }


def offering_progress(*, offering) -> dict[int, Progress]:
    """client id -> Progress in one offering (internal: callers check access)."""
    held = _held_sessions([offering.pk])
    pairs = Attendance.objects.filter(
        session__offering=offering, status__in=ATTENDED
    ).values_list("client_id", "session_id", "session__offering_id")
    windows = _windows(offering.enrolments.values_list(
        "offering_id", "client_id", "enrolled_at", "withdrawn_at"))
    found = _progress({offering.pk: offering}, held, windows, pairs)
    return {client_id: p for (_o, client_id), p in found.items()}


# --- Client names on rosters -----------------------------------------------------------


def chosen_names(clients) -> dict[int, str]:
    """client id -> chosen first name, decrypting that one field and nothing else.

    All keys come in one keystore query. A missing name stays empty (the code is shown).
    """
    ring = KeyRing()
    ring.load(c.key_id for c in clients)
    names = {}
    for client in clients:
        identity = getattr(client, "identity", None)
        if identity is None or not identity.chosen_name_sealed:
            continue
        value = identity.reveal(ring, only=("chosen_name",)).chosen_name
        names[client.pk] = str(value) if value else ""
    return names


@dataclass
class RosterRow:
    client_id: int
    code: str
    chosen_name: str
    status: str = ""  # the attendance mark, if any
    enrolment_status: str = ""


@dataclass
class Register:
    session: Session
    rows: list[RosterRow]


def session_register(*, actor, pk: int) -> Register:
    """The register of one session: code, chosen first name and mark of each client on it.

    For the session's trainer and the coordinator; a fixed number of queries whatever the
    group size. Recorded as a view of the session (ids only).
    """
    session = get_session(actor=actor, pk=pk)
    if not may_take_register(actor, session):
        raise Http404("no such session")
    enrolments = list(
        roster_enrolments(session).select_related("client__identity").order_by("client__code")
    )
    clients = [e.client for e in enrolments]
    names = chosen_names(clients)
    marks = dict(Attendance.objects.filter(session=session).values_list("client_id", "status"))
    rows = [
        RosterRow(client_id=c.pk, code=c.code, chosen_name=names.get(c.pk, ""),
                  status=marks.get(c.pk, ""), enrolment_status=e.status)
        for e, c in zip(enrolments, clients, strict=True)
    ]
    record(actor=actor, action=Action.VIEW, obj=session)
    record_reads(actor=actor, client_ids=names, obj=session)  # each name shown is a read
    return Register(session=session, rows=rows)


@dataclass
class OfferingRoster:
    rows: list[tuple[Enrolment, str, Progress]]  # enrolment, chosen name, progress
    hidden: int  # enrolments the actor may not see (other teams' clients)


def offering_roster(*, actor, offering) -> OfferingRoster:
    """Enrolments of an offering the actor may see: all for the coordinator and for the
    offering's trainer (code and chosen name only), their team's for a case worker."""
    qs = offering.enrolments.select_related("client__identity").order_by(
        "status", "waiting_position", "client__code"
    )
    total = qs.count()
    if actor.role == Role.TRAINER:
        qs = qs.filter(status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED))
        if offering.trainer_id != actor.pk:
            qs = qs.none()
    elif Section.CASE not in sections_for_role(actor):
        qs = qs.none()  # enrolments are case data (legal advisor, DPO: counts only)
    elif actor.role != Role.COORDINATOR:
        qs = qs.filter(reach_q(actor, prefix="client__"), client__erased_at__isnull=True)
    enrolments = list(qs)
    names = chosen_names([e.client for e in enrolments])
    progress = offering_progress(offering=offering) if enrolments else {}
    if enrolments:
        record(actor=actor, action=Action.VIEW, obj=offering)
        record_reads(actor=actor, client_ids=names, obj=offering)
    rows = [(e, names.get(e.client_id, ""), progress.get(e.client_id, Progress()))
            for e in enrolments]
    hidden = 0 if actor.role == Role.TRAINER else total - len(enrolments)
    return OfferingRoster(rows=rows, hidden=hidden)


# --- Trainer's view and calendars ------------------------------------------------------------


def _own_sessions_q(actor) -> Q:
    return Q(trainer=actor) | Q(trainer__isnull=True, offering__trainer=actor)


def sessions_between(*, actor, start: dt.date, end: dt.date, own_only: bool = False):
    """Sessions from ``start`` to ``end`` (inclusive): a trainer's own, or the whole
    organisation's for other staff (a timetable holds no client data)."""
    _require_staff(actor)
    qs = Session.objects.filter(
        offering__organisation_id=actor.organisation_id, date__gte=start, date__lte=end,
    ).exclude(offering__status=OfferingStatus.CANCELLED)
    if own_only or actor.role == Role.TRAINER:
        qs = qs.filter(_own_sessions_q(actor))
    return qs.select_related("offering__activity", "venue", "trainer").annotate(
        marked=Count("attendance")
    ).order_by("date", "start_time", "pk")


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- The client's side -----------------------------------------------------------------------


@dataclass
class ClientProgramme:
    client: Client
    rows: list[tuple[Enrolment, Progress]]
    total_hours: Decimal = Decimal("0")
    feed: CalendarFeed | None = None


def client_programme(*, actor, client, record_view: bool = True) -> ClientProgramme:
    """A client's enrolments with hours, attendance rate and completion (Section.CASE)."""
    if not can_see(actor, client, Section.CASE):
        raise Http404("no such client")
    enrolments = list(
        client.enrolments.select_related("offering__activity", "offering__venue")
        .order_by("-offering__start_date", "pk")
    )
    offerings_by_id = {e.offering_id: e.offering for e in enrolments}
    held = _held_sessions(list(offerings_by_id))
    pairs = Attendance.objects.filter(client=client, status__in=ATTENDED).values_list(
        "client_id", "session_id", "session__offering_id"
    )
    windows = _windows((e.offering_id, client.pk, e.enrolled_at, e.withdrawn_at)
                       for e in enrolments)
    found = _progress(offerings_by_id, held, windows, pairs)
    rows = [(e, found[(e.offering_id, client.pk)]) for e in enrolments]
    feed = CalendarFeed.objects.filter(client=client, revoked_at__isnull=True).first()
    if record_view:
        record(actor=actor, action=Action.VIEW, object_type="programme.enrolment",
               object_id=f"client:{client.pk}", client_id=client.pk)
    return ClientProgramme(client=client, rows=rows, feed=feed,
                           total_hours=sum((p.hours for _, p in rows), Decimal("0")))


def active_enrolments_of(client):
    return Enrolment.objects.filter(client=client).exclude(status=EnrolmentStatus.WITHDRAWN)


def get_enrolment(*, actor, pk: int, section: Section = Section.CASE) -> Enrolment:
    found = (
        Enrolment.objects.filter(pk=pk, client__organisation_id=getattr(
            actor, "organisation_id", None))
        .select_related("client__identity", "offering__activity", "offering__organisation")
        .first()
    )
    if found is None or not can_see(actor, found.client, section):
        raise Http404("no such enrolment")
    return found


def enrollable_clients(*, actor, offering):
    """Open cases the actor may enrol (coordinator: all; case worker: team), not enrolled
    in this offering yet; their codes only (the form shows the code)."""
    if actor.role not in (Role.COORDINATOR, Role.CASE_WORKER):
        return Client.objects.none()
    taken = Enrolment.objects.filter(offering=offering).exclude(
        status=EnrolmentStatus.WITHDRAWN
    ).values("client_id")
    from reintegra.clients.choices import OPEN_STATUSES

    return (
        Client.objects.filter(reach_q(actor), status__in=OPEN_STATUSES, erased_at__isnull=True)
        .exclude(pk__in=taken).only("pk", "code").order_by("code")
    )


# --- Certificates and attendance sheets (exports) --------------------------------------------


def _legal_name(identity, ring) -> str:
    """First and second name, decrypting those two fields and nothing else."""
    who = identity.reveal(ring, only=LEGAL_NAME_FIELDS)
    return " ".join(str(v) for v in (who.first_name, who.second_name) if v)


LEGAL_NAME_FIELDS = ("first_name", "second_name")


@dataclass
class Certificate:
    enrolment: Enrolment
    full_name: str
    progress: Progress
    language: str


def certificate(*, actor, pk: int, language: str) -> Certificate:
    """Data for a certificate of completion. The client's legal name is decrypted only for
    the coordinator or a case worker on the client's team; recorded as an export."""
    enrolment = get_enrolment(actor=actor, pk=pk, section=Section.IDENTITY)
    if not may_enrol(actor, enrolment.client):  # coordinator, or case worker on the team
        raise Http404("no such enrolment")
    progress = offering_progress(offering=enrolment.offering).get(enrolment.client_id)
    done = enrolment.status == EnrolmentStatus.COMPLETED or (progress and progress.completed)
    if not done:
        raise Http404("not completed")
    full_name = _legal_name(enrolment.client.identity, KeyRing())
    record(actor=actor, action=Action.EXPORT, obj=enrolment)
    return Certificate(enrolment=enrolment, full_name=full_name, progress=progress,
                       language=language)


@dataclass
class AttendanceSheet:
    session: Session
    rows: list[tuple[str, str, str]]  # code, name shown, mark
    legal_names: bool


def attendance_sheet(*, actor, pk: int, legal_names: bool = False) -> AttendanceSheet:
    """A printable register with a signature column. By default code and chosen first
    name (what the trainer sees). ``legal_names`` (first and second name, which some
    funders' audits require) only for the coordinator, and recorded as an export."""
    register = session_register(actor=actor, pk=pk)
    session = register.session
    if legal_names and actor.role != Role.COORDINATOR:
        raise Http404("not available")
    names = {r.client_id: r.chosen_name for r in register.rows}
    if legal_names:
        clients = list(Client.objects.filter(pk__in=names).select_related("identity"))
        ring = KeyRing()
        ring.load(c.key_id for c in clients)
        for c in clients:
            if can_see(actor, c, Section.IDENTITY):
                names[c.pk] = _legal_name(c.identity, ring)
    record(actor=actor, action=Action.EXPORT, obj=session)
    record_reads(actor=actor, client_ids=names, action=Action.EXPORT, obj=session)
    rows = [(r.code, names.get(r.client_id, ""), r.status) for r in register.rows]
    return AttendanceSheet(session=session, rows=rows, legal_names=legal_names)


# --- Feeds ---------------------------------------------------------------------------------


def feed_for_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    found = (
        CalendarFeed.objects.filter(token_hash=feed_token_hash(token), revoked_at__isnull=True)
        .select_related("trainer", "client").first()
    )
    return found if found is not None and _feed_owner_active(found) else None


def _feed_owner_active(feed: CalendarFeed) -> bool:
    """A token is the key only while its owner is: an active staff account of the feed's
    organisation, or an open, unerased client. Checked on every request, so a deactivation
    stops the feed at once (no revocation job to wait for)."""
    if feed.trainer_id:
        return (is_staff_member(feed.trainer)
                and feed.trainer.organisation_id == feed.organisation_id)
    return not feed.client.is_erased and feed.client.is_open


def feed_sessions(feed: CalendarFeed, *, today: dt.date | None = None):
    """Sessions for a feed: from 30 days back to a year ahead, without cancelled ones."""
    today = today or timezone.localdate()
    qs = Session.objects.filter(
        offering__organisation_id=feed.organisation_id,
        date__gte=today - dt.timedelta(days=30), date__lte=today + dt.timedelta(days=365),
    ).exclude(offering__status=OfferingStatus.CANCELLED)
    if feed.trainer_id:
        if not is_staff_member(feed.trainer):
            return Session.objects.none()  # a deactivated account's feed shows nothing
        qs = qs.filter(_own_sessions_q(feed.trainer))
    else:
        if feed.client.is_erased or not feed.client.is_open:
            return Session.objects.none()
        qs = qs.filter(offering__enrolments__client_id=feed.client_id,
                       offering__enrolments__status=EnrolmentStatus.ENROLLED)
    return qs.select_related("offering__activity", "venue").order_by("date", "start_time")


def active_feed_of(*, actor) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(trainer=actor, revoked_at__isnull=True).first()
