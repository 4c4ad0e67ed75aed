"""Writes of the legal app: acting user first, atomic, audited in the same transaction.
Reference numbers and free text are sealed with the client's data key before saving.

Each rule that refuses input says which rule of law or of the app forbids it; the forms
show the message next to the field, and nothing is saved.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.org_settings import for_organisation
from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.core import due
from reintegra.core.dates import show_date
from reintegra.vault.keyring import KeyRing

from . import access, rules
from . import choices as c
from .dates import add_months
from .models import (
    CaseNote,
    Claim,
    Deadline,
    DeadlineRule,
    Document,
    Hearing,
    LegalStatus,
    Proceeding,
)

# The rule whose date is a title's validity (shown as "valid until").
VALIDITY_RULES = {c.StatusKind.CERTIFICATE_170: "CERT_170_VALIDITY"}
PERMIT_MIN_MONTHS, PERMIT_MAX_MONTHS = 6, 36  # Act on Foreigners art. 176


def reminder_days(organisation=None) -> tuple[int, ...]:
    """Days before a deadline at which reminders are made, largest first: the
    organisation's own setting, or the server's default (LEGAL_REMINDER_DAYS)."""
    return for_organisation(organisation).reminder_days


def _require_write(actor, client):
    if not access.may_write(actor, client):
        raise PermissionDenied


# --- validation ---------------------------------------------------------------------------


def check_status(data: dict) -> None:
    """Refuse a status that the law or the calendar rules out."""
    errors = {}
    kind, stage = data.get("kind"), data.get("stage")
    issued, start, end = data.get("issued_on"), data.get("valid_from"), data.get("valid_until")
    begins = start or issued
    if end and begins and end <= begins:
        errors["valid_until"] = _("The expiry date must be after the issue date.")
    if data.get("ended_on") and issued and data["ended_on"] < issued:
        errors["ended_on"] = _("A title cannot end before it was issued.")
    if data.get("ended_on") and not data.get("end_reason"):
        errors["end_reason"] = _("Say why the title ended early.")
    if kind == c.StatusKind.CERTIFICATE_170 and stage == c.Stage.GRANTED and not issued:
        errors["issued_on"] = _("Enter the date the certificate was issued: its validity "
                                "counts from it (Act on Foreigners art. 170).")
    if kind == c.StatusKind.PERMIT_176 and stage == c.Stage.GRANTED:
        if not start or not end:
            errors.setdefault("valid_until", _(
                "Enter the dates of the permit: it is granted for 6 months to 3 years "
                "(Act on Foreigners art. 176)."))
        elif "valid_until" not in errors:
            if end > add_months(start, PERMIT_MAX_MONTHS):
                errors["valid_until"] = _("A permit under art. 176 of the Act on Foreigners "
                                          "is granted for at most 3 years.")
            elif end < add_months(start, PERMIT_MIN_MONTHS) - timedelta(days=1):
                errors["valid_until"] = _("A permit under art. 176 of the Act on Foreigners "
                                          "is granted for at least 6 months.")
    if stage == c.Stage.APPLIED and not data.get("applied_on"):
        errors["applied_on"] = _("Enter the application date.")
    if kind == c.StatusKind.CUKR and data.get("applied_on") and not (
            date(2026, 5, 4) <= data["applied_on"] <= date(2027, 3, 4)):
        errors["applied_on"] = _("The CUKR card can be applied for from 4 May 2026 to "
                                 "4 March 2027 (act of 23 Jan 2026, Dz.U. 2026 poz. 203).")
    if errors:
        raise ValidationError(errors)


def check_rule(data: dict) -> None:
    errors = {}
    for name in ("months", "days", "minor_months", "minor_days"):
        value = data.get(name)
        if value is not None and value < 0:
            errors[name] = _("A deadline is counted forward from its event: the offset "
                             "cannot be negative.")
    if errors:
        raise ValidationError(errors)


# --- deadlines ------------------------------------------------------------------------------


def _events_of_status(status: LegalStatus) -> list[tuple[str, date]]:
    """(trigger, date) pairs a status gives, for rules to count from."""
    if status.ended_on or status.stage in (c.Stage.REFUSED, c.Stage.ENDED):
        return []
    kind, granted = status.kind, status.stage == c.Stage.GRANTED
    events = []
    if kind == c.StatusKind.CERTIFICATE_170 and granted and status.issued_on:
        events.append((c.Trigger.CERTIFICATE_ISSUED, status.issued_on))
    if kind == c.StatusKind.PERMIT_176 and granted:
        if status.valid_from:
            events.append((c.Trigger.PERMIT_STARTS, status.valid_from))
        if status.valid_until:
            events.append((c.Trigger.PERMIT_ENDS, status.valid_until))
    if kind == c.StatusKind.TEMPORARY_PROTECTION:
        if status.entry_on:
            events.append((c.Trigger.ENTRY, status.entry_on))
        events.append((c.Trigger.TEMPORARY_PROTECTION,
                       status.valid_from or status.issued_on or status.applied_on
                       or timezone.localdate()))
    if kind == c.StatusKind.CUKR and status.stage == c.Stage.APPLIED and status.applied_on:
        events.append((c.Trigger.CUKR_APPLIED, status.applied_on))
    return events


def _events_of_claim(claim: Claim) -> list[tuple[str, date]]:
    if claim.kind != c.ClaimKind.STATE or claim.filed_on:
        return []  # the deadlines are to file the claim: filed, they are met
    events = []
    if claim.harm_appeared_on:
        events.append((c.Trigger.HARM_APPEARED, claim.harm_appeared_on))
    if claim.offence_on:
        events.append((c.Trigger.OFFENCE, claim.offence_on))
    return events


def _make_deadlines(client, events, *, minor=False, **owner) -> list[Deadline]:
    if not events:
        return []
    by_trigger = {}
    for rule in DeadlineRule.objects.filter(trigger__in=[t for t, _d in events]):
        by_trigger.setdefault(rule.trigger, []).append(rule)
    due.changed()
    made = [
        Deadline(client=client, rule=rule, counted_from=start, is_minor=minor,
                 due_on=rules.compute(rule, start, minor=minor), **owner)
        for trigger, start in events for rule in by_trigger.get(trigger, ())
    ]
    return Deadline.objects.bulk_create(made)


def _close_deadlines(**owner) -> None:
    Deadline.objects.filter(closed_at__isnull=True, **owner).update(closed_at=timezone.now())
    due.changed()


def _apply_validity(status: LegalStatus, deadlines) -> None:
    code = VALIDITY_RULES.get(status.kind)
    for deadline in deadlines:
        if deadline.rule.code == code:
            status.valid_until = deadline.due_on
            status.save(update_fields=["valid_until"])


# --- legal status -------------------------------------------------------------------------

STATUS_FIELDS = ("kind", "stage", "authority", "applied_on", "channel", "entry_on",
                 "issued_on", "valid_from", "valid_until", "is_minor", "is_renewal",
                 "ended_on", "end_reason")


@transaction.atomic
def record_status(*, actor, client, data: dict, replaces: LegalStatus | None = None,
                  reference: str = "", note: str = "") -> LegalStatus:
    """A new dated legal status. ``replaces`` (a current status of the same client) is kept
    as history, marked replaced; its open deadlines close and the new status's open."""
    _require_write(actor, client)
    if replaces is not None and (replaces.client_id != client.pk or not replaces.is_current):
        raise ValidationError(_("Only a current status of this client can be replaced."))
    data = {k: data.get(k) for k in STATUS_FIELDS}
    for name in ("authority", "channel", "end_reason"):
        data[name] = data[name] or ""
    data["is_minor"], data["is_renewal"] = bool(data["is_minor"]), bool(data["is_renewal"])
    if data["kind"] in VALIDITY_RULES:
        data["valid_until"] = None  # computed from the rule, never typed
    check_status(data)
    status = LegalStatus(client=client, recorded_by=actor, **data)
    status.seal(KeyRing(), reference=reference, note=note)
    status.save()
    if replaces is not None:
        LegalStatus.objects.filter(pk=replaces.pk, replaced_by__isnull=True).update(
            replaced_by=status, replaced_at=timezone.now())
        _close_deadlines(status=replaces)
        record(actor=actor, action=Action.UPDATE, obj=replaces, client_id=client.pk)
    deadlines = _make_deadlines(client, _events_of_status(status), minor=status.is_minor,
                                status=status)
    _apply_validity(status, deadlines)
    record(actor=actor, action=Action.CREATE, obj=status, client_id=client.pk)
    return status


