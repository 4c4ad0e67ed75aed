from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "reintegra.plans"
    verbose_name = _("Support plans")

    def ready(self):
        from reintegra.clients.panels import register

        from .panels import plans_panel

        register(plans_panel)
