"""Demo staff: one login per role (three case workers and three trainers), each with a
password and an activated TOTP authenticator. Demo only: see ``manage.py demo_logins``."""

from __future__ import annotations

import base64
import hashlib
import hmac

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password

from reintegra.accounts.models import Role, User
from reintegra.audit.models import Action
from reintegra.audit.services import record

DEMO_ORGANISATION = "Fundacja Demo (dane fikcyjne)"
DEMO_PREFIX = "DEMO"
SCALE_ORGANISATION = "Fundacja Skala (dane syntetyczne)"
SCALE_PREFIX = "SYN"
# Printed by demo_logins: the demo is meant to be tried by anyone who runs it.
DEMO_PASSWORD = "demo-reintegra-2026"

# (username, role, first name, last name): synthetic Polish staff.
DEMO_STAFF = (
    ("coordinator", Role.COORDINATOR, "Małgorzata", "Sobczak"),
    ("caseworker1", Role.CASE_WORKER, "Karolina", "Wilk"),
    ("caseworker2", Role.CASE_WORKER, "Tomasz", "Baran"),
    ("caseworker3", Role.CASE_WORKER, "Joanna", "Sikora"),
    ("legal", Role.LEGAL_ADVISOR, "Agata", "Kubiak"),
    ("psychologist", Role.PSYCHOLOGIST, "Paweł", "Lis"),
    ("trainer1", Role.TRAINER, "Zofia", "Mróz"),
    ("trainer2", Role.TRAINER, "Adam", "Czarnecki"),
    ("trainer3", Role.TRAINER, "Oliwia", "Nowicka"),
    ("dpo", Role.DPO, "Robert", "Kaczmarek"),
)

# Scale mode: enough case workers that each case team is a realistic share of the load.
SCALE_STAFF_COUNTS = {
    Role.COORDINATOR: 1, Role.CASE_WORKER: 20, Role.LEGAL_ADVISOR: 3, Role.PSYCHOLOGIST: 3,
    Role.TRAINER: 5, Role.DPO: 1,
}


def totp_secret(seed: int, username: str) -> str:
    """A base32 TOTP secret derived from the seed: the same demo gives the same codes."""
    digest = hmac.new(f"reintegra-demo-totp:{seed}".encode(), username.encode(),
                      hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def create_staff(*, organisation, seed: int, roster, password: str | None) -> dict:
    """Users with an activated authenticator; returns {role: [users]} for every Role."""
    encoded = make_password(password) if password else make_password(None)  # hash once
    staff: dict = {role: [] for role in Role.values}
    for username, role, first, last in roster:
        user = User.objects.create(
            username=username, role=role, organisation=organisation, first_name=first,
            last_name=last, password=encoded,
        )
        TOTP.activate(user, totp_secret(seed, username))
        record(actor=None, action=Action.CREATE, obj=user, organisation_id=organisation.pk)
        staff[str(role)].append(user)
    return staff


def scale_roster(prefix: str):
    for role, count in SCALE_STAFF_COUNTS.items():
        for i in range(1, count + 1):
            label = role.value.replace("_", "")
            yield f"{prefix}-{label}{i}", role, label.title(), f"Skala {i}"


def totp_secret_of(user) -> str | None:
    from allauth.mfa.utils import decrypt

    auth = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(auth.data["secret"]) if auth else None
