from django.contrib import admin
from django.urls import include, path

from reintegra.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("clients/", include("reintegra.clients.urls")),
    path("plans/", include("reintegra.plans.urls")),
    path("programme/", include("reintegra.programme.urls")),
    path("privacy/", include("reintegra.privacy.urls")),
    path("admin/", admin.site.urls),
]
