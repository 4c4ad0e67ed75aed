"""Reads of case notes and tasks, with need-to-know per note section (``access.py``).
Every decryption is recorded as a view naming the client (ids only)."""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.clients.access import Section, can_see, reach_q
from reintegra.clients.models import CaseTeamMember, Client
from reintegra.vault.keyring import KeyRing

from . import access
from .models import CaseNote, CaseNoteVersion, Task

NOTES_PER_PAGE = 10


def client_for_casework(*, actor, pk: int) -> Client:
    """The client, if the actor reads some section of its notes or its tasks; else 404."""
    client = Client.objects.filter(
        pk=pk, organisation_id=getattr(actor, "organisation_id", None)).first()
    if client is None or client.is_erased or not (
            access.note_sections(actor, client) or access.may_manage_tasks(actor, client)):
        raise Http404("no such client")
    return client


@dataclass
class NoteRow:
    note: CaseNote
    text: str
    versions: int


def _latest_versions(notes) -> dict[int, CaseNoteVersion]:
    ids = [n.pk for n in notes]
    latest = CaseNoteVersion.objects.filter(note=OuterRef("note")).order_by("-number")
    return {v.note_id: v for v in CaseNoteVersion.objects.filter(
        note_id__in=ids, pk=Subquery(latest.values("pk")[:1])).select_related("client")}


def notes_of(*, actor, client):
    """The notes of the sections the actor reads, newest contact first (a queryset)."""
    sections = access.note_sections(actor, client)
    return (CaseNote.objects.filter(client=client, section__in=sections)
            .select_related("author").order_by("-contact_on", "-pk"))


def note_rows(*, actor, client, notes) -> list[NoteRow]:
    """The current text of each note (one query for the texts, one for the key)."""
    notes = list(notes)
    if not notes:
        return []
    latest = _latest_versions(notes)
    ring = KeyRing()
    ring.load([client.key_id])
    rows = []
    for note in notes:
        version = latest.get(note.pk)
        text = version.reveal(ring).text if version else ""
        rows.append(NoteRow(note=note, text=str(text or ""),
                            versions=version.number if version else 0))
    record(actor=actor, action=Action.VIEW, object_type="casework.casenote",
           object_id=f"client:{client.pk}", client_id=client.pk)
    return rows


def get_note(*, actor, pk: int) -> CaseNote:
    note = (CaseNote.objects.filter(pk=pk, client__organisation_id=getattr(
        actor, "organisation_id", None)).select_related("client", "author").first())
    if note is None or note.section not in access.note_sections(actor, note.client):
        raise Http404("no such note")
    return note


def note_history(*, actor, note) -> list[tuple[CaseNoteVersion, str]]:
    versions = list(note.versions.select_related("written_by", "client").order_by("-number"))
    ring = KeyRing()
    ring.load([note.client.key_id])
    record(actor=actor, action=Action.VIEW, obj=note, client_id=note.client_id)
    return [(v, str(v.reveal(ring).text or "")) for v in versions]


def current_text(*, actor, note) -> str:
    version = note.versions.select_related("client").order_by("-number").first()
    if version is None:
        return ""
    ring = KeyRing()
    ring.load([note.client.key_id])
    record(actor=actor, action=Action.VIEW, obj=note, client_id=note.client_id)
    return str(version.reveal(ring).text or "")


# --- Tasks ---------------------------------------------------------------------------------


@dataclass
class TaskRow:
    task: Task
    what: str
    overdue: bool = False


def _task_rows(actor, tasks) -> list[TaskRow]:
    tasks = list(tasks)
    if not tasks:
        return []
    ring = KeyRing()
    ring.load({t.client.key_id for t in tasks})
    for client_id in sorted({t.client_id for t in tasks}):
        record(actor=actor, action=Action.VIEW, object_type="casework.task",
               object_id=f"client:{client_id}", client_id=client_id)
    today = timezone.localdate()
    return [TaskRow(task=t, what=str(t.reveal(ring).what or ""),
                    overdue=not t.is_done and t.due_on < today) for t in tasks]


def client_tasks(*, actor, client) -> list[TaskRow]:
    """Open tasks, then the last ten done (the CASE section)."""
    if not access.may_manage_tasks(actor, client):
        return []
    base = Task.objects.filter(client=client).select_related("client", "assignee")
    open_ = base.filter(done_at__isnull=True).order_by("due_on", "pk")
    done = base.filter(done_at__isnull=False).order_by("-done_at")[:10]
    return _task_rows(actor, [*open_, *done])


def my_tasks(*, actor, include_done: bool = False):
    """Tasks assigned to the actor, on clients still within reach, soonest first."""
    qs = (Task.objects.filter(reach_q(actor, prefix="client__"), assignee=actor,
                              client__erased_at__isnull=True)
          .select_related("client").order_by("due_on", "pk"))
    return qs if include_done else qs.filter(done_at__isnull=True)


def task_rows(*, actor, tasks) -> list[TaskRow]:
    return _task_rows(actor, tasks)


def get_task(*, actor, pk: int) -> Task:
    task = (Task.objects.filter(pk=pk, client__organisation_id=getattr(
        actor, "organisation_id", None)).select_related("client", "assignee").first())
    if task is None or task.client.is_erased or not access.may_complete_task(actor, task):
        raise Http404("no such task")
    return task


def assignable(*, client):
    """Staff on the client's case team, for the task form."""
    from reintegra.accounts.models import User

    return User.objects.filter(
        pk__in=CaseTeamMember.objects.filter(client=client).values("user_id"),
        organisation_id=client.organisation_id, is_active=True,
    ).order_by("last_name", "first_name")


def review_for_task(*, actor, client, pk):
    """A goal review of this client's plan the actor may read, for "a task from a review"."""
    from reintegra.plans.models import GoalReview

    review = GoalReview.objects.filter(pk=pk, goal__plan__client=client).select_related(
        "goal__plan").first()
    if review is None or not can_see(actor, client, Section.CASE):
        raise Http404("no such review")
    return review


def last_contacts(*, actor, clients_q: Q | None = None):
    """Clients within reach with ``last_contact``: the latest contact (not a note only) in
    the note sections the actor's role reads (a psychologist's meetings are not shown to
    the coordinator, even as a date)."""
    from django.db.models import Max

    from .models import CONTACTS

    sections = access.sections_for_role(actor)
    return Client.objects.filter(reach_q(actor), clients_q or Q()).annotate(
        last_contact=Max("case_notes__contact_on", filter=Q(
            case_notes__kind__in=CONTACTS, case_notes__section__in=sections)))
