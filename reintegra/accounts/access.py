"""Who may manage staff and the organisation's settings: its coordinators."""

from .models import Role


def may_manage_staff(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active
                and actor.organisation_id and actor.role == Role.COORDINATOR)
