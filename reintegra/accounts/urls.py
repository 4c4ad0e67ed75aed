from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("setup/", views.setup, name="setup"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/invite/", views.staff_invite, name="staff_invite"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/role/", views.staff_role, name="staff_role"),
    path("staff/<int:pk>/link/", views.staff_link, name="staff_link"),
    path("staff/<int:pk>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("staff/<int:pk>/reactivate/", views.staff_reactivate, name="staff_reactivate"),
    path("staff/<int:pk>/teams/add/", views.team_add, name="team_add"),
    path("staff/<int:pk>/teams/<int:client_pk>/remove/", views.team_remove,
         name="team_remove"),
    path("staff/<int:pk>/reset/", views.reset_request, name="reset_request"),
    path("staff/resets/<int:pk>/confirm/", views.reset_confirm, name="reset_confirm"),
    path("staff/resets/<int:pk>/cancel/", views.reset_cancel, name="reset_cancel"),
    path("organisation/", views.organisation_settings, name="organisation"),
]
