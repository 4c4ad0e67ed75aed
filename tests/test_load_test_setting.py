"""REINTEGRA_LOAD_TEST lifts the per-address sign-in limits for make load only: check --deploy
refuses it (reintegra.E002), and without it the limits stay as production has them."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

from reintegra.core.checks import check_no_load_test_limits

ROOT = Path(__file__).resolve().parents[1]


def test_deploy_check_refuses_the_load_test_setting():
    with override_settings(LOAD_TEST=True):
        assert [e.id for e in check_no_load_test_limits(None)] == ["reintegra.E002"]
    with override_settings(LOAD_TEST=False):
        assert check_no_load_test_limits(None) == []


def _limits(**env) -> str:
    probe = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='reintegra.settings'; "
             "django.setup(); from django.conf import settings; "
             "print(settings.ACCOUNT_RATE_LIMITS)")
    clean = {k: v for k, v in os.environ.items() if k != "REINTEGRA_LOAD_TEST"}
    return subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env={**clean, **env},  # noqa: S603
                          capture_output=True, text=True, check=True).stdout


def test_only_the_sign_in_limit_is_lifted_and_only_when_asked():
    assert "'login':" not in _limits()  # allauth's default (30 a minute per address) holds
    lifted = _limits(REINTEGRA_LOAD_TEST="1")
    assert "'login': '6000/m/ip'" in lifted
    assert "'login_failed': '5/15m/key'" in lifted  # the per-account lockout stays
    assert "'login_failed': '20/15m/ip,5/15m/key'" in _limits(REINTEGRA_LOAD_TEST="0")
