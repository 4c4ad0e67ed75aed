"""Writes of the privacy app: consent, attachments, erasure (crypto-shredding), retention.

Every function takes the acting user first, is atomic on the main database, and records
its audit event in the same transaction. Audit rows carry ids only.
"""

import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Role
from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.clients import choices as client_choices
from reintegra.clients.models import (
    Attachment,
    BlindIndex,
    CaseTeamMember,
    Client,
    ClientIdentity,
)
from reintegra.vault import files
from reintegra.vault.crypto import DecryptionError
from reintegra.vault.keyring import KeyRing, KeystoreUnavailable, destroy_data_key
from reintegra.vault.operations import compact_keystore
from reintegra.vault.router import KEYSTORE

from . import access, journal
from .erasure import clear_sealed_rows, participation_counts
from .models import (
    Consent,
    ConsentPurpose,
    ErasureCause,
    ErasureReason,
    ErasureRecord,
    ErasureRequest,
    ErasureState,
)
from .regions import regions_of
from .uploads import check_upload, max_attachment_bytes

log = logging.getLogger(__name__)


# --- Consent -------------------------------------------------------------------------------


@transaction.atomic
def record_consent(*, actor, client, purpose, given_on: date, language: str, explained_by,
                   items_explained, shared_with: str = "") -> Consent:
    if not access.may_record_consent(actor, client):
        raise PermissionDenied
    if explained_by.organisation_id != client.organisation_id or not explained_by.role:
        raise ValidationError(_("Choose a member of this organisation's staff."))
    shared_with = shared_with.strip() if purpose == ConsentPurpose.SHARING else ""
    if purpose == ConsentPurpose.SHARING and not shared_with:
        raise ValidationError(_("Name the organisation the data may be shared with."))
    if _active_consents(client, purpose, shared_with).exists():
        raise ValidationError(_("This consent is already recorded and has not been withdrawn."))
    consent = Consent.objects.create(
        client=client, purpose=purpose, shared_with=shared_with, given_on=given_on,
        language=language, explained_by=explained_by, items_explained=list(items_explained),
        recorded_by=actor,
    )
    record(actor=actor, action=Action.CONSENT, obj=consent)
    return consent


@transaction.atomic
def record_consents(*, actor, client, purpose, given_on: date, language: str, explained_by,
                    items_explained, shared_with: str = "") -> list[Consent]:
    """The consent form's ticked purposes (issue 13: all on one form): one consent per
    purpose, all or none (a purpose already recorded refuses the whole form, naming it)."""
    purposes = [ConsentPurpose(p) for p in dict.fromkeys(purpose)]
    if not purposes:
        raise ValidationError(_("Choose at least one purpose the person consented to"))
    for each in purposes:
        kept = shared_with.strip() if each == ConsentPurpose.SHARING else ""
        if _active_consents(client, each, kept).exists():
            raise ValidationError(
                _("Consent to “%(purpose)s” is already recorded and has not been withdrawn.")
                % {"purpose": each.label})
    return [record_consent(actor=actor, client=client, purpose=each, given_on=given_on,
                           language=language, explained_by=explained_by,
                           items_explained=items_explained, shared_with=shared_with)
            for each in purposes]


def _active_consents(client, purpose, shared_with=""):
    return Consent.objects.filter(client=client, purpose=purpose, shared_with=shared_with,
                                  withdrawn_on__isnull=True)


@transaction.atomic
def withdraw_consent(*, actor, consent: Consent, withdrawn_on: date) -> Consent:
    consent = Consent.objects.select_for_update().select_related("client").get(pk=consent.pk)
    if not access.may_record_consent(actor, consent.client):
        raise PermissionDenied
    if not consent.is_active:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ValidationError(_("The withdrawal cannot be before the consent was given."))
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_recorded_by = actor
    consent.withdrawal_recorded_at = timezone.now()
    consent.save(update_fields=["withdrawn_on", "withdrawal_recorded_by",
                                "withdrawal_recorded_at"])
    record(actor=actor, action=Action.UPDATE, obj=consent)
    return consent


# --- Attachments ---------------------------------------------------------------------------


