from django.urls import path

from . import attachments, views

app_name = "privacy"
urlpatterns = [
    path("clients/<int:pk>/consent/new/", views.consent_create, name="consent_create"),
    path("consent/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("clients/<int:pk>/erase/", views.erasure_request_create, name="erasure_request"),
    path("clients/<int:pk>/subject-access/", views.subject_access, name="subject_access"),
    path("clients/<int:pk>/subject-access.json", views.subject_access_json,
         name="subject_access_json"),
    path("clients/<int:pk>/attachments/new/", attachments.attachment_upload,
         name="attachment_upload"),
    path("clients/<int:pk>/attachments/<uuid:uid>/", attachments.attachment_download,
         name="attachment_download"),
    path("clients/<int:pk>/attachments/<uuid:uid>/delete/", attachments.attachment_delete,
         name="attachment_delete"),
    path("erasure/", views.erasure_list, name="erasure_list"),
    path("erasure/<int:pk>/", views.erasure_detail, name="erasure_detail"),
    path("erasure/<int:pk>/confirm/", views.erasure_confirm, name="erasure_confirm"),
    path("erasure/<int:pk>/cancel/", views.erasure_cancel, name="erasure_cancel"),
]