# --- documents ----------------------------------------------------------------------------

DOCUMENT_FIELDS = ("kind", "state", "issuing_country", "issued_on", "expires_on")


def check_document(data: dict) -> None:
    if data.get("expires_on") and data.get("issued_on") and data["expires_on"] <= data["issued_on"]:
        raise ValidationError({"expires_on": _("The expiry date must be after the issue date.")})


@transaction.atomic
def save_document(*, actor, client, data: dict, document: Document | None = None,
                  number: str = "", note: str = "") -> Document:
    _require_write(actor, client)
    if document is not None and document.client_id != client.pk:
        raise PermissionDenied
    check_document(data)
    created = document is None
    document = document or Document(client=client, recorded_by=actor)
    for name in DOCUMENT_FIELDS:
        setattr(document, name, data.get(name) or (None if name in (
            "issued_on", "expires_on") else ""))
    document.seal(KeyRing(), number=number, note=note)
    document.save()
    _close_deadlines(document=document)
    if document.expires_on:
        _make_deadlines(client, [(c.Trigger.DOCUMENT_EXPIRES, document.expires_on)],
                        document=document)
    record(actor=actor, action=Action.CREATE if created else Action.UPDATE, obj=document,
           client_id=client.pk)
    return document


# --- proceedings, hearings, claims, notes -------------------------------------------------


