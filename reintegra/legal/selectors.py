"""Reads of legal data. Each takes the acting user and applies need-to-know
(reintegra.legal.access over reintegra.clients.access); every page that decrypts a sealed
value records a ``view`` audit event naming the client. Lists read codes and dates only
(nothing sealed), at a fixed number of queries whatever the number of clients.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.accounts.models import Role
from reintegra.audit.models import Action
from reintegra.audit.services import record
from reintegra.clients.access import Section, note_team_membership, reach_q, sections_for_role
from reintegra.clients.choices import OPEN_STATUSES
from reintegra.clients.models import CaseTeamMember, Client
from reintegra.vault.keyring import KeyRing

from . import access
from . import choices as c
from .models import (
    CaseNote,
    Claim,
    Deadline,
    DeadlineRule,
    Document,
    Hearing,
    LegalStatus,
    Proceeding,
    Reminder,
)
from .rights import rights_of

# Rule codes in plain words (rules are data: an unknown code shows as itself).
RULE_LABELS = {
    "CERT_170_VALIDITY": _("Certificate of presumed victim status expires"),
    "REFLECTION_PERIOD": _("Reflection period ends"),
    "PERMIT_176_EXPIRY": _("Art. 176 residence permit expires"),
    "PERMANENT_RESIDENCE_ELIGIBLE": _("May apply for permanent residence"),
    "PESEL_UKR_30_DAYS": _("Last day to apply for PESEL UKR"),
    "TEMPORARY_PROTECTION_END": _("Temporary protection ends"),
    "CUKR_APPLICATION_WINDOW_END": _("Last day to apply for the CUKR card"),
    "CUKR_DECISION": _("CUKR decision due"),
    "STATE_COMPENSATION_3Y": _("Last day to claim state compensation (3 years from harm)"),
    "STATE_COMPENSATION_5Y": _("Last day to claim state compensation (5 years from the act)"),
    "DOCUMENT_EXPIRY": _("Document expires"),
}
DUE_SOON_DAYS = 30


def rule_label(code: str) -> str:
    return str(RULE_LABELS.get(code, code))


def _with_membership(queryset, actor, client_field="pk"):
    members = CaseTeamMember.objects.filter(client_id=OuterRef(client_field),
                                            user_id=getattr(actor, "pk", None))
    return queryset.annotate(actor_on_team=Exists(members))


def legal_client(*, actor, pk: int) -> Client:
    """The client if the actor may read its legal data; otherwise 404. One query."""
    client = _with_membership(
        Client.objects.filter(pk=pk, organisation_id=getattr(actor, "organisation_id", None))
        .select_related("organisation"), actor).first()
    if client is None:
        raise Http404("no such client")
    note_team_membership(client, actor, client.actor_on_team)
    if not access.may_read(actor, client):
        raise Http404("no such client")
    return client


def _get_owned(model, *, actor, pk: int, related=()):
    """A legal row whose client the actor may read and write; otherwise 404."""
    row = (_with_membership(model.objects.filter(
        pk=pk, client__organisation_id=getattr(actor, "organisation_id", None)), actor,
        client_field="client_id").select_related("client", *related).first())
    if row is None:
        raise Http404("no such record")
    note_team_membership(row.client, actor, row.actor_on_team)
    if not access.may_write(actor, row.client):
        raise Http404("no such record")
    return row


def status_for_change(*, actor, pk: int) -> LegalStatus:
    status = _get_owned(LegalStatus, actor=actor, pk=pk)
    if not status.is_current:
        raise Http404("replaced")
    return status


def document_for_edit(*, actor, pk: int) -> Document:
    return _get_owned(Document, actor=actor, pk=pk)


def proceeding_for_hearing(*, actor, pk: int) -> Proceeding:
    return _get_owned(Proceeding, actor=actor, pk=pk)


def deadline_for_close(*, actor, pk: int) -> Deadline:
    return _get_owned(Deadline, actor=actor, pk=pk, related=("rule",))


# --- the client's legal page ---------------------------------------------------------------


@dataclass
class Shown:
    """A row and its revealed sealed values."""

    row: object
    sealed: object


@dataclass
class ClientLegal:
    client: Client
    current: list[Shown]
    history: list[Shown]
    documents: list[Shown]
    proceedings: list[Shown]
    hearings: dict[int, list[Shown]]
    claims: list[Shown]
    deadlines: list[Deadline]
    notes: list[Shown] | None  # None: the actor may not read legal notes
    rights: object | None
    may_write: bool


def client_legal(*, actor, client: Client) -> ClientLegal:
    """Everything legal about one client, decrypted, for the legal page. Audited."""
    ring = KeyRing()

    def shown(rows):
        return [Shown(row, row.reveal(ring)) for row in rows]

    for_client = {"client": client}
    statuses = list(LegalStatus.objects.filter(**for_client).select_related("recorded_by"))
    for s in statuses:
        s.client = client  # vault_owner reads client.key_id: no query per row
    today = timezone.localdate()
    current = [s for s in statuses if s.is_current]
    hearings = {}
    for hearing in Hearing.objects.filter(**for_client):
        hearing.client = client
        hearings.setdefault(hearing.proceeding_id, []).append(Shown(hearing,
                                                                    hearing.reveal(ring)))
    rows = {
        Document: list(Document.objects.filter(**for_client).select_related("scan")),
        Proceeding: list(Proceeding.objects.filter(**for_client)),
        Claim: list(Claim.objects.filter(**for_client)),
    }
    for model_rows in rows.values():
        for row in model_rows:
            row.client = client
    notes = None
    if access.may_read_notes(actor, client):
        note_rows = list(CaseNote.objects.filter(**for_client).select_related("recorded_by"))
        for n in note_rows:
            n.client = client
        notes = shown(note_rows)
    deadlines = list(Deadline.objects.filter(client=client, closed_at__isnull=True)
                     .select_related("rule").order_by("due_on"))
    record(actor=actor, action=Action.VIEW, obj=client, object_type="legal.client",
           client_id=client.pk)
    return ClientLegal(
        client=client, current=shown(current),
        history=shown([s for s in statuses if not s.is_current]),
        documents=shown(rows[Document]), proceedings=shown(rows[Proceeding]),
        hearings=hearings, claims=shown(rows[Claim]), deadlines=deadlines, notes=notes,
        rights=rights_of(in_force(current, today)), may_write=access.may_write(actor, client),
    )


def in_force(statuses, today: date) -> list[LegalStatus]:
    """Current statuses that are in force today (not ended, not expired)."""
    return [
        s for s in statuses
        if s.replaced_by_id is None and s.stage != c.Stage.REFUSED
        and not (s.ended_on and s.ended_on <= today)
        and not (s.valid_until and s.valid_until < today)
    ]


# --- the legal advisor's workspace ---------------------------------------------------------


@dataclass
class WorkspaceRow:
    client: Client
    statuses: list = field(default_factory=list)
    rights: object = None
    next_deadline: Deadline | None = None
    next_hearing: Hearing | None = None
    overdue: int = 0


FILTERS = ("overdue", "soon", "all")


def _legal_reach(actor):
    if Section.LEGAL not in sections_for_role(actor):
        return Client.objects.none()
    return Client.objects.filter(reach_q(actor), key_id__isnull=False).distinct()


def workspace(*, actor, show: str = "all", today: date | None = None) -> list[WorkspaceRow]:
    """The actor's clients (a legal advisor: her case teams'; a coordinator: the
    organisation's open cases) with current status, next deadline and next hearing.
    ``show``: "overdue", "soon" (due within DUE_SOON_DAYS) or "all". Four queries."""
    today = today or timezone.localdate()
    clients = _legal_reach(actor).filter(status__in=OPEN_STATUSES).order_by("code")
    if actor.role != Role.LEGAL_ADVISOR:
        # Outside the legal advisor's own teams, only clients with legal work recorded.
        clients = clients.filter(Exists(LegalStatus.objects.filter(client_id=OuterRef("pk"))))
    clients = list(clients.only("pk", "code", "organisation_id", "status", "key_id"))
    rows = {cl.pk: WorkspaceRow(client=cl) for cl in clients}
    ids = list(rows)
    for s in LegalStatus.objects.filter(client_id__in=ids, replaced_by__isnull=True).order_by(
            "client_id", "-pk"):
        rows[s.client_id].statuses.append(s)
    for d in (Deadline.objects.filter(client_id__in=ids, closed_at__isnull=True)
              .select_related("rule").order_by("due_on", "pk")):
        row = rows[d.client_id]
        if d.due_on < today:
            row.overdue += 1
        elif row.next_deadline is None:
            row.next_deadline = d
    for h in Hearing.objects.filter(client_id__in=ids, held_on__gte=today).order_by(
            "held_on", "time"):
        rows[h.client_id].next_hearing = rows[h.client_id].next_hearing or h
    for row in rows.values():
        row.rights = rights_of(in_force(row.statuses, today))
    result = list(rows.values())
    if show == "overdue":
        result = [r for r in result if r.overdue]
    elif show == "soon":
        horizon = today + timedelta(days=DUE_SOON_DAYS)
        result = [r for r in result if r.overdue or (
            r.next_deadline and r.next_deadline.due_on <= horizon)]
    record(actor=actor, action=Action.LIST, object_type="legal.workspace",
           object_id=str(len(result)))
    return result


# --- due items, reminders, panel -----------------------------------------------------------


def open_deadlines(*, actor, start: date, end: date):
    """Open deadlines due from ``start`` to ``end`` of the clients the actor may see the
    legal section of. One query."""
    return (Deadline.objects.filter(closed_at__isnull=True, due_on__gte=start, due_on__lte=end,
                                    client__in=_legal_reach(actor).values("pk"))
            .select_related("rule", "client").only("due_on", "rule__code", "client__code",
                                                   "client_id").order_by("due_on", "pk"))


def client_panel(*, actor, client, today: date | None = None) -> dict:
    """Codes and dates for the client page's legal panel (nothing sealed). The client page
    has recorded the view. Three queries."""
    today = today or timezone.localdate()
    current = list(LegalStatus.objects.filter(client=client, replaced_by__isnull=True))
    deadlines = list(Deadline.objects.filter(client=client, closed_at__isnull=True)
                     .select_related("rule").order_by("due_on")[:5])
    hearing = Hearing.objects.filter(client=client, held_on__gte=today).order_by(
        "held_on").first()
    return {"current": current, "rights": rights_of(in_force(current, today)),
            "deadlines": deadlines, "next_hearing": hearing, "today": today}


def my_reminders(*, actor, unread_only: bool = False):
    reminders = (Reminder.objects.filter(user=actor, deadline__client__in=_legal_reach(actor)
                                         .values("pk"))
                 .select_related("deadline__rule", "deadline__client")
                 .only("created_at", "read_at", "days_before", "deadline__due_on",
                       "deadline__rule__code", "deadline__client__code",
                       "deadline__client_id"))
    return reminders.filter(read_at__isnull=True) if unread_only else reminders


def reminder_of(*, actor, pk: int) -> Reminder:
    reminder = Reminder.objects.filter(pk=pk, user=actor).first()
    if reminder is None:
        raise Http404("no such reminder")
    return reminder


# --- rules ---------------------------------------------------------------------------------


def all_rules():
    return list(DeadlineRule.objects.order_by("code"))


def rule_for_edit(*, actor, code: str) -> DeadlineRule:
    if not access.may_edit_rules(actor):
        raise Http404("no such rule")
    rule = DeadlineRule.objects.filter(code=code).first()
    if rule is None:
        raise Http404("no such rule")
    return rule


def visible_changes(*, actor, changed) -> tuple[list, int]:
    """Of the deadlines a rule edit moved: (client code, change) for the clients the actor
    may see, and how many more moved in the actor's organisation. Other organisations'
    deadlines are not even counted: nothing about them crosses the organisation."""
    ids = {ch.deadline.client_id for ch in changed}
    visible = dict(_legal_reach(actor).filter(pk__in=ids).values_list("pk", "code"))
    in_org = set(Client.objects.filter(pk__in=ids, organisation_id=actor.organisation_id)
                 .values_list("pk", flat=True))
    shown = [(visible[ch.deadline.client_id], ch) for ch in changed
             if ch.deadline.client_id in visible]
    hidden = sum(1 for ch in changed
                 if ch.deadline.client_id in in_org and ch.deadline.client_id not in visible)
    return shown, hidden


# --- the client's timeline -----------------------------------------------------------------


def timeline(*, actor, client: Client, today: date | None = None) -> list:
    """Past and next legal steps in plain words, for the client to keep: no notes, no
    reference numbers, nothing internal. Call inside translation.override(language)."""
    from .timeline import steps_for

    today = today or timezone.localdate()
    statuses = list(LegalStatus.objects.filter(client=client).order_by("pk"))
    hearings = list(Hearing.objects.filter(client=client).select_related("proceeding"))
    claims = list(Claim.objects.filter(client=client))
    deadlines = list(Deadline.objects.filter(client=client, closed_at__isnull=True)
                     .select_related("rule"))
    record(actor=actor, action=Action.VIEW, obj=client, object_type="legal.timeline",
           client_id=client.pk)
    return steps_for(statuses=statuses, hearings=hearings, claims=claims,
                     deadlines=deadlines, today=today)


# --- the report's hook ---------------------------------------------------------------------

REGULAR_KINDS = {c.StatusKind.POLISH_CITIZEN, c.StatusKind.EU_CITIZEN, c.StatusKind.PERMIT_176,
                 c.StatusKind.PERMANENT_RESIDENCE, c.StatusKind.TEMPORARY_PROTECTION,
                 c.StatusKind.CUKR, c.StatusKind.INTERNATIONAL_PROTECTION,
                 c.StatusKind.WORK_PERMIT}


def _effective(status) -> date:
    return (status.valid_from or status.issued_on or status.applied_on
            or timezone.localdate(status.recorded_at))


def outcome_at(statuses, on: date) -> str:
    """regularised / pending / not_regularised on date ``on``, from the dated records: the
    records known by then and not yet replaced by then."""
    known = [s for s in statuses if _effective(s) <= on and (
        s.replaced_at is None or timezone.localdate(s.replaced_at) > on)]
    live = [s for s in known if s.stage != c.Stage.REFUSED and s.stage != c.Stage.ENDED
            and not (s.ended_on and s.ended_on <= on)]
    if any(s.kind in REGULAR_KINDS and s.stage == c.Stage.GRANTED
           and not (s.valid_until and s.valid_until < on) for s in live):
        return c.Outcome3.REGULARISED.value
    if any(s.stage == c.Stage.APPLIED or (s.kind == c.StatusKind.CERTIFICATE_170
                                          and not (s.valid_until and s.valid_until < on))
           for s in live):
        return c.Outcome3.PENDING.value
    return c.Outcome3.NOT_REGULARISED.value


def legal_outcomes_by_client(*, actor, client_ids, start: date, end: date) -> dict[int, str]:
    """For the analytical report: each client id (within the actor's reach of the LEGAL
    section; others are left out) -> "regularised" | "pending" | "not_regularised", as the
    dated records stood at the end of the period [start, end]. A client regularised during
    the period who lost the title before ``end`` counts as not regularised. Two queries."""
    if start > end:
        raise ValueError("start after end")
    ids = set(_legal_reach(actor).filter(pk__in=list(client_ids)).values_list("pk", flat=True))
    by_client = {pk: [] for pk in ids}
    for s in LegalStatus.objects.filter(client_id__in=ids).only(
            "client_id", "kind", "stage", "applied_on", "issued_on", "valid_from",
            "valid_until", "ended_on", "recorded_at", "replaced_at"):
        by_client[s.client_id].append(s)
    return {pk: outcome_at(rows, end) for pk, rows in by_client.items()}


# --- documents: edit and scans ------------------------------------------------------------


def document_sealed(*, actor, document: Document):
    """The document's number and note, for its edit form. Audited."""
    sealed = document.reveal(KeyRing())
    record(actor=actor, action=Action.VIEW, obj=document, client_id=document.client_id)
    return sealed


