"""Signing in through the real allauth pages, as a person would."""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.urls import reverse

from reintegra.core.testing import PASSWORD


def totp_code(user, *, offset=0) -> str:
    secret = decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])
    counter = int(time.time()) // app_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def password_step(client, username, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": username, "password": password,
                                                  **extra})


def code_step(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def sign_in(client, user, **extra):
    response = password_step(client, user.username, **extra)
    assert response["Location"] == reverse("mfa_authenticate"), response
    return code_step(client, totp_code(user))