@transaction.atomic
def add_proceeding(*, actor, client, data: dict, reference: str = "",
                   note: str = "") -> Proceeding:
    _require_write(actor, client)
    if data.get("closed_on") and data["closed_on"] < data["opened_on"]:
        raise ValidationError({"closed_on": _("Proceedings cannot close before they opened.")})
    proceeding = Proceeding(client=client, recorded_by=actor, **data)
    proceeding.seal(KeyRing(), reference=reference, note=note)
    proceeding.save()
    record(actor=actor, action=Action.CREATE, obj=proceeding, client_id=client.pk)
    return proceeding


@transaction.atomic
def add_hearing(*, actor, proceeding: Proceeding, held_on: date, time=None,
                note: str = "") -> Hearing:
    client = proceeding.client
    _require_write(actor, client)
    if held_on < proceeding.opened_on:
        raise ValidationError({"held_on": _(
            "A hearing cannot be before the proceedings were opened (%(date)s).")
            % {"date": show_date(proceeding.opened_on)}})
    hearing = Hearing(client=client, proceeding=proceeding, recorded_by=actor,
                      held_on=held_on, time=time)
    hearing.seal(KeyRing(), note=note)
    hearing.save()
    record(actor=actor, action=Action.CREATE, obj=hearing, client_id=client.pk)
    return hearing


CLAIM_FIELDS = ("kind", "proceeding", "offence_on", "harm_appeared_on", "filed_on",
                "amount_claimed", "outcome", "decided_on")


