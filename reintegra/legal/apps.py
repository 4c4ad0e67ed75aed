from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "reintegra.legal"
    verbose_name = _("Legal status")

    def ready(self):
        from reintegra.clients import panels
        from reintegra.core import due, home
        from reintegra.privacy.erasure import register_eraser

        from . import blocks

        panels.register(blocks.legal_panel)
        due.register(blocks.legal_due_items)
        home.register(blocks.legal_home_block)
        register_eraser(blocks.erase_legal_data, models=(
            "legal.LegalStatus", "legal.Document", "legal.Proceeding", "legal.Hearing",
            "legal.Claim", "legal.CaseNote", "legal.Deadline", "legal.Reminder",
        ))
