"""Who may do what with consent, erasure, data-subject access and attachments.

Each rule builds on reintegra.clients.access (organisation, team, role, section): this
module only adds what the sections alone do not say.
"""

from reintegra.accounts.models import Role
from reintegra.clients.access import Section, can_see, is_staff_member, may_manage_case

ERASURE_CONFIRMERS = (Role.DPO, Role.COORDINATOR)


def may_view_consent(actor, client) -> bool:
    return can_see(actor, client, Section.CONSENT)


def may_record_consent(actor, client) -> bool:
    """Staff who work with the client record and withdraw consent; the DPO only reads it."""
    return (
        can_see(actor, client, Section.CONSENT)
        and actor.role != Role.DPO
        and not client.is_erased
    )


def may_request_erasure(actor, client) -> bool:
    return can_see(actor, client, Section.ERASURE) and not client.is_erased


def may_handle_erasure_requests(actor) -> bool:
    """The DPO and the coordinators see the organisation's requests and may confirm."""
    return is_staff_member(actor) and actor.role in ERASURE_CONFIRMERS


def may_confirm_erasure(actor, erasure_request) -> bool:
    """A second person: another DPO or a coordinator of the same organisation."""
    return (
        may_handle_erasure_requests(actor)
        and erasure_request.client.organisation_id == actor.organisation_id
        and erasure_request.requested_by_id != actor.pk
    )


def may_cancel_erasure(actor, erasure_request) -> bool:
    return may_handle_erasure_requests(actor) and (
        erasure_request.client.organisation_id == actor.organisation_id
    )


def may_export_subject_data(actor, client) -> bool:
    """Data-subject access: the DPO (Section.ERASURE) or a coordinator."""
    if can_see(actor, client, Section.ERASURE):
        return True
    return is_staff_member(actor) and actor.role == Role.COORDINATOR and can_see(actor, client)


def may_open_attachments(actor, client) -> bool:
    return can_see(actor, client, Section.CASE)


def may_upload_attachment(actor, client) -> bool:
    return may_open_attachments(actor, client) and not client.is_erased


def may_delete_attachment(actor, client) -> bool:
    return may_manage_case(actor, client) and not client.is_erased
