from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "reintegra.core"
    verbose_name = _("Core")

    def ready(self):
        from . import (
            checks,  # noqa: F401 - registers the deployment checks
            home,
        )
        from .blocks import due_this_week_block, falling_behind_block
        from .collation import sort_countries_in_polish

        sort_countries_in_polish()

        home.register(due_this_week_block)
        home.register(falling_behind_block)
