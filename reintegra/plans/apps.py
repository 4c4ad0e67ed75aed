from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "reintegra.plans"
    verbose_name = _("Support plans")

    def ready(self):
        from reintegra.clients.panels import register

        from .panels import plans_panel

        register(plans_panel)

        from reintegra.core import due
        from reintegra.core import home as home_page

        from . import home

        for source in (home.plan_items, home.reassessment_items):
            due.register(source)
        home_page.register(home.coordinator_block)
        home_page.register_behind(home.behind_rows)
