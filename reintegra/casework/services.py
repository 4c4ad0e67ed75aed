"""Writes of case notes and tasks: acting user first, atomic, audited in the same
transaction (ids only). Refusals a person can fix are ``CaseworkError`` with the field."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.vault.keyring import KeyRing

from . import access
from .models import CONTACTS, CaseNote, CaseNoteVersion, ContactKind, Task


def last_contact_updates(note_model=CaseNote) -> dict:
    """``Client`` updates that recount its latest contact per section kept on it
    (``clients.models.LAST_CONTACT_FIELDS``) from its notes: subqueries, one UPDATE."""
    from reintegra.clients.models import LAST_CONTACT_FIELDS

    return {field: Subquery(
        note_model.objects.filter(client_id=OuterRef("pk"), section=section, kind__in=CONTACTS)
        .order_by().values("client_id").annotate(last=Max("contact_on")).values("last"))
        for section, field in LAST_CONTACT_FIELDS.items()}


def refresh_last_contacts(client_id: int) -> None:
    """In the transaction that adds, changes or removes a note of the client."""
    from reintegra.clients.models import Client

    Client.objects.filter(pk=client_id).update(**last_contact_updates())


class CaseworkError(ValidationError):
    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def _check_text(text: str, field: str) -> str:
    text = (text or "").strip()
    if not text:
        raise CaseworkError(_("Write the note."), field=field)
    return text


def _check_date(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise CaseworkError(_("The date cannot be in the future."), field=field)


def _add_version(*, actor, note, text: str) -> CaseNoteVersion:
    number = (note.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CaseNoteVersion(note=note, client=note.client, number=number, written_by=actor)
    version.seal(KeyRing(), text=text)
    version.save()
    return version


@transaction.atomic
def add_note(*, actor, client, section: str, kind: str, contact_on: dt.date,
             text: str) -> CaseNote:
    if section not in access.note_sections(actor, client):
        raise PermissionDenied
    if kind not in ContactKind.values:
        raise CaseworkError(_("Choose the kind of contact."), field="kind")
    _check_date(contact_on, "contact_on")
    text = _check_text(text, "text")
    note = CaseNote.objects.create(client=client, section=section, kind=kind,
                                   contact_on=contact_on, author=actor)
    _add_version(actor=actor, note=note, text=text)
    refresh_last_contacts(client.pk)
    record(actor=actor, action=Action.CREATE, obj=note)
    return note


@transaction.atomic
def edit_note(*, actor, note: CaseNote, kind: str, contact_on: dt.date,
              text: str) -> CaseNote:
    """A new version of the text; the earlier ones stay (history)."""
    if not access.may_edit_note(actor, note):
        raise PermissionDenied
    if kind not in ContactKind.values:
        raise CaseworkError(_("Choose the kind of contact."), field="kind")
    _check_date(contact_on, "contact_on")
    text = _check_text(text, "text")
    note = CaseNote.objects.select_for_update().select_related("client").get(pk=note.pk)
    note.kind, note.contact_on, note.edited_at = kind, contact_on, timezone.now()
    note.save(update_fields=["kind", "contact_on", "edited_at"])
    _add_version(actor=actor, note=note, text=text)
    refresh_last_contacts(note.client_id)
    record(actor=actor, action=Action.UPDATE, obj=note)
    return note


@transaction.atomic
def add_task(*, actor, client, what: str, due_on: dt.date, assignee,
             from_review=None) -> Task:
    if not access.may_manage_tasks(actor, client):
        raise PermissionDenied
    what = (what or "").strip()
    if not what:
        raise CaseworkError(_("Say what is to be done."), field="what")
    if assignee is None or not access.may_be_assigned(assignee, client):
        raise CaseworkError(_("Choose somebody on the client's case team."), field="assignee")
    if from_review is not None and from_review.goal.plan.client_id != client.pk:
        raise PermissionDenied
    task = Task(client=client, due_on=due_on, assignee=assignee, created_by=actor,
                from_review=from_review)
    task.seal(KeyRing(), what=what)
    task.save()
    record(actor=actor, action=Action.CREATE, obj=task)
    return task


@transaction.atomic
def set_task_done(*, actor, task: Task, done: bool = True) -> Task:
    if not access.may_complete_task(actor, task):
        raise PermissionDenied
    task.done_at, task.done_by = (timezone.now(), actor) if done else (None, None)
    task.save(update_fields=["done_at", "done_by"])
    record(actor=actor, action=Action.UPDATE, obj=task)
    return task
