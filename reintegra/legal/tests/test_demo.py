import datetime as dt
import random

from django.utils import timezone

from reintegra.accounts.models import Role
from reintegra.core.due import due_for
from reintegra.core.testing import make_client
from reintegra.demo.context import DemoContext
from reintegra.legal import demo
from reintegra.legal.models import Claim, Hearing, LegalStatus, Reminder


def test_demo_has_every_stage_deadlines_and_reminders(people):
    clients = [make_client(people.alice, team=[people.lena], citizenship=[country])
               for country in ("VN", "NG", "BY", "PH", "RO", "VN", "UA", "PL")]
    staff = {role: [u for u in people.all().values()
                    if u.role == role and u.organisation_id == people.org.pk]
             for role in Role.values}
    context = DemoContext(rng=random.Random(1), organisation=people.org, staff=staff,
                          clients=clients, today=dt.date(2026, 11, 1))
    demo.seed(context)
    kinds = set(LegalStatus.objects.values_list("kind", "stage"))
    assert {("certificate_170", "granted"), ("permit_176", "applied"),
            ("permit_176", "granted"), ("temporary_protection", "granted"),
            ("cukr", "applied")} <= kinds
    assert LegalStatus.objects.filter(is_renewal=True).exists()
    assert LegalStatus.objects.filter(replaced_by__isnull=False).count() >= 2
    assert Hearing.objects.filter(held_on__gt=timezone.localdate()).exists()
    assert Claim.objects.filter(kind="state_2005").exists()
    assert not LegalStatus.objects.filter(client=clients[-1]).exists()  # the Polish client
    assert Reminder.objects.filter(user=people.lena).exists()
    assert len(due_for(people.lena, timezone.localdate())) >= 3
