"""Sign-in limits hold across server processes (gunicorn workers).

allauth keeps its failed-login counters (``ACCOUNT_RATE_LIMITS``) and the TOTP codes already
used (replay protection) in Django's default cache. A process-local cache lets each worker
count alone: with two workers, twice the attempts before the lockout and one code accepted
twice. These tests run two separate Python processes against the configured cache (the
database cache, and Redis when it answers) and count across both.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import checks
from django.test import override_settings

from reintegra.core.checks import check_shared_cache

ROOT = Path(__file__).resolve().parents[1]
REDIS = ("127.0.0.1", 6379)

# Run in each process: five failed sign-ins for one username (allauth's own accounting,
# as its login view does it), then the one current TOTP code of one secret.
PROBE = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "reintegra.settings"
django.setup()
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth
from allauth.mfa.utils import encrypt
from django.core.exceptions import ValidationError
from django.test import RequestFactory

request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.0.0.1")
# allauth's own counting (the project's adapter adds an audit row on top, which needs tables)
adapter = DefaultAccountAdapter(request)
allowed = 0
for _ in range(5):
    try:
        adapter.pre_authenticate(request, username="alice", password="wrong")
        allowed += 1
    except ValidationError:
        pass
secret, counter = sys.argv[1], int(sys.argv[2])
# Both processes live in the same 30-second period, however slowly they start.
auth.yield_hotp_counters_from_time = lambda: iter([counter])
code = auth.format_hotp_value(auth.hotp_value(secret, counter))
totp = auth.TOTP(Authenticator(user_id=4242, type="totp", data={"secret": encrypt(secret)}))
print(allowed, int(totp.validate_code(code)))
"""


def _run(env, counter) -> tuple[int, int]:
    out = subprocess.run([sys.executable, "-c", PROBE, "JBSWY3DPEHPK3PXP", counter],  # noqa: S603
                         cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    allowed, accepted = out.stdout.split()[-2:]
    return int(allowed), int(accepted)


def _two_processes(env) -> list[tuple[int, int]]:
    counter = str(int(time.time()) // 30)
    return [_run(env, counter), _run(env, counter)]


def _base_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(REINTEGRA_ENV="test", REINTEGRA_VAR_DIR=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'main.sqlite3'}",
               KEYSTORE_DATABASE_URL=f"sqlite:///{tmp_path / 'keys.sqlite3'}",
               PYTHONDONTWRITEBYTECODE="1")
    for name in ("SECRET_KEY", "REINTEGRA_MFA_KEY"):
        env[name] = "0" * 64  # both processes encrypt and sign alike
    return env


def _assert_shared(results):
    (first_allowed, first_code), (second_allowed, second_code) = results
    # ACCOUNT_RATE_LIMITS allows 5 failures per username: 5 in all, not 5 per process.
    assert first_allowed + second_allowed == 5, results
    assert (first_code, second_code) == (1, 0), "one TOTP code must be accepted only once"


def test_lockout_and_totp_replay_hold_across_processes_with_the_database_cache(tmp_path):
    env = _base_env(tmp_path)
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr[-2000:]
    _assert_shared(_two_processes(env))


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis at 127.0.0.1:6379")
def test_lockout_and_totp_replay_hold_across_processes_with_redis(tmp_path):
    import redis

    db = 9  # a database of its own, emptied before and after
    url = f"redis://{REDIS[0]}:{REDIS[1]}/{db}"
    redis.Redis.from_url(url).flushdb()
    try:
        _assert_shared(_two_processes({**_base_env(tmp_path), "REDIS_URL": url}))
    finally:
        redis.Redis.from_url(url).flushdb()


# --- check --deploy refuses a process-local cache in production -------------------------

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SHARED = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                      "LOCATION": "reintegra_cache"}}


def test_the_deploy_check_refuses_a_process_local_cache_in_production():
    with override_settings(CACHES=LOCAL, PRODUCTION=True):
        [error] = check_shared_cache(app_configs=None)
        assert error.id == "reintegra.E001" and error.level == checks.ERROR
    with override_settings(CACHES=SHARED, PRODUCTION=True):
        assert check_shared_cache(app_configs=None) == []
    with override_settings(CACHES=LOCAL, PRODUCTION=False):
        assert check_shared_cache(app_configs=None) == []


def test_the_check_is_registered_for_deploy():
    assert check_shared_cache in checks.registry.registry.get_checks(include_deployment_checks=True)
