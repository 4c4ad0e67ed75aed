"""The load test (bench/load/) signs in with TOTP codes it computes itself: the same secret
as the scale staff's (reintegra.demo.staff) and the same code as allauth accepts."""

import sys
from pathlib import Path

from allauth.mfa.totp.internal import auth

from reintegra.demo.staff import totp_secret

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench" / "load"))
import totp  # noqa: E402


def test_the_load_test_derives_the_scale_staff_secret():
    for seed, username in ((2026, "scale-caseworker1"), (7, "scale-trainer3")):
        assert totp.secret(seed, username) == totp_secret(seed, username)


def test_its_codes_are_the_codes_allauth_accepts():
    secret = totp.secret(2026, "scale-coordinator1")
    for step in (0, 1, 59_000_000, totp.counter()):
        assert totp.code(secret, step) == auth.format_hotp_value(auth.hotp_value(secret, step))
    assert totp.code(secret, 1) != totp.code(secret, 2)
