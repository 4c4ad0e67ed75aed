from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("clients/<int:pk>/", views.client_page, name="client"),
    path("clients/<int:pk>/status/new/", views.status_new, name="status_new"),
    path("status/<int:pk>/replace/", views.status_replace, name="status_replace"),
    path("clients/<int:pk>/documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/scan/", views.document_scan, name="document_scan"),
    path("documents/<int:pk>/scan/file/", views.document_scan_download,
         name="document_scan_download"),
    path("clients/<int:pk>/proceedings/new/", views.proceeding_new, name="proceeding_new"),
    path("proceedings/<int:pk>/hearings/new/", views.hearing_new, name="hearing_new"),
    path("clients/<int:pk>/claims/new/", views.claim_new, name="claim_new"),
    path("clients/<int:pk>/notes/new/", views.note_new, name="note_new"),
    path("deadlines/<int:pk>/done/", views.deadline_done, name="deadline_done"),
    path("clients/<int:pk>/timeline/", views.timeline, name="timeline"),
    path("clients/<int:pk>/timeline.pdf", views.timeline_pdf, name="timeline_pdf"),
    path("rules/", views.rules, name="rules"),
    path("rules/<slug:code>/edit/", views.rule_edit, name="rule_edit"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/<int:pk>/read/", views.reminder_read, name="reminder_read"),
]
