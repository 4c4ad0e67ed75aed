import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in user without MFA may still reach: to set MFA up, or to leave.
MFA_SETUP_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/health/")


class IdleTimeoutMiddleware:
    """Ends a session after IDLE_TIMEOUT_SECONDS without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.IDLE_TIMEOUT_SECONDS:
                logout(request)
                return redirect(f"{reverse('account_login')}?timeout=1")
            if now - last >= 60 or "last_seen" not in request.session:
                # Minute resolution: no session write (3 queries) on every request.
                request.session["last_seen"] = now
        return self.get_response(request)


def has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


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
