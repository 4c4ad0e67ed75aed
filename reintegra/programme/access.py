"""Who may do what in the programme. Client data still goes through
reintegra.clients.access; these rules cover the programme's own objects."""

from reintegra.accounts.models import Role
from reintegra.clients.access import is_staff_member, may_manage_case


def may_view_programme(actor) -> bool:
    """The catalogue and schedules hold no client data: every staff member may read them."""
    return is_staff_member(actor)


def may_manage_programme(actor) -> bool:
    """Plan the offer: activities, venues, offerings, sessions."""
    return is_staff_member(actor) and actor.role == Role.COORDINATOR


def may_enrol(actor, client) -> bool:
    """Enrol and withdraw: the coordinator, or a case worker on the client's team."""
    return may_manage_case(actor, client)


def may_enrol_someone(actor) -> bool:
    """Whether the enrol buttons show at all: roles that may enrol some client."""
    return is_staff_member(actor) and actor.role in (Role.COORDINATOR, Role.CASE_WORKER)


def is_trainer(actor) -> bool:
    return is_staff_member(actor) and actor.role == Role.TRAINER


def teaches(actor, session) -> bool:
    """The actor runs this session (the session's trainer, or the offering's if unset)."""
    if not is_staff_member(actor):
        return False
    trainer_id = session.trainer_id or session.offering.trainer_id
    return trainer_id == actor.pk


def may_take_register(actor, session) -> bool:
    """Mark attendance: the session's trainer, or the coordinator of its organisation."""
    if not is_staff_member(actor) or session.offering.organisation_id != actor.organisation_id:
        return False
    return teaches(actor, session) or actor.role == Role.COORDINATOR
