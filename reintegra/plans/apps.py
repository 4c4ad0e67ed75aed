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

        due.register(home.plan_items)
        home_page.register(home.coordinator_block)
        home_page.register_behind(home.behind_rows)
        _register_erasure()


def _register_erasure():
    """Plans' sealed notes (assessments, ratings, plans, goals, reviews, challenges) are
    emptied by privacy.erasure itself, which follows their keys to the client; the rest of
    each row is coded (domains, ratings, statuses, challenge codes, dates) and stays as
    programme statistics."""
    from reintegra.privacy.erasure import register_kept

    coded = "coded values and dates only; its sealed notes are emptied"
    for label in ("plans.NeedsAssessment", "plans.DomainRating", "plans.LanguageSkill",
                  "plans.SupportPlan", "plans.Goal", "plans.GoalReview", "plans.Challenge"):
        register_kept(label, coded)
