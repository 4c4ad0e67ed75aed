from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "reintegra.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from reintegra.clients import panels

        from .panels import access_history_panel

        panels.register(access_history_panel)

        from reintegra.core import home

        from .home import unusual_access_block

        home.register(unusual_access_block)
