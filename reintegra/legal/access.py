"""Who may read and write a client's legal data: the LEGAL section of
reintegra.clients.access (the coordinator; the case worker and the legal advisor on the
client's case team). Psychologists, trainers and the DPO have no LEGAL section.

- read: anyone with the LEGAL section of the client;
- write (status, documents, proceedings, claims): the coordinator and the team's legal
  advisor; the case worker reads only (legal work is the legal advisor's);
- legal case notes: the team's legal advisor and the coordinator only;
- deadline rules (organisation-independent law): coordinators and legal advisors.
"""

from reintegra.accounts.models import Role
from reintegra.clients.access import Section, can_see, is_staff_member

WRITERS = {Role.COORDINATOR, Role.LEGAL_ADVISOR}


def may_read(actor, client, *, on_team=None) -> bool:
    return not client.is_erased and can_see(actor, client, Section.LEGAL, on_team=on_team)


def may_write(actor, client, *, on_team=None) -> bool:
    return actor.role in WRITERS and may_read(actor, client, on_team=on_team)


def may_read_notes(actor, client, *, on_team=None) -> bool:
    return may_write(actor, client, on_team=on_team)


def may_edit_rules(actor) -> bool:
    return is_staff_member(actor) and actor.role in WRITERS


def has_workspace(actor) -> bool:
    return is_staff_member(actor) and actor.role in WRITERS
