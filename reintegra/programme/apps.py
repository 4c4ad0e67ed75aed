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
        _register_erasure()


def _register_erasure():
    from reintegra.privacy.erasure import register_eraser, register_kept

    from .services import delete_client_feeds

    register_kept("programme.Enrolment",
                  "offering, status and coded withdrawal reason; the sealed note is emptied")
    register_kept("programme.Attendance", "session and status: counted in statistics")
    register_eraser(delete_client_feeds, models=("programme.CalendarFeed",))