def upload_attachment(*, actor, client, name: str, data: bytes) -> Attachment:
    """Encrypt a file with the client's data key and store it; the form has checked the
    size and type already, this checks them again so that no caller can skip them."""
    if not access.may_upload_attachment(actor, client):
        raise PermissionDenied
    return store_attachment(actor=actor, client=client, name=name, data=data)


def store_attachment(*, actor, client, name: str, data: bytes, also=None) -> Attachment:
    """The one way a file enters the vault, for a caller that has checked the actor may
    add it (the attachments page, a legal document's scan): size and content are checked
    here, the file is encrypted with the client's key, and the row, its audit event and
    ``also(attachment)`` (the caller's own link to it) commit together."""
    if not data or len(data) > max_attachment_bytes():
        raise ValidationError(_("The file must be a PDF, JPEG or PNG of at most 10 MB."))
    content_type = check_upload(name=name, data=data)
    ring = KeyRing()
    key = ring.key(client.key_id)
    if key is None:
        raise DecryptionError("this client's data key has been erased")
    attachment = Attachment(client=client, uid=uuid.uuid4(), size=len(data), uploaded_by=actor)
    # The file first (outside the transaction: a file system is not transactional), then
    # the row; a failed row removes the file again.
    attachment.blob = files.write(key=key, key_id=client.key_id, data=data,
                                  aad=attachment.file_slot())
    try:
        with transaction.atomic():
            attachment.seal(ring, name=name, content_type=content_type)
            attachment.save()
            record(actor=actor, action=Action.CREATE, obj=attachment)
            if also is not None:
                also(attachment)
    except BaseException:
        files.delete(attachment.blob)
        raise
    return attachment


@transaction.atomic
def delete_attachment(*, actor, attachment: Attachment) -> None:
    if not access.may_delete_attachment(actor, attachment.client):
        raise PermissionDenied
    blob = attachment.blob
    record(actor=actor, action=Action.DELETE, obj=attachment)
    attachment.delete()
    transaction.on_commit(lambda: files.delete(blob))


# --- Erasure -------------------------------------------------------------------------------


class ErasureRefused(PermissionDenied):
    """The people or the state do not allow this erasure; says which, never any data."""


@transaction.atomic
def request_erasure(*, actor, client, reason: str) -> ErasureRequest:
    if not access.may_request_erasure(actor, client):
        raise PermissionDenied
    if reason not in ErasureReason.values:
        raise ValidationError(_("Choose a reason."))
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.erasure_requests.filter(state=ErasureState.PENDING).exists():
        raise ValidationError(_("An erasure of this client is already waiting for confirmation."))
    erasure_request = ErasureRequest.objects.create(client=client, reason=reason,
                                                    requested_by=actor)
    record(actor=actor, action=Action.CREATE, obj=erasure_request,
           organisation_id=client.organisation_id)
    return erasure_request


@transaction.atomic
def cancel_erasure(*, actor, erasure_request: ErasureRequest) -> ErasureRequest:
    erasure_request = _locked_request(erasure_request)
    if not access.may_cancel_erasure(actor, erasure_request) or not erasure_request.is_pending:
        raise PermissionDenied
    erasure_request.state = ErasureState.CANCELLED
    erasure_request.cancelled_by = actor
    erasure_request.cancelled_at = timezone.now()
    erasure_request.save(update_fields=["state", "cancelled_by", "cancelled_at"])
    record(actor=actor, action=Action.UPDATE, obj=erasure_request)
    return erasure_request


@transaction.atomic
def confirm_erasure(*, actor, erasure_request: ErasureRequest) -> Client:
    """The second person confirms; the erasure runs at once, in this transaction."""
    erasure_request = _locked_request(erasure_request)
    if not access.may_confirm_erasure(actor, erasure_request) or not erasure_request.is_pending:
        raise PermissionDenied
    erasure_request.state = ErasureState.COMPLETED
    erasure_request.confirmed_by = actor
    erasure_request.confirmed_at = timezone.now()
    erasure_request.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    record(actor=actor, action=Action.UPDATE, obj=erasure_request)
    return erase_client(actor=erasure_request.requested_by, client=erasure_request.client,
                        confirmed_by=actor)


