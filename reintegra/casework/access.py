"""Who reads and writes case notes and tasks. Builds on ``clients.access`` (organisation,
then case team, then role): this module adds the rule per note section.

- a case-work note: whoever has the CASE section of the client (the coordinator, the case
  workers and the psychologist on the team);
- a legal note: the legal advisor on the team and the coordinator;
- a psychological note: the psychologist on the team only (not even the coordinator).

Notes are read and written by the same people; a note is edited only by its author (each
edit is a new version). Tasks are case work (the CASE section); a task's assignee is on
the client's case team.
"""

from reintegra.accounts.models import Role
from reintegra.clients.access import Section, can_see, is_on_team, is_staff_member

from .models import NoteSection

NOTE_READERS = {
    NoteSection.CASE: (Section.CASE, {Role.COORDINATOR, Role.CASE_WORKER, Role.PSYCHOLOGIST}),
    NoteSection.LEGAL: (Section.LEGAL, {Role.COORDINATOR, Role.LEGAL_ADVISOR}),
    NoteSection.PSYCHOLOGICAL: (Section.PSYCHOLOGICAL, {Role.PSYCHOLOGIST}),
}


def note_sections(actor, client) -> list[str]:
    """The note sections of ``client`` the actor reads and writes (empty: none)."""
    if not is_staff_member(actor) or client.is_erased:
        return []
    return [
        section for section, (needed, roles) in NOTE_READERS.items()
        if actor.role in roles and can_see(actor, client, needed)
    ]


def sections_for_role(actor) -> list[str]:
    """The note sections the actor's role may ever read (for lists across clients)."""
    role = getattr(actor, "role", "")
    return [s for s, (_needed, roles) in NOTE_READERS.items() if role in roles]


def may_edit_note(actor, note) -> bool:
    return note.author_id == actor.pk and note.section in note_sections(actor, note.client)


def may_manage_tasks(actor, client) -> bool:
    return (is_staff_member(actor) and not client.is_erased
            and actor.role in (Role.COORDINATOR, Role.CASE_WORKER, Role.PSYCHOLOGIST)
            and can_see(actor, client, Section.CASE))


def may_complete_task(actor, task) -> bool:
    """The assignee while the client is within her reach, or whoever manages its tasks."""
    mine = task.assignee_id == getattr(actor, "pk", None) and can_see(actor, task.client)
    return mine or may_manage_tasks(actor, task.client)


def may_be_assigned(user, client) -> bool:
    """Somebody on the client's case team, of the same organisation."""
    return (is_staff_member(user) and user.organisation_id == client.organisation_id
            and is_on_team(user, client))
