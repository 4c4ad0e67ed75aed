from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "reintegra.privacy"
    verbose_name = _("Data protection")

    def ready(self):
        from reintegra.core import home as home_page

        from . import panels  # noqa: F401 - registers the client page panels
        from .home import consents_block, requests_block

        home_page.register(requests_block)
        home_page.register(consents_block)
