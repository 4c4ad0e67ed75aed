"""The demo's logins: username, role, password, TOTP secret and the code valid now.

Only users of the demo organisation, and never in production (the caller checks
``settings.PRODUCTION``): this prints second factors, which is acceptable only for
synthetic data that anyone may try.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.hashers import check_password

from reintegra.accounts.models import Organisation, User

from .staff import DEMO_ORGANISATION, DEMO_PASSWORD, totp_secret_of


@dataclass
class DemoLogin:
    username: str
    role: str
    password: str  # empty if the user has changed it since the seed
    secret: str | None
    code: str | None
    next_code: str | None  # valid in the next 30-second window


def current_code(secret: str, ahead: int = 0) -> str:
    """The code for the current 30-second window (the middle of allauth's tolerance), or
    for ``ahead`` windows later."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2] + ahead))


def seconds_left() -> int:
    period = mfa_settings.TOTP_PERIOD
    return period - int(time.time()) % period


def demo_users():
    organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if organisation is None:
        return User.objects.none()
    return User.objects.filter(organisation=organisation).order_by("pk")


def demo_logins() -> list[DemoLogin]:
    logins = []
    checked: dict[str, bool] = {}  # the seed hashes the password once for all: check once
    for user in demo_users():
        secret = totp_secret_of(user)
        if user.password not in checked:
            checked[user.password] = check_password(DEMO_PASSWORD, user.password)
        logins.append(DemoLogin(
            username=user.username, role=str(user.get_role_display()),
            password=DEMO_PASSWORD if checked[user.password] else "",
            secret=secret, code=current_code(secret) if secret else None,
            next_code=current_code(secret, ahead=1) if secret else None,
        ))
    return logins
