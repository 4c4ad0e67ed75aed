from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("import/", views.import_file, name="import"),
]
