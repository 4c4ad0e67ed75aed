from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("clients/<int:client_pk>/schedule/", views.schedule, name="schedule"),
    path("clients/<int:client_pk>/self-completion/", views.self_start, name="self_start"),
    path("administrations/<int:pk>/interview/", views.administer, name="administer"),
    path("administrations/<int:pk>/answers/", views.answers, name="answers"),
    path("cohort/", views.cohort, name="cohort"),
    # The client's questionnaire on a tablet: no staff login, a one-time signed token.
    path("q/<str:token>/", views.q, name="q"),
    path("q-done/<str:language>/", views.q_thanks, name="q_thanks"),
]
