"""Who may open each URL of the programme app (the project's access-matrix test walks
these; test_access.py walks them too until that test exists).

``setup(world)`` makes: a venue and an activity; an offering taught by tina that started
two weeks ago with ``world.team_client`` enrolled; a past session of it; a completed
enrolment of the same client in an older course (for the certificate); tina's calendar
feed (its secret token kept on ``world``).
"""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

ORG_STAFF = {"alice", "bob", "charlie", "lena", "piotr", "tina", "dora"}
ANY_STAFF = ORG_STAFF | {"oscar"}  # pages that show the actor's own organisation
EVERYONE = ANY_STAFF | {"anonymous"}


def setup(world):
    from reintegra.programme import services
    from reintegra.programme.models import Enrolment, EnrolmentStatus, Offering
    from reintegra.programme.tests.factories import make_activity, make_offering, make_venue

    today = timezone.localdate()
    venue = make_venue(world.alice.organisation, "Room 2")
    activity = make_activity(world.alice.organisation)
    offering = make_offering(world.alice, activity=activity, venue=venue, trainer=world.tina)
    enrolment = services.enrol_client(actor=world.alice, client=world.team_client,
                                      offering=offering, acknowledge_warnings=True)
    # Another team's client on the same course: its roster is scanned for what each shows.
    services.enrol_client(actor=world.alice, client=world.off_team_client,
                          offering=offering, acknowledge_warnings=True)
    older = make_offering(world.alice, activity=activity, venue=venue, trainer=world.tina,
                          start=today - dt.timedelta(days=120), weeks=2, end_date=today,
                          weekdays=("1",), start_time=dt.time(10), end_time=dt.time(12))
    done = services.enrol_client(actor=world.alice, client=world.team_client, offering=older,
                                 acknowledge_warnings=True)
    # The older course has since ended and the client completed it.
    Offering.objects.filter(pk=older.pk).update(end_date=today - dt.timedelta(days=100))
    older.sessions.filter(date__gt=today - dt.timedelta(days=100)).delete()
    Enrolment.objects.filter(pk=done.pk).update(status=EnrolmentStatus.COMPLETED,
                                                completed_at=timezone.now())
    world.programme = SimpleNamespace(
        venue=venue, activity=activity, offering=offering, enrolment=enrolment,
        completed=done, session=offering.sessions.filter(date__lt=today).first(),
        feed_token=services.create_trainer_feed(actor=world.tina).token,
    )


def _p(world):
    return world.programme


RULES = {
    "programme:catalogue": {"allow": ANY_STAFF, "kwargs": lambda w: {}},
    "programme:activity_create": {"allow": {"alice", "oscar"}, "kwargs": lambda w: {}},
    "programme:activity": {"allow": ORG_STAFF,
                           "kwargs": lambda w: {"pk": _p(w).activity.pk}},
    "programme:activity_edit": {"allow": {"alice"},
                                "kwargs": lambda w: {"pk": _p(w).activity.pk}},
    "programme:venues": {"allow": {"alice", "oscar"}, "kwargs": lambda w: {}},
    "programme:venue_create": {"allow": {"alice", "oscar"}, "kwargs": lambda w: {}},
    "programme:venue_edit": {"allow": {"alice"}, "kwargs": lambda w: {"pk": _p(w).venue.pk}},
    "programme:offerings": {"allow": ANY_STAFF, "kwargs": lambda w: {}},
    "programme:offering_create": {"allow": {"alice", "oscar"}, "kwargs": lambda w: {}},
    "programme:offering": {"allow": ORG_STAFF,
                           "kwargs": lambda w: {"pk": _p(w).offering.pk}},
    "programme:offering_edit": {"allow": {"alice"},
                                "kwargs": lambda w: {"pk": _p(w).offering.pk}},
    "programme:offering_enrol": {"allow": {"alice", "bob", "charlie"},
                                 "kwargs": lambda w: {"pk": _p(w).offering.pk}},
    "programme:offering_enrol_group": {"allow": {"alice", "bob", "charlie"},
                                       "kwargs": lambda w: {"pk": _p(w).offering.pk}},
    "programme:completions": {"allow": {"alice"}, "method": "POST",
                              "kwargs": lambda w: {"pk": _p(w).offering.pk}},
    "programme:session_create": {"allow": {"alice"},
                                 "kwargs": lambda w: {"offering_pk": _p(w).offering.pk}},
    "programme:session_edit": {"allow": {"alice"}, "kwargs": lambda w: {
        "offering_pk": _p(w).offering.pk, "pk": _p(w).session.pk}},
    "programme:my_sessions": {"allow": ANY_STAFF, "kwargs": lambda w: {}},
    "programme:registers_missing": {"allow": {"alice", "oscar", "tina"}, "kwargs": lambda w: {}},
    "programme:register": {"allow": {"alice", "tina"},
                           "kwargs": lambda w: {"pk": _p(w).session.pk}},
    "programme:attendance_sheet": {"allow": {"alice", "tina"},
                                   "kwargs": lambda w: {"pk": _p(w).session.pk}},
    "programme:week": {"allow": ANY_STAFF, "kwargs": lambda w: {}},
    "programme:client": {"allow": {"alice", "bob", "piotr"},
                         "kwargs": lambda w: {"client_pk": w.team_client.pk}},
    "programme:client_feed": {"allow": {"alice", "bob"}, "method": "POST",
                              "kwargs": lambda w: {"client_pk": w.team_client.pk}},
    "programme:withdraw": {"allow": {"alice", "bob"},
                           "kwargs": lambda w: {"pk": _p(w).enrolment.pk}},
    "programme:certificate": {"allow": {"alice", "bob"},
                              "kwargs": lambda w: {"pk": _p(w).completed.pk}},
    "programme:my_feed": {"allow": ANY_STAFF, "kwargs": lambda w: {}},
    "programme:feed": {"allow": EVERYONE, "kwargs": lambda w: {"token": _p(w).feed_token}},
}
