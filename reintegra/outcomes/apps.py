from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "reintegra.outcomes"
    verbose_name = _("Outcomes")

    def ready(self):
        from reintegra.clients.panels import register as register_panel
        from reintegra.core.due import register as register_due
        from reintegra.core.home import register as register_block
        from reintegra.privacy.erasure import register_eraser

        from .erasure import erase_outcomes
        from .home import outcomes_block
        from .panels import outcomes_panel
        from .selectors import due_questionnaires

        register_panel(outcomes_panel)
        register_due(due_questionnaires)
        register_eraser(erase_outcomes, models=(
            "outcomes.Administration", "outcomes.AnswerSet", "outcomes.SelfCompletionLink"))
        register_block(outcomes_block)
