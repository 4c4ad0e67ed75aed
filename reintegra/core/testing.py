"""The shared test base: named personas (in the manner of healthchecks' alice/bob/charlie)
and small factories that go through the services, as the app does."""

import itertools
from datetime import date
from functools import cache

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password

from reintegra.accounts.models import Organisation, Role, User

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


@cache
def _password_hash() -> str:
    # argon2 is slow on purpose; hashing once per process keeps persona set-up fast
    # while every persona still logs in with PASSWORD through the real hasher.
    return make_password(PASSWORD)


def make_user(username, role, organisation, *, mfa=True, **extra) -> User:
    user = User.objects.create(
        username=username, password=_password_hash(), role=role, organisation=organisation,
        first_name=extra.pop("first_name", username.title()),
        last_name=extra.pop("last_name", "Tester"), **extra,
    )
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


class Personas:
    """alice coordinates; bob is on the case team; charlie is a case worker off it; lena
    (legal) and piotr (psychologist) are on the team; tina trains; dora is the DPO; oscar
    coordinates another organisation."""

    def __init__(self):
        self.org = Organisation.objects.create(name="Fundacja Test")
        self.other_org = Organisation.objects.create(
            name="Other Foundation", client_code_prefix="OF"
        )
        self.alice = make_user("alice", Role.COORDINATOR, self.org)
        self.bob = make_user("bob", Role.CASE_WORKER, self.org)
        self.charlie = make_user("charlie", Role.CASE_WORKER, self.org)
        self.lena = make_user("lena", Role.LEGAL_ADVISOR, self.org)
        self.piotr = make_user("piotr", Role.PSYCHOLOGIST, self.org)
        self.tina = make_user("tina", Role.TRAINER, self.org)
        self.dora = make_user("dora", Role.DPO, self.org)
        self.oscar = make_user("oscar", Role.COORDINATOR, self.other_org)

    def all(self):
        return {name: getattr(self, name) for name in
                ("alice", "bob", "charlie", "lena", "piotr", "tina", "dora", "oscar")}


def client_data(**overrides):
    n = next(_seq)
    identity = {
        "first_name": overrides.pop("first_name", f"Anna{n}"),
        "second_name": overrides.pop("second_name", "Kowalska"),
        "chosen_name": overrides.pop("chosen_name", "Ania"),
        "birth_date": overrides.pop("birth_date", date(1990, 5, 17)),
        "phone": overrides.pop("phone", "+48 600 100 200"),
        "email": overrides.pop("email", f"anna{n}@example.org"),
        "documents": overrides.pop("documents", [{"type": "passport", "number": f"EK{n:07d}"}]),
    }
    case = {
        "intake_date": date(2026, 3, 2),
        "gender": "Feminine",
        "citizenship": ["PL"],
        "primary_language": "pol",
        "secondary_language": "",
        "trafficking_status": "ActualVictimOfTrafficking",
        "trafficking_status_decided_by": "Police",
        "exploitation_types": ["SexualExploitation"],
        "control_methods": ["DebtBondage"],
        "relationship_to_trafficker": "Acquainted",
        "exploitation_country": "DE",
        "referral_organisation": "KCIK",
        "referral_date": date(2026, 3, 1),
        "referral_reason": "AdditionalServicesRequired",
        "referral_details": "Referred after the shelter stay.",
        "art9_basis": "9_2_a",
    }
    case.update(overrides)
    return case, identity


def make_client(actor, *, team=(), owner=None, **overrides):
    from reintegra.clients.services import register_client

    case, identity = client_data(**overrides)
    case["case_owner"] = owner or actor
    case["team"] = list(team)
    return register_client(actor=actor, case=case, identity=identity)


def chain_locks(events: int) -> int:
    """Queries the audit chain's lock adds for ``events`` separate writes: PostgreSQL takes
    an advisory lock per write (one SELECT); SQLite's IMMEDIATE transactions need none.
    Query budgets add this, so that they hold the same on both databases."""
    from django.db import connection

    return events if connection.vendor == "postgresql" else 0
