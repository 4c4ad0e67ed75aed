"""The programme's figures for home pages (``core.home``) and the "falling behind" list.

Every figure is aggregated in SQL with a fixed number of queries whatever the size of the
organisation; attendance is counted in each client's own window (from the day of the
enrolment to the day before a withdrawal: ``selectors.enrolment_window``).
Nothing here decrypts: client codes only.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.cache import caches
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TimeField,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reintegra.accounts.models import Role
from reintegra.clients.access import (
    TEAM_ROLES,
    Section,
    reach_q,
    sections_for_role,
    team_client_ids,
)
from reintegra.core.dates import show_date
from reintegra.core.home import LIST_SIZE, Row, rows_block

from .access import may_view_programme
from .models import (
    ATTENDED,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Offering,
    OfferingStatus,
    Session,
)

COUNTED = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN)


def _in_window_q(prefix: str, day) -> Q:
    """The enrolment (at ``prefix``) counts on ``day`` (a date or an F() of a date)."""
    return Q(**{f"{prefix}status__in": COUNTED, f"{prefix}enrolled_at__date__lte": day}) & (
        Q(**{f"{prefix}withdrawn_at__isnull": True})
        | Q(**{f"{prefix}withdrawn_at__date__gt": day})
    )


def _held(today):
    return Session.objects.filter(cancelled=False, date__lte=today).exclude(
        offering__status=OfferingStatus.CANCELLED)


def _count(qs):
    return Coalesce(Subquery(qs.values("n")[:1], output_field=IntegerField()), Value(0))


def _lang():
    return (get_language() or "pl")[:2]


# --- Coordinator ---------------------------------------------------------------------------


HOURS_CACHE_SECONDS = 600


def hours_per_activity(*, actor, today: dt.date) -> list[tuple[str, Decimal, Decimal]]:
    """(activity name, participant hours this month, in total): attended sessions (present
    or late) times their length, for the actor's organisation (activity names and sums: no
    client data). Read from the running totals the register keeps (``summary``), and kept
    in the cache for ten minutes all the same."""
    key = f"home:hours:{actor.organisation_id}:{today:%Y%m%d}:{_lang()}"
    cache = caches["local"]
    found = cache.get(key)
    if found is None:
        found = _hours_per_activity(actor=actor, today=today)
        cache.set(key, found, HOURS_CACHE_SECONDS)
    return found


def _hours_per_activity(*, actor, today: dt.date) -> list[tuple[str, Decimal, Decimal]]:
    """One query, two parts: every offering's ``attended_hours`` summed per activity (ten
    thousand offerings, not two million marks), and the sessions from the first of the
    month on (an index range) for this month's hours, less any session dated after today
    that has marks (a register taken, then the session moved ahead: not yet delivered)."""
    month_start = today.replace(day=1)
    names = ("activity__name_pl", "activity__name_en")
    nothing = {"start": Value(None, output_field=TimeField()),
               "end": Value(None, output_field=TimeField())}
    totals = (
        Offering.objects.filter(organisation_id=actor.organisation_id, attended_hours__gt=0)
        .values(*names).order_by()
        .annotate(**nothing, total=Sum("attended_hours"),
                  month=Value(0, output_field=IntegerField()),
                  later=Value(0, output_field=IntegerField()))
    )
    recent = (
        Session.objects.filter(offering__organisation_id=actor.organisation_id,
                               cancelled=False, date__gte=month_start, attended__gt=0)
        .values(*(f"offering__{n}" for n in names)).order_by()
        .annotate(start=F("start_time"), end=F("end_time"),
                  total=Value(Decimal(0), output_field=DecimalField(max_digits=12,
                                                                    decimal_places=2)),
                  month=Sum("attended", filter=Q(date__lte=today)),
                  later=Sum("attended", filter=Q(date__gt=today)))
        .values_list(*(f"offering__{n}" for n in names), "start", "end", "total", "month",
                     "later")
    )
    hours = defaultdict(lambda: [Decimal(0), Decimal(0)])
    pl = _lang() == "pl"
    for name_pl, name_en, start, end, total, month, later in \
            totals.values_list(*names, "start", "end", "total", "month", "later") \
            .union(recent, all=True).order_by():
        name = name_pl if pl else name_en
        hours[name][1] += total or Decimal(0)
        if start is not None:
            length = Session(date=today, start_time=start, end_time=end).hours
            hours[name][0] += length * (month or 0)
            hours[name][1] -= length * (later or 0)
    return sorted(((n, m, t) for n, (m, t) in hours.items() if m or t), key=lambda x: -x[2])


def running_offerings(*, actor, today: dt.date):
    """Offerings under way today or with a waiting list, with ``expected`` (sessions held
    times the clients whose window covers each), ``attended`` marks in those windows, and
    ``waiting``. One query."""
    per = dict(offering=OuterRef("pk"))
    expected = (
        _held(today).filter(**per).filter(_in_window_q("offering__enrolments__", F("date")))
        .order_by().values("offering").annotate(n=Count("pk"))
    )
    attended = (
        Attendance.objects.filter(session__offering=OuterRef("pk"), status__in=ATTENDED,
                                  session__cancelled=False, session__date__lte=today)
        .filter(Exists(Enrolment.objects.filter(
            _in_window_q("", OuterRef("session__date")),
            offering_id=OuterRef("session__offering_id"), client_id=OuterRef("client_id"))))
        .order_by().values("session__offering").annotate(n=Count("pk"))
    )
    waiting = (
        Enrolment.objects.filter(offering=OuterRef("pk"), status=EnrolmentStatus.WAITING)
        .order_by().values("offering").annotate(n=Count("pk"))
    )
    return (
        Offering.objects.filter(organisation_id=actor.organisation_id, end_date__gte=today)
        .exclude(status=OfferingStatus.CANCELLED)
        .annotate(expected=_count(expected), attended=_count(attended), waiting=_count(waiting))
        .filter(Q(start_date__lte=today) | Q(waiting__gt=0))
        .select_related("activity").order_by("start_date", "pk")
    )


REGISTERS_LOOKBACK_DAYS = 90  # the home block's window; the list behind it has them all


def registers_not_taken(*, actor, today: dt.date, since: dt.date | None = None):
    """Past sessions (before today; from ``since`` when given) of the actor's organisation
    (a trainer: her own) with somebody on the register and no mark at all, newest first."""
    qs = Session.objects.all()
    if since is not None:  # the index on held sessions' dates keeps this to the window
        qs = qs.filter(date__gte=since)
    qs = (
        qs.filter(offering__organisation_id=actor.organisation_id,
                               cancelled=False, date__lt=today)
        .exclude(offering__status=OfferingStatus.CANCELLED)
        .filter(marks=0)  # no mark at all (summary: kept with the register)
        .filter(Exists(Enrolment.objects.filter(
            _in_window_q("", OuterRef("date")), offering_id=OuterRef("offering_id"))))
    )
    if actor.role == Role.TRAINER:
        qs = qs.filter(Q(trainer=actor) | Q(trainer__isnull=True, offering__trainer=actor))
    return qs.select_related("offering__activity").order_by("-date", "-start_time")


def behind_on_attendance(*, actor, today: dt.date):
    """Enrolments (of clients within the actor's reach) under way whose attendance since
    the enrolment is below ``FALLING_BEHIND_ATTENDANCE_PERCENT`` once at least
    ``FALLING_BEHIND_MIN_SESSIONS`` were held in their window. One query (two for a team
    role)."""
    if Section.CASE not in sections_for_role(actor):
        return Enrolment.objects.none()
    # The offering's own status is checked once on the enrolment's row (a cancelled one
    # holds no session), not again for each session counted.
    held = (
        Session.objects.filter(offering=OuterRef("offering_id"), cancelled=False,
                               date__lte=today, date__gte=OuterRef("enrolled_at__date"))
        .order_by().values("offering").annotate(n=Count("pk"))
    )
    # Counted from the sessions (one mark per client and session), so that the marks are
    # read from the attended-by-client index alone (no attendance row is fetched).
    attended = (
        Session.objects.filter(offering=OuterRef("offering_id"), cancelled=False,
                               date__lte=today, date__gte=OuterRef("enrolled_at__date"),
                               attendance__client=OuterRef("client_id"),
                               attendance__status__in=ATTENDED)
        .order_by().values("offering").annotate(n=Count("pk"))
    )
    pct = settings.FALLING_BEHIND_ATTENDANCE_PERCENT
    under_way = (
        Enrolment.objects.filter(reach_q(actor, prefix="client__"),
                                 status=EnrolmentStatus.ENROLLED,
                                 client__erased_at__isnull=True,
                                 offering__end_date__gte=today)
        .exclude(offering__status=OfferingStatus.CANCELLED)
    )
    if actor.role in TEAM_ROLES:
        # The team's enrolments first (one more query, a few dozen ids): the database
        # would otherwise count every enrolment under way in the organisation before it
        # checks the team (at 100,000 clients: 480 counts for 28 enrolments).
        team = under_way.filter(client_id__in=team_client_ids(actor))
        under_way = Enrolment.objects.filter(pk__in=list(team.values_list("pk", flat=True)))
    return (
        under_way.annotate(held=_count(held), attended=_count(attended))
        .filter(held__gte=settings.FALLING_BEHIND_MIN_SESSIONS,
                attended__lt=F("held") * pct / 100.0)
        .select_related("client", "offering__activity")
        .order_by("client__code", "pk")
    )


# --- Blocks --------------------------------------------------------------------------------


def _percent(attended, expected):
    return f"{round(100 * attended / expected)}%" if expected else "–"


def coordinator_blocks(*, actor, today):
    if actor.role != Role.COORDINATOR or not may_view_programme(actor):
        return None
    lang = _lang()
    rows = []
    for o in running_offerings(actor=actor, today=today):
        url = reverse("programme:offering", args=[o.pk])
        below = o.expected and o.attended < o.expected * settings.PROGRAMME_COMPLETION_RATE
        rows.append(Row(label=o.title(lang), value=_percent(o.attended, o.expected), url=url,
                        note=(_("%(n)s waiting") % {"n": o.waiting}) if o.waiting else "",
                        warn=bool(below)))
    return rows_block(
        title=_("Attendance rate per offering"), rows=rows, order=30,
        intro=_("Offerings under way, and those with a waiting list; each client counted "
                "from the day of the enrolment."),
        empty=_("No offering is under way."),
        more_url=reverse("programme:offerings"), more_text=_("All offerings"),
    )


def hours_block(*, actor, today):
    if actor.role != Role.COORDINATOR:
        return None
    rows = [Row(label=name, value=_("%(month)s h this month, %(total)s h in total")
                % {"month": _h(m), "total": _h(t)}, url=reverse("programme:catalogue"))
            for name, m, t in hours_per_activity(actor=actor, today=today)]
    return rows_block(title=_("Hours delivered per activity"), rows=rows, order=40,
                      intro=_("Hours attended by clients (present or late)."),
                      empty=_("No attendance recorded yet."))


def _h(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'))}".replace(".", "," if _lang() == "pl" else ".")


def registers_block(*, actor, today):
    if actor.role != Role.COORDINATOR:
        return None
    since = today - dt.timedelta(days=REGISTERS_LOOKBACK_DAYS)
    sessions = list(registers_not_taken(actor=actor, today=today, since=since)[:LIST_SIZE])
    lang = _lang()
    rows = [Row(label=f"{s.offering.title(lang)}: {show_date(s.date)} {s.start_time:%H:%M}",
                url=reverse("programme:register", args=[s.pk]), warn=True)
            for s in sessions]
    # The list behind it has every past session without a register, older ones too.
    return rows_block(title=_("Registers not taken"), rows=rows, order=50,
                      intro=_("Sessions of the last %(n)s days, newest first.")
                      % {"n": REGISTERS_LOOKBACK_DAYS},
                      empty=_("Every register of a past session has been taken."),
                      more_url=reverse("programme:registers_missing"),
                      more_text=_("More sessions without a register"))


def behind_rows(*, actor, today) -> list[Row]:
    """For the "clients falling behind" block (core.home): attendance since enrolment."""
    found = list(behind_on_attendance(actor=actor, today=today)[:LIST_SIZE])
    lang = _lang()
    return [Row(label=e.client.code, url=reverse("clients:detail", args=[e.client_id]),
                value=_percent(e.attended, e.held),
                note=_("attendance in %(offering)s since the enrolment")
                % {"offering": e.offering.title(lang)}, warn=True)
            for e in found]