def _locked_request(erasure_request):
    return (ErasureRequest.objects.select_for_update().select_related("client")
            .get(pk=erasure_request.pk))


def _check_people(actor, client, confirmed_by, cause):
    if cause == ErasureCause.RETENTION:
        if actor is not None or confirmed_by is not None:
            raise ErasureRefused("the retention rule erases as the system, without people")
        return
    if confirmed_by is None:
        raise ErasureRefused("an erasure needs a second person's confirmation")
    if actor is not None and actor.pk == confirmed_by.pk:
        raise ErasureRefused("the person who confirms must not be the one who asked")
    for person in (actor, confirmed_by):
        if person is None:
            continue
        if person.organisation_id != client.organisation_id or not person.is_active:
            raise ErasureRefused("only staff of the client's organisation take part")
    if actor is not None and actor.role != Role.DPO:
        raise ErasureRefused("the data protection officer asks for an erasure")
    if confirmed_by.role not in access.ERASURE_CONFIRMERS:
        raise ErasureRefused("a data protection officer or a coordinator confirms")


@transaction.atomic
def erase_client(*, actor, client, confirmed_by, cause: str | None = None,
                 replay: bool = False) -> Client:
    """Crypto-shredding of one client (docs/design.md, "Protecting data").

    ``actor`` asked for it (the DPO; None for the system or an operator at the server),
    ``confirmed_by`` is the second person (None only for the retention rule). In one
    transaction on the main database: attachments, blind indexes, the identity row and the
    team go; sealed columns (the client's and other apps') are emptied; the ``Client`` row
    keeps only non-identifying statistics, with countries merged into regions in an
    ``ErasureRecord``; the audit event is written. Inside it, the data key is deleted from
    the keystore (another database, so its own transaction, committed just before the main
    one): any failure before that point changes nothing anywhere. Files are removed and the
    keystore compacted after the commit.
    """
    if cause is None:
        cause = ErasureCause.REQUEST if actor is not None else ErasureCause.OPERATOR
    if not replay:  # a replay repeats an erasure that two people confirmed at the time
        _check_people(actor, client, confirmed_by, cause)
    client = Client.objects.select_for_update().get(pk=client.pk)
    if client.is_erased:
        raise ErasureRefused("this client has already been erased")
    key_id = client.key_id
    kept = ErasureRecord(
        client=client, cause=cause, requested_by=actor, confirmed_by=confirmed_by,
        citizenship_regions=regions_of(client.citizenship),
        participation=participation_counts(client),
    )
    blobs = list(Attachment.objects.filter(client=client).values_list("blob", flat=True))
    Attachment.objects.filter(client=client).delete()
    BlindIndex.objects.filter(client=client).delete()
    ClientIdentity.objects.filter(client=client).delete()
    CaseTeamMember.objects.filter(client=client).delete()
    clear_sealed_rows(client)
    _strip(client)
    client.save()
    kept.erased_at = client.erased_at
    kept.save()
    record(actor=actor, action=Action.ERASE, obj=client, organisation_id=client.organisation_id)
    if key_id is not None:
        try:
            with transaction.atomic(using=KEYSTORE):
                destroy_data_key(key_id)
        except DatabaseError as exc:  # e.g. no connection: raised before anything was deleted
            raise KeystoreUnavailable("the keystore database cannot be written") from exc
    entry = {"client_id": client.pk, "key_id": key_id, "erased_at": client.erased_at}
    transaction.on_commit(lambda: journal.append_or_shout(**entry))
    transaction.on_commit(lambda: _after_erasure(blobs))
    return client


def replay_erasures(entries: list[dict]) -> list[int]:
    """Erase again what the erasure journal names and a restored backup still holds.

    For each entry: the data key is destroyed in the keystore (if a restored keystore has it
    back), and a client row that is not erased is erased as an operator's command. Returns
    the ids of the clients erased again. Idempotent.
    """
    again = []
    for entry in entries:
        client = Client.objects.filter(pk=entry["client_id"]).first()
        if client is not None and not client.is_erased:
            erase_client(actor=None, client=client, confirmed_by=None,
                         cause=ErasureCause.OPERATOR, replay=True)
            again.append(client.pk)
        if entry.get("key_id"):
            with transaction.atomic(using=KEYSTORE):
                destroy_data_key(uuid.UUID(entry["key_id"]))
    return again