@transaction.atomic
def add_claim(*, actor, client, data: dict, reference: str = "", note: str = "") -> Claim:
    _require_write(actor, client)
    data = {k: data.get(k) for k in CLAIM_FIELDS}
    data["outcome"] = data["outcome"] or c.Outcome.OPEN
    errors = {}
    if data["harm_appeared_on"] and data["offence_on"] and (
            data["harm_appeared_on"] < data["offence_on"]):
        errors["harm_appeared_on"] = _("The harm cannot appear before the offence.")
    if data["proceeding"] is not None and data["proceeding"].client_id != client.pk:
        errors["proceeding"] = _("Choose proceedings of this client.")
    if errors:
        raise ValidationError(errors)
    claim = Claim(client=client, recorded_by=actor, **data)
    claim.seal(KeyRing(), reference=reference, note=note)
    claim.save()
    _make_deadlines(client, _events_of_claim(claim), claim=claim)
    record(actor=actor, action=Action.CREATE, obj=claim, client_id=client.pk)
    return claim


@transaction.atomic
def add_note(*, actor, client, text: str) -> CaseNote:
    if not access.may_read_notes(actor, client):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    note = CaseNote(client=client, recorded_by=actor)
    note.seal(KeyRing(), text=text.strip())
    note.save()
    record(actor=actor, action=Action.CREATE, obj=note, client_id=client.pk)
    return note


@transaction.atomic
def close_deadline(*, actor, deadline: Deadline) -> None:
    _require_write(actor, deadline.client)
    _close_deadlines(pk=deadline.pk)
    record(actor=actor, action=Action.CLOSE, obj=deadline, client_id=deadline.client_id)


# --- rules --------------------------------------------------------------------------------

RULE_EDITABLE = ("months", "days", "minor_months", "minor_days", "fixed_date",
                 "legal_basis", "note_en", "note_pl", "source", "verified")


@dataclass(frozen=True)
class ChangedDeadline:
    deadline: Deadline
    was: date
    now: date


@transaction.atomic
def update_rule(*, actor, rule: DeadlineRule, data: dict) -> list[ChangedDeadline]:
    """Edit a rule and recompute its open deadlines; returns those whose date changed
    (every organisation's: the law is the same for all; pages show only those the actor
    may see)."""
    if not access.may_edit_rules(actor):
        raise PermissionDenied
    check_rule(data)
    for name in RULE_EDITABLE:
        if name in data:
            setattr(rule, name, data[name])
    if data.get("verified"):
        rule.verified_by, rule.verified_on = actor.display_name, timezone.localdate()
    rule.save()
    record(actor=actor, action=Action.UPDATE, obj=rule)
    changed = []
    open_deadlines = (Deadline.objects.filter(rule=rule, closed_at__isnull=True)
                      .select_related("rule", "status"))
    for deadline in open_deadlines:
        new = rules.compute(rule, deadline.counted_from, minor=deadline.is_minor)
        if new != deadline.due_on:
            changed.append(ChangedDeadline(deadline=deadline, was=deadline.due_on, now=new))
            deadline.due_on = new
    Deadline.objects.bulk_update([ch.deadline for ch in changed], ["due_on"])
    due.changed()
    for ch in changed:
        if ch.deadline.status is not None:
            _apply_validity(ch.deadline.status, [ch.deadline])
    return changed


def mark_read(*, actor, reminder) -> None:
    """A reminder is the user's own: no client data changes, nothing to audit."""
    if reminder.user_id != actor.pk:
        raise PermissionDenied
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])


# --- document scans ---------------------------------------------------------------------


def attach_scan(*, actor, document: Document, name: str, data: bytes):
    """A scan of a document, stored as the client's encrypted attachment (the clients
    app's ``Attachment``, the vault's file store) and linked to the document. The legal
    advisor has no CASE section, so she cannot reach the client's other files; she reaches
    this one through the document. Size and content are checked by
    ``privacy.services.store_attachment``, as for every file."""
    from reintegra.privacy.services import store_attachment

    client = document.client
    _require_write(actor, client)

    def link(attachment):
        Document.objects.filter(pk=document.pk).update(scan=attachment)
        record(actor=actor, action=Action.UPDATE, obj=document, client_id=client.pk)

    attachment = store_attachment(actor=actor, client=client, name=name, data=data,
                                  also=link)
    document.scan = attachment
    return attachment
