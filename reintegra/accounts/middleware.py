import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in user without MFA may still reach: to set MFA up, or to leave.
MFA_SETUP_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/health/")


def idle_timeout_seconds(user) -> int:
    from .org_settings import for_organisation

    return for_organisation(user.organisation).idle_timeout_seconds


class IdleTimeoutMiddleware:
    """Ends a session after the organisation's idle timeout without a request.

    The timeout (org_settings; the server's IDLE_TIMEOUT_SECONDS unless the organisation
    set its own) is read when the stamp is written, at most once a minute, and kept in
    the session: no query on the other requests. A change applies within a minute.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            timeout = request.session.get("idle_timeout", settings.IDLE_TIMEOUT_SECONDS)
            if now - last > timeout:
                logout(request)
                return redirect(f"{reverse('account_login')}?timeout=1")
            if now - last >= 60 or "last_seen" not in request.session:
                # Minute resolution: no session write (3 queries) on every request.
                request.session["last_seen"] = now
                request.session["idle_timeout"] = idle_timeout_seconds(request.user)
        return self.get_response(request)


def has_mfa(user) -> bool:
    """From the user row this request loaded (User.has_totp, kept with the authenticators):
    no query, and a device revoked in any process counts from the next request."""
    return bool(user.has_totp)


class RequireMFAMiddleware:
    """No staff user reaches any page beyond MFA setup until TOTP is active."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.REINTEGRA_REQUIRE_MFA
            and user.is_authenticated
            and not request.path.startswith(MFA_SETUP_PREFIXES)
            and not has_mfa(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
