from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from reintegra.accounts import views as accounts_views
from reintegra.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    # The language switch serves the login page too, before anyone is logged in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Self-service password reset by e-mail is off (a coordinator resets sign-in): these
    # shadow allauth's reset pages, which would otherwise try to send mail.
    path("accounts/password/reset/", accounts_views.password_reset_disabled,
         name="password_reset_disabled"),
    path("accounts/password/reset/<path:rest>", accounts_views.password_reset_disabled,
         name="password_reset_disabled_key"),
    path("accounts/", include("allauth.urls")),
    path("", include("reintegra.accounts.urls")),
    path("clients/", include("reintegra.clients.urls")),
    path("plans/", include("reintegra.plans.urls")),
    path("programme/", include("reintegra.programme.urls")),
    path("outcomes/", include("reintegra.outcomes.urls")),
    path("privacy/", include("reintegra.privacy.urls")),
    path("audit/", include("reintegra.audit.urls")),
    path("legal/", include("reintegra.legal.urls")),
    path("due/", include("reintegra.core.urls")),
    path("casework/", include("reintegra.casework.urls")),
    path("reports/", include("reintegra.reports.urls")),
    path("exchange/", include("reintegra.exchange.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "reintegra.core.errors.server_error"  # the 500 page shows the request id
