from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("activities/new/", views.activity_form, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_form, name="activity_edit"),
    path("venues/", views.venue_list, name="venues"),
    path("venues/new/", views.venue_form, name="venue_create"),
    path("venues/<int:pk>/edit/", views.venue_form, name="venue_edit"),
    path("offerings/", views.offering_list, name="offerings"),
    path("offerings/new/", views.offering_form, name="offering_create"),
    path("offerings/<int:pk>/", views.offering_detail, name="offering"),
    path("offerings/<int:pk>/edit/", views.offering_form, name="offering_edit"),
    path("offerings/<int:pk>/enrol/", views.offering_enrol, name="offering_enrol"),
    path("offerings/<int:pk>/enrol-group/", views.enrol_group, name="offering_enrol_group"),
    path("offerings/<int:pk>/completions/", views.record_completions, name="completions"),
    path("offerings/<int:offering_pk>/sessions/new/", views.session_form,
         name="session_create"),
    path("offerings/<int:offering_pk>/sessions/<int:pk>/edit/", views.session_form,
         name="session_edit"),
    path("sessions/", views.my_sessions, name="my_sessions"),
    path("sessions/no-register/", views.registers_missing, name="registers_missing"),
    path("sessions/<int:pk>/register/", views.register, name="register"),
    path("sessions/<int:pk>/attendance.pdf", views.attendance_sheet, name="attendance_sheet"),
    path("week/", views.week, name="week"),
    path("clients/<int:client_pk>/", views.client_programme, name="client"),
    path("clients/<int:client_pk>/feed/", views.client_feed, name="client_feed"),
    path("enrolments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("enrolments/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("calendar/", views.my_feed, name="my_feed"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
