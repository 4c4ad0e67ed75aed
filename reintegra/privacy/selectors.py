"""Reads of the privacy app. Each takes the acting user, applies the access rule and, where
it reveals client data beyond the client page, records the event."""

import logging
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from reintegra.audit.models import Action, AuditEvent
from reintegra.audit.services import record
from reintegra.clients.access import reach_q
from reintegra.clients.models import Attachment, Client
from reintegra.clients.selectors import get_client
from reintegra.vault import crypto, files
from reintegra.vault.keyring import KeyRing

from . import access
from .models import Consent, ConsentPurpose, ErasureRequest, ErasureState

log = logging.getLogger(__name__)


# --- Consent -------------------------------------------------------------------------------


def consents_for(*, actor, client) -> list[Consent]:
    if not access.may_view_consent(actor, client):
        return []
    return list(Consent.objects.filter(client=client)
                .select_related("explained_by", "recorded_by", "withdrawal_recorded_by"))


def get_consent(*, actor, pk: int) -> Consent:
    consent = (Consent.objects.select_related("client")
               .filter(pk=pk, client__organisation_id=getattr(actor, "organisation_id", None))
               .first())
    if consent is None or not access.may_view_consent(actor, consent.client):
        raise Http404("no such consent")
    return consent


def active_statistics_consent():
    return Consent.objects.filter(client=OuterRef("pk"), purpose=ConsentPurpose.STATISTICS,
                                  withdrawn_on__isnull=True)


def clients_consenting_to_statistics(*, actor=None, organisation=None):
    """The clients whose consent to non-identifying statistics is active: only they may be
    counted in anything published. Erased clients stay in (their statistics are what is
    kept). Give the acting user (its reach applies) or, for a system job, an organisation."""
    if (actor is None) == (organisation is None):
        raise TypeError("give either actor or organisation")
    scope = reach_q(actor) if actor is not None else Q(organisation=organisation)
    return Client.objects.filter(scope).filter(Exists(active_statistics_consent())).distinct()


# --- Attachments ---------------------------------------------------------------------------


@dataclass
class AttachmentRow:
    attachment: Attachment
    name: object  # str, or Erased
    content_type: object


def attachments_for(*, actor, client, ring: KeyRing | None = None) -> list[AttachmentRow]:
    """The client's files with their names, for the client page (whose view is recorded)."""
    if not access.may_open_attachments(actor, client):
        return []
    return attachment_rows(client=client, ring=ring or KeyRing())


def attachment_rows(*, client, ring: KeyRing) -> list[AttachmentRow]:
    """Without an access check: for callers that have made their own (subject access)."""
    rows = []
    for attachment in (Attachment.objects.filter(client=client)
                       .select_related("uploaded_by")):
        attachment.client = client  # vault_owner without a query per row
        rows.append(attachment_row(attachment, ring))
    return rows


def attachment_for_confirmation(*, actor, attachment: Attachment) -> AttachmentRow:
    """The file's name for the page that asks to confirm its deletion: a recorded read."""
    record(actor=actor, action=Action.VIEW, obj=attachment)
    return attachment_row(attachment, KeyRing())


def attachment_row(attachment: Attachment, ring: KeyRing) -> AttachmentRow:
    """One file with its name; ``attachment`` comes from ``get_attachment`` (checked)."""
    revealed = attachment.reveal(ring)
    return AttachmentRow(attachment, revealed.name, revealed.content_type)


def get_attachment(*, actor, client_pk: int, uid, delete: bool = False) -> Attachment:
    client = get_client(actor=actor, pk=client_pk)
    allowed = (access.may_delete_attachment if delete else access.may_open_attachments)
    attachment = (Attachment.objects.filter(client=client, uid=uid)
                  .select_related("uploaded_by").first())
    if attachment is None or not allowed(actor, client):
        raise Http404("no such file")
    attachment.client = client
    return attachment


@dataclass
class OpenedFile:
    name: str
    content_type: str
    data: bytes


def open_attachment(*, actor, client_pk: int, uid) -> OpenedFile:
    """The decrypted file, for download; the download is recorded as an export."""
    attachment = get_attachment(actor=actor, client_pk=client_pk, uid=uid)
    ring = KeyRing()
    key = ring.key(attachment.client.key_id)
    revealed = attachment.reveal(ring)
    if key is None or not isinstance(revealed.name, str):
        raise Http404("the file cannot be opened")
    try:
        data = files.read(key=key, name=attachment.blob, aad=attachment.file_slot())
    except crypto.DecryptionError as exc:
        # A damaged, swapped or missing file is a security event: its id, never its name.
        log.warning(
            "vault: cannot decrypt attachment %s of client %s", attachment.pk,
            attachment.client_id,
        )
        raise Http404("the file cannot be opened") from exc
    record(actor=actor, action=Action.EXPORT, obj=attachment)
    return OpenedFile(name=revealed.name, content_type=revealed.content_type, data=data)


# --- Erasure requests ----------------------------------------------------------------------


def erasure_requests(*, actor, state: str = ""):
    if not access.may_handle_erasure_requests(actor):
        return ErasureRequest.objects.none()
    qs = (ErasureRequest.objects.filter(client__organisation_id=actor.organisation_id)
          .select_related("client", "requested_by", "confirmed_by", "cancelled_by"))
    if state:
        qs = qs.filter(state=state)
    return qs


def pending_erasure(*, client) -> ErasureRequest | None:
    return client.erasure_requests.filter(state=ErasureState.PENDING).first()


def get_erasure_request(*, actor, pk: int) -> ErasureRequest:
    found = erasure_requests(actor=actor).filter(pk=pk).first()
    if found is None:
        raise Http404("no such request")
    return found


def audit_trail(*, objects: list[tuple[str, list]]) -> list[AuditEvent]:
    """Events about these (object type, ids) pairs, oldest first, in one query."""
    match = Q(pk__in=[])
    for object_type, ids in objects:
        if ids:
            match |= Q(object_type=object_type, object_id__in=[str(i) for i in ids])
    return list(AuditEvent.objects.filter(match).select_related("actor")
                .order_by("created_at", "pk"))


@dataclass
class ErasurePreview:
    """What confirming an erasure destroys, as the confirming person may see it."""

    code: str
    name: str | None  # None when the actor's role may not see identity
    destroyed: list[tuple[str, int]]  # (kind of record, how many rows of this client)


def erasure_preview(*, actor, erasure: ErasureRequest) -> ErasurePreview:
    """For the confirmation page (issue 13): the client's code, the name when the actor's
    role may see identity (read through the vault: a recorded read of the client), and
    how many rows of each kind the erasure deletes or empties."""
    from reintegra.clients.access import Section, can_see

    from .erasure import erased_models, models_reaching_client

    client = erasure.client
    name = None
    identity = getattr(client, "identity", None)
    if identity is not None and can_see(actor, client, Section.IDENTITY):
        revealed = identity.reveal(KeyRing())
        name = " ".join(part for part in (revealed.first_name, revealed.second_name) if part)
        record(actor=actor, action=Action.VIEW, obj=client)
    destroyed = []
    for model, lookup in models_reaching_client():
        sealed = bool(getattr(model, "SEALED_FIELDS", ()))
        if model._meta.label_lower not in erased_models and not sealed:
            continue
        count = model.objects.filter(**{lookup: client}).count()
        if count:
            destroyed.append((str(model._meta.verbose_name_plural), count))
    return ErasurePreview(code=client.code, name=name or None,
                          destroyed=sorted(destroyed, key=lambda row: row[0].lower()))
