"""``manage.py load_plan --out var/load/plan.json``: what ``make load`` asks for, and as whom.

The scale organisation (``seed_demo --clients N``) has staff with an activated TOTP
authenticator (secrets derived from the seed: reintegra.demo.staff.totp_secret) and no
password. This gives them the demo password, so that the load test signs in through the
real sign-in, password then TOTP code, and writes a plan: each account's role, how many
clients it reaches (the list's page count), ids and codes of clients within its reach,
the sessions whose register it may take, completed enrolments (certificates) and
surnames to search for. It empties the default cache (sign-in counters left by an earlier
run). Ids and codes only: no name of any client is written (the
surnames come from the synthetic name lists, not from the database).

Synthetic data only: refuses to run in production, as seed_demo does.
"""

import json
import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from reintegra.accounts.models import Role, User
from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.clients.selectors import visible_clients
from reintegra.core.pagination import PAGE_SIZE
from reintegra.demo import names
from reintegra.demo.staff import DEMO_PASSWORD, SCALE_ORGANISATION
from reintegra.programme.models import Enrolment, EnrolmentStatus, Session

SAMPLE = 300  # clients per account: enough that pages repeat rarely in 5 minutes
SESSIONS = 60  # registers per trainer


def _surnames() -> list[str]:
    found: set[str] = set()
    for attribute in dir(names):
        if attribute.endswith("_SURNAMES"):
            for entry in getattr(names, attribute):
                found.update([entry] if isinstance(entry, str) else entry)
    return sorted(found)


class Command(BaseCommand):
    help = "Give the scale organisation's staff the demo password; write the load test's plan."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Where to write the plan (JSON).")
        parser.add_argument("--seed", type=int, default=2026,
                            help="The seed the scale organisation was made with.")

    def handle(self, *args, out, seed, **options):
        if settings.PRODUCTION:
            raise CommandError("load_plan sets passwords of synthetic staff: never in production.")
        staff = list(User.objects.filter(organisation__name=SCALE_ORGANISATION, is_active=True)
                     .order_by("username"))
        if not staff:
            raise CommandError("No scale organisation: run seed_demo --clients N first.")
        # Sign-in counters of an earlier run (failures during a fault test) would still
        # count for 15 minutes: a load test starts from none.
        cache.clear()
        rng = random.Random(seed)
        encoded = make_password(DEMO_PASSWORD)
        today = timezone.localdate()
        accounts = []
        for user in staff:
            if not user.check_password(DEMO_PASSWORD):
                User.objects.filter(pk=user.pk).update(password=encoded)
                record(actor=None, action=Action.UPDATE, obj=user,
                       organisation_id=user.organisation_id)
            reach = visible_clients(user)
            every = list(reach.values_list("pk", flat=True))
            count = len(every)
            ids = rng.sample(every, min(SAMPLE, count))
            codes = dict(reach.filter(pk__in=ids).values_list("pk", "code"))
            sessions = Session.objects.filter(offering__organisation_id=user.organisation_id,
                                              cancelled=False, date__lte=today)
            if user.role == Role.TRAINER:
                sessions = sessions.filter(Q(trainer=user) | Q(trainer__isnull=True,
                                                               offering__trainer=user))
            elif user.role != Role.COORDINATOR:
                sessions = sessions.none()
            session_ids = list(sessions.order_by("-date", "pk").values_list("pk", flat=True)
                               [:SESSIONS * (6 if user.role == Role.COORDINATOR else 1)])
            certificates = []
            if user.role in (Role.COORDINATOR, Role.CASE_WORKER):
                certificates = list(Enrolment.objects.filter(
                    client__in=reach.filter(pk__in=ids), status=EnrolmentStatus.COMPLETED,
                ).values_list("pk", flat=True)[:50])
            accounts.append({
                "username": user.username, "role": user.role, "clients": count,
                "pages": max(1, -(-count // PAGE_SIZE)),
                "client_ids": ids, "codes": [codes[pk] for pk in ids if pk in codes],
                "sessions": session_ids, "certificates": certificates,
            })
        plan = {"seed": seed, "password": DEMO_PASSWORD, "page_size": PAGE_SIZE,
                "surnames": rng.sample(_surnames(), min(60, len(_surnames()))),
                "accounts": accounts}
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(plan))
        self.stdout.write(f"{len(accounts)} accounts, "
                          f"{sum(len(a['sessions']) for a in accounts)} registers: {out}")
