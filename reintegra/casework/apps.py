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
        _register_erasure()


def _register_erasure():
    """Notes and tasks go whole: their text is sealed, and even their dates and kinds
    (a contact log) would tell a story about one person."""
    from reintegra.privacy.erasure import register_eraser

    register_eraser(erase_casework, models=(
        "casework.CaseNote", "casework.CaseNoteVersion", "casework.Task"))


def erase_casework(client):
    from .models import CaseNote, CaseNoteVersion, Task

    Task.objects.filter(client=client).delete()
    CaseNoteVersion.objects.filter(client=client).delete()
    CaseNote.objects.filter(client=client).delete()
    from .services import refresh_last_contacts

    refresh_last_contacts(client.pk)  # none left: no date either
