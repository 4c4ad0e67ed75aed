import datetime as dt
import random

from reintegra.audit.models import AuditEvent
from reintegra.core.testing import make_client, make_user
from reintegra.demo.context import DemoContext
from reintegra.programme import demo
from reintegra.programme.models import Activity, Attendance, Enrolment, Offering, Session


def context_for(people, clients, today, **extra):
    staff = {"coordinator": [people.alice], "case_worker": [people.bob],
             "legal_advisor": [people.lena], "psychologist": [people.piotr],
             "trainer": [people.tina, make_user("tomek", "trainer", people.org),
                         make_user("ola", "trainer", people.org)],
             "dpo": [people.dora]}
    return DemoContext(rng=random.Random(7), organisation=people.org, staff=staff,
                       clients=clients, today=today, **extra)


def test_seed_fills_the_catalogue_a_term_and_its_registers(people):
    clients = [make_client(people.alice, team=[people.bob], owner=people.bob,
                           intake_date=dt.date(2026, 3, 2)) for _ in range(6)]
    context = context_for(people, clients, today=dt.date(2026, 10, 6))
    demo.seed(context)
    names = set(Activity.objects.values_list("name_en", flat=True))
    assert {"Human rights workshops", "Polish A1", "English for beginners", "Budget planning",
            "ABC of assertiveness", "Self-defence for women", "First aid",
            "Computer literacy", "Relaxation and stress management",
            "Psychological counselling", "Legal counselling",
            "Career counselling"} <= names
    assert Activity.objects.filter(kind="outside").exists()
    assert Offering.objects.count() == len(demo.TERM)
    assert Enrolment.objects.filter(client__in=clients).exists()
    past = Attendance.objects.filter(session__date__lt=context.today)
    assert past.exists() and not Attendance.objects.filter(
        session__date__gte=context.today).exists()
    assert context.extra["programme"]["attendance"] == Attendance.objects.count()


def test_seed_scale_bulk_inserts_twenty_marks_per_client(people):
    clients = [make_client(people.alice, intake_date=dt.date(2025, 1, 1) + dt.timedelta(i))
               for i in range(25)]
    before = AuditEvent.objects.count()
    context = context_for(people, clients, today=dt.date(2026, 10, 1), scale=True)
    demo.seed_scale(context)
    assert Offering.objects.count() == 3  # groups of ten
    assert Session.objects.count() == 3 * demo.SESSIONS_PER_COURSE
    assert Enrolment.objects.count() == 25
    assert Attendance.objects.count() == 25 * demo.SESSIONS_PER_COURSE
    assert AuditEvent.objects.count() - before == 2  # one per batch, not per row


def test_seed_scale_inserts_running_totals_equal_to_a_recount(people):
    from reintegra.programme import summary

    clients = [make_client(people.alice, intake_date=dt.date(2026, 8, 1) + dt.timedelta(i))
               for i in range(25)]
    demo.seed_scale(context_for(people, clients, today=dt.date(2026, 10, 1), scale=True))
    seeded = {"sessions": list(Session.objects.order_by("pk")
                                .values_list("pk", "attended", "marks")),
              "offerings": list(Offering.objects.order_by("pk")
                                .values_list("pk", "attended_hours"))}
    # Some registers are taken (the course began before "today"), some not yet.
    assert any(marks for _pk, _a, marks in seeded["sessions"])
    assert any(not marks for _pk, _a, marks in seeded["sessions"])
    summary.refresh_all()
    assert list(Session.objects.order_by("pk").values_list("pk", "attended", "marks")) \
        == seeded["sessions"]
    assert list(Offering.objects.order_by("pk").values_list("pk", "attended_hours")) \
        == seeded["offerings"]
