"""Who may read and write needs assessments and support plans.

Assessments and plans are the CASE section of a client (reintegra.clients.access): the
coordinator, and the case workers and psychologists on the client's case team, read and
write them. A legal advisor does not have the CASE section: the assessment and the plan
hold health, trauma and family details that legal work does not need (data minimisation,
GDPR art. 5(1)(c)). So that the legal advisor need not ask the client again what the team
already agreed about legal status, the client page shows them the plan's goals in the
*legal status* domain, coded (domain, target date, status), without notes or other goals
(``legal_goals_for`` in selectors).

Team membership costs a query per check when it is not known (``can_see``). Selectors ask
for it once, as an annotation on the query that loads the client, plan or goal
(``with_team_membership``), and note it on the client (``note_team_membership``), so that
every later check in the same request reuses it.
"""

from django.db.models import Exists, OuterRef

from reintegra.clients.access import (  # noqa: F401 - membership helpers re-exported
    Section,
    can_see,
    known_team_membership,
    may_register_clients,
    note_team_membership,
    sections_for_role,
)

ON_TEAM = "actor_on_team"  # the annotation added by with_team_membership


def with_team_membership(queryset, actor, client_field: str = "pk"):
    """``queryset`` with ``actor_on_team`` on each row: is the actor on the case team of the
    client that ``client_field`` points to? The same test as ``can_see`` makes."""
    from reintegra.clients.models import CaseTeamMember

    members = CaseTeamMember.objects.filter(client_id=OuterRef(client_field),
                                            user_id=getattr(actor, "pk", None))
    return queryset.annotate(**{ON_TEAM: Exists(members)})


def may_plan(actor, client, *, on_team=None) -> bool:
    """Read and write the client's assessments and plans."""
    return not client.is_erased and can_see(actor, client, Section.CASE, on_team=on_team)


def sees_legal_goals(actor, client, *, on_team=None) -> bool:
    """The coded legal-status goals only (a legal advisor on the team)."""
    return (
        not client.is_erased
        and Section.CASE not in sections_for_role(actor)
        and can_see(actor, client, Section.LEGAL, on_team=on_team)
    )


def may_offer_enrolment(actor, client, *, on_team=None) -> bool:
    """Show the "Enrol" buttons on the recommendations: the rule of
    ``reintegra.programme.access.may_enrol`` (``clients.access.may_manage_case``: the
    coordinator, or a case worker on the team), with team membership already known. The
    enrol view itself still asks ``may_enrol``; a test keeps the two rules equal."""
    return may_register_clients(actor) and can_see(actor, client, Section.CASE,
                                                   on_team=on_team)
