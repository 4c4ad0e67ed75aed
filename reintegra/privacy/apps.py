from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "reintegra.privacy"
    verbose_name = _("Data protection")

    def ready(self):
        from . import panels  # noqa: F401 - registers the client page panels