def document_to_read(*, actor, pk: int) -> Document:
    """A document whose client's legal data the actor may read; otherwise 404."""
    row = (_with_membership(Document.objects.filter(
        pk=pk, client__organisation_id=getattr(actor, "organisation_id", None)), actor,
        client_field="client_id").select_related("client", "scan").first())
    if row is None:
        raise Http404("no such document")
    note_team_membership(row.client, actor, row.actor_on_team)
    if not access.may_read(actor, row.client) or row.scan is None:
        raise Http404("no such document")
    return row


def open_scan(*, actor, pk: int):
    """The decrypted scan of a document, for download; recorded as an export."""
    import logging

    from reintegra.privacy.selectors import OpenedFile
    from reintegra.vault import crypto, files

    document = document_to_read(actor=actor, pk=pk)
    attachment = document.scan
    attachment.client = document.client
    ring = KeyRing()
    key = ring.key(document.client.key_id)
    revealed = attachment.reveal(ring)
    if key is None or not isinstance(revealed.name, str):
        raise Http404("the file cannot be opened")
    try:
        data = files.read(key=key, name=attachment.blob, aad=attachment.file_slot())
    except crypto.DecryptionError as exc:
        logging.getLogger(__name__).warning(
            "vault: cannot decrypt attachment %s of client %s", attachment.pk,
            attachment.client_id)
        raise Http404("the file cannot be opened") from exc
    record(actor=actor, action=Action.EXPORT, obj=attachment, client_id=document.client_id)
    return OpenedFile(name=revealed.name, content_type=revealed.content_type, data=data)
