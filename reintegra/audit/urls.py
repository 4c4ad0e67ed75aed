from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.organisation_events, name="events"),
    path("clients/<int:pk>/", views.client_history, name="client_history"),
]
