from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "reintegra.casework"
    verbose_name = _("Case notes and tasks")

    def ready(self):
        from reintegra.clients import panels
        from reintegra.core import due, home

        from . import home as blocks

        panels.register(blocks.notes_panel)
        panels.register(blocks.tasks_panel)
        due.register(blocks.task_items)
        home.register(blocks.recent_contacts_block)
        home.register_behind(blocks.no_contact_rows)
