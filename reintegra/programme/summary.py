"""Running totals of attendance, kept in the same transaction as the register or session
that changes them, so that home pages sum them instead of counting every attendance row:

- ``Session.attended``: present or late marks on the session's register, ``Session.marks``
  marks of any kind (none: the register has not been taken);
- ``Offering.attended_hours``: participant hours, each session's ``attended`` times its
  length (``Session.hours``), over its sessions not cancelled.

``refresh_session`` and ``refresh_offering`` recount one register or offering from the rows
themselves (a few dozen), so whatever changed, the figure stays exact; ``refresh_all``
recounts every one (the migration that added them, bulk-made demonstration data).
"""

from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .models import ATTENDED, Attendance, Offering, Session


def _hours(session_rows) -> Decimal:
    return sum((Session(date=day, start_time=start, end_time=end).hours * attended
                for day, start, end, attended in session_rows), Decimal(0))


def hours_attended(sessions) -> Decimal:
    """``Offering.attended_hours`` from its sessions' kept ``attended`` (unsaved ones too:
    the scale seed counts them as it makes the marks)."""
    return _hours((s.date, s.start_time, s.end_time, s.attended)
                  for s in sessions if not s.cancelled and s.attended)


def refresh_session(session: Session) -> None:
    """Recount the session's marks, then its offering's hours."""
    counts = Attendance.objects.filter(session_id=session.pk).aggregate(
        marks=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED)))
    Session.objects.filter(pk=session.pk).update(**counts)
    refresh_offering(session.offering_id)


def refresh_offering(offering_id: int) -> None:
    rows = Session.objects.filter(offering_id=offering_id, cancelled=False, attended__gt=0) \
        .values_list("date", "start_time", "end_time", "attended")
    Offering.objects.filter(pk=offering_id).update(attended_hours=_hours(rows))


def refresh_all(*, session_model=Session, offering_model=Offering,
                attendance_model=Attendance, offerings=None) -> None:
    """Recount every session and offering (``offerings``: only these, by id). The models
    may be a migration's historical ones."""
    sessions = session_model.objects.all()
    if offerings is not None:
        sessions = sessions.filter(offering_id__in=offerings)
    def count(**only):
        rows = (attendance_model.objects.filter(session=OuterRef("pk"), **only)
                .order_by().values("session").annotate(n=Count("pk")).values("n"))
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    counts = {"attended": count(status__in=ATTENDED), "marks": count()}
    fields = {f.name for f in session_model._meta.get_fields()}  # a migration's may lack one
    sessions.update(**{name: value for name, value in counts.items() if name in fields})
    hours: dict[int, Decimal] = {}
    for offering_id, day, start, end, attended in (
            sessions.filter(cancelled=False, attended__gt=0).order_by()
            .values_list("offering_id", "date", "start_time", "end_time", "attended")
            .iterator(chunk_size=5000)):
        hours[offering_id] = hours.get(offering_id, Decimal(0)) + _hours(
            [(day, start, end, attended)])
    todo = offering_model.objects.all() if offerings is None else \
        offering_model.objects.filter(pk__in=offerings)
    changed = []
    for offering in todo.only("pk", "attended_hours").iterator(chunk_size=5000):
        if offering.attended_hours != hours.get(offering.pk, Decimal(0)):
            offering.attended_hours = hours.get(offering.pk, Decimal(0))
            changed.append(offering)
    offering_model.objects.bulk_update(changed, ["attended_hours"], batch_size=500)
