"""System checks of the project's own (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks

# Backends whose entries live in one process's memory (or nowhere): each gunicorn worker
# would count failed sign-ins and used TOTP codes alone.
PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """reintegra.E001: in production the default cache must be shared by all processes."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if getattr(settings, "PRODUCTION", False) and backend in PROCESS_LOCAL_CACHES:
        return [checks.Error(
            f"The default cache ({backend}) is local to one process: login lockout and TOTP "
            "replay protection would be counted per worker.",
            hint="Set REDIS_URL, or leave it unset to use the database cache "
                 "(created by migrate).",
            id="reintegra.E001",
        )]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_no_load_test_limits(app_configs, **kwargs):
    """reintegra.E002: the load test's sign-in limit (REINTEGRA_LOAD_TEST) is never deployed."""
    if getattr(settings, "LOAD_TEST", False):
        return [checks.Error(
            "REINTEGRA_LOAD_TEST is set: the per-address sign-in limits are lifted for a load "
            "test (make load).",
            hint="Unset REINTEGRA_LOAD_TEST: it is for make load on a test machine only.",
            id="reintegra.E002",
        )]
    return []
