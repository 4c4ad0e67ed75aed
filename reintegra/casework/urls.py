from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("clients/<int:client_pk>/notes/", views.client_notes, name="notes"),
    path("clients/<int:client_pk>/notes/new/", views.note_create, name="note_create"),
    path("notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:pk>/history/", views.note_history, name="note_history"),
    path("clients/<int:client_pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("tasks/", views.my_tasks, name="my_tasks"),
]