def _strip(client: Client) -> None:
    """Keep: organisation, code, status, gender, age band, trafficking status, types of
    exploitation, closure reason, intake and closure year. Everything else goes."""
    for name in Client.SEALED_FIELDS:
        setattr(client, f"{name}_sealed", "")
    client.citizenship = []
    client.primary_language = client.secondary_language = ""
    client.exploitation_country = ""
    client.control_methods = []
    client.relationship_to_trafficker = ""
    client.trafficking_status_decided_by = ""
    client.referral_organisation = ""
    client.referral_date = None
    client.referral_reason = ""
    # Exact dates help to single a person out; the year is enough for statistics.
    client.intake_date = client.intake_date.replace(month=1, day=1)
    if client.closed_at:
        client.closed_at = client.closed_at.replace(month=1, day=1)
    client.key_id = None
    client.erased_at = timezone.now()


def _after_erasure(blobs):
    missing = sum(1 for blob in blobs if not files.delete(blob))
    if missing:
        log.warning("privacy: %s encrypted file(s) of an erased client were already gone",
                    missing)
    # PostgreSQL: VACUUM so that the deleted wrapped key does not stay in a dead tuple of
    # the keystore's table file (see reintegra.vault.operations.compact_keystore).
    compact_keystore()


# --- Retention -----------------------------------------------------------------------------


def retention_cutoff(today: date, years: int) -> date:
    """Cases closed on or before this day have reached the end of their retention."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - years, day=28)


def clients_due_for_retention(*, today: date | None = None):
    """Closed cases past their organisation's retention period (org_settings: the
    organisation's own number of years, or RETENTION_YEARS_AFTER_CLOSURE)."""
    from reintegra.accounts.models import Organisation
    from reintegra.accounts.org_settings import for_organisation

    today = today or timezone.localdate()
    due = Q(pk__in=[])
    for organisation in Organisation.objects.all():
        years = for_organisation(organisation).retention_years
        due |= Q(organisation_id=organisation.pk, closed_at__lte=retention_cutoff(today, years))
    return Client.objects.filter(
        due, status__in=client_choices.CLOSED_STATUSES, erased_at__isnull=True,
    )


@dataclass
class RetentionReport:
    cutoff: date
    due: Counter = field(default_factory=Counter)  # organisation id -> clients
    erased: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)


def apply_retention(*, today: date | None = None, dry_run: bool = False) -> RetentionReport:
    """Erase every closed case whose retention period has ended, as the system (actor None).

    One transaction per client: a failure (e.g. the keystore is down) leaves that client as
    it was, is counted and logged by id, and the next run tries again.
    """
    today = today or timezone.localdate()
    report = RetentionReport(
        cutoff=retention_cutoff(today, settings.RETENTION_YEARS_AFTER_CLOSURE)
    )
    due = list(clients_due_for_retention(today=today).order_by("pk")
               .values_list("pk", "organisation_id"))
    for pk, organisation_id in due:
        report.due[organisation_id] += 1
        if dry_run:
            continue
        try:
            erase_client(actor=None, client=Client(pk=pk), confirmed_by=None,
                         cause=ErasureCause.RETENTION)
        except Exception as exc:  # noqa: BLE001 - one client's failure must not stop the rest
            log.error("retention: client %s not erased: %s", pk, type(exc).__name__)
            report.failed[organisation_id] += 1
        else:
            report.erased[organisation_id] += 1
    if not dry_run:
        _record_retention_runs(report)
    return report


def _record_retention_runs(report: RetentionReport) -> None:
    """One event per organisation and run, actor None: the retention rule acted."""
    with transaction.atomic():
        for organisation_id, count in sorted(report.erased.items()):
            record(actor=None, action=Action.ERASE, object_type="privacy.retention",
                   object_id=str(count), organisation_id=organisation_id)
