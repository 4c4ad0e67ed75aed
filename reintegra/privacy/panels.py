"""The privacy app's parts of the client page: consent, files, data protection."""

from reintegra.clients.access import Section
from reintegra.clients.panels import Panel, register

from . import access, selectors
from .subject_access import LANGUAGES


@register
def consent_panel(*, actor, client, sections):
    if Section.CONSENT not in sections:
        return None
    return Panel("privacy/_consent_panel.html", order=40, context={
        "consents": selectors.consents_for(actor=actor, client=client),
        "may_record": access.may_record_consent(actor, client),
    })


@register
def attachments_panel(*, actor, client, sections):
    if Section.CASE not in sections:
        return None
    return Panel("privacy/_attachments_panel.html", order=60, context={
        "rows": selectors.attachments_for(actor=actor, client=client),
        "may_upload": access.may_upload_attachment(actor, client),
        "may_delete": access.may_delete_attachment(actor, client),
    })


@register
def data_protection_panel(*, actor, client, sections):
    may_export = access.may_export_subject_data(actor, client)
    handles = access.may_handle_erasure_requests(actor)
    if not (may_export or handles):
        return None
    pending = selectors.pending_erasure(client=client) if handles else None
    return Panel("privacy/_data_protection_panel.html", order=90, context={
        "may_export": may_export,
        "languages": LANGUAGES,
        "may_request_erasure": access.may_request_erasure(actor, client) and pending is None,
        "pending": pending,
    })
