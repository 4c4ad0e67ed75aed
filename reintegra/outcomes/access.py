"""Who sees what of outcomes (docs/outcomes.md, "Who sees what").

- scores and charts: the coordinator and the client's case team (case worker, legal
  advisor, psychologist on the team);
- item answers: the coordinator and the psychologist on the team;
- giving a questionnaire: the coordinator, the case worker or psychologist on the team;
- trainers and the DPO: nothing.
"""

from reintegra.accounts.models import Role
from reintegra.clients.access import can_see, is_staff_member, reach_q

SCORE_ROLES = {Role.COORDINATOR, Role.CASE_WORKER, Role.LEGAL_ADVISOR, Role.PSYCHOLOGIST}
ANSWER_ROLES = {Role.COORDINATOR, Role.PSYCHOLOGIST}
ADMINISTER_ROLES = {Role.COORDINATOR, Role.CASE_WORKER, Role.PSYCHOLOGIST}
COHORT_ROLES = {Role.COORDINATOR, Role.CASE_WORKER, Role.PSYCHOLOGIST}


def sees_scores(actor, client, *, on_team=None) -> bool:
    return (is_staff_member(actor) and actor.role in SCORE_ROLES
            and can_see(actor, client, on_team=on_team))


def sees_answers(actor, client, *, on_team=None) -> bool:
    return (is_staff_member(actor) and actor.role in ANSWER_ROLES
            and can_see(actor, client, on_team=on_team))


def may_administer(actor, client, *, on_team=None) -> bool:
    return (is_staff_member(actor) and actor.role in ADMINISTER_ROLES
            and can_see(actor, client, on_team=on_team))


def sees_cohort(actor) -> bool:
    return is_staff_member(actor) and actor.role in COHORT_ROLES


def score_reach_q(actor, prefix=""):
    from django.db.models import Q

    if not is_staff_member(actor) or actor.role not in SCORE_ROLES:
        return Q(pk__in=[])
    return reach_q(actor, prefix)
