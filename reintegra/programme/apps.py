from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "reintegra.programme"
    verbose_name = _("Activity programme")

    def ready(self):
        from reintegra.clients import panels

        from .panels import client_panel

        panels.register(client_panel)

        from reintegra.core import home as home_page

        from . import home

        for block in (home.coordinator_blocks, home.hours_block, home.registers_block):
            home_page.register(block)
        home_page.register_behind(home.behind_rows)
