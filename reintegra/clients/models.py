"""The client registry: case data (HTCDS names) apart from identity (sealed per client).

``Client`` holds what the programme decides with; ``ClientIdentity`` holds who the person
is. Every identifying or free-text value is a ciphertext under the client's data key
(reintegra.vault); erasing the key erases the person and leaves the statistics.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from reintegra.core.fields import ChoiceSetField
from reintegra.core.kept import save_keeping
from reintegra.vault.sealed import SealedModel, sealed_text

from . import choices as c
from .languages import language_choices

# Note sections (casework.NoteSection) -> the client's field with its latest contact.
LAST_CONTACT_FIELDS = {"case": "last_case_contact_on", "legal": "last_legal_contact_on"}


def last_contact_or_intake(sections: Iterable[str]) -> Any:
    """The latest contact in notes of ``sections`` (of ``LAST_CONTACT_FIELDS``), or the
    intake date when there is none: one expression, the same in a query as in the index
    that serves it (GREATEST skips nulls on PostgreSQL but not on SQLite: each side is
    coalesced with the other first)."""
    fields = [LAST_CONTACT_FIELDS[s] for s in sorted(set(sections))]
    if not fields:
        return F("intake_date")
    latest: Any = F(fields[0])
    for other in fields[1:]:
        latest = Greatest(Coalesce(latest, F(other)), Coalesce(F(other), latest))
    return Coalesce(latest, F("intake_date"))


class Client(SealedModel):
    SEALED_FIELDS = ("referral_details", "closure_note")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="clients"
    )
    code = models.CharField(_("client code"), max_length=20, unique=True)
    key_id = models.UUIDField(null=True, editable=False)  # in the keystore; null once erased
    status = models.CharField(
        _("case status"), max_length=20, choices=c.CaseStatus.choices,
        default=c.CaseStatus.ACTIVE,
    )
    intake_date = models.DateField(_("intake date"))
    gender = models.CharField(_("gender"), max_length=24, choices=c.Gender.choices)
    citizenship = CountryField(_("citizenship"), multiple=True, blank=True)
    primary_language = models.CharField(
        _("primary language"), max_length=3, choices=language_choices, blank=True
    )
    secondary_language = models.CharField(
        _("secondary language"), max_length=3, choices=language_choices, blank=True
    )
    trafficking_status = models.CharField(
        _("trafficking status"), max_length=32, choices=c.TraffickingStatus.choices,
        blank=True,
    )
    trafficking_status_decided_by = models.CharField(
        _("status decided by"), max_length=40, choices=c.DecisionMaker.choices, blank=True
    )
    exploitation_types = ChoiceSetField(
        _("types of exploitation"), choices=c.ExploitationType.choices
    )
    control_methods = ChoiceSetField(_("methods of control"), choices=c.ControlMethod.choices)
    relationship_to_trafficker = models.CharField(
        _("relationship to trafficker"), max_length=16, choices=c.Relationship.choices,
        blank=True,
    )
    exploitation_country = CountryField(_("country of exploitation"), blank=True)
    referral_organisation = models.CharField(
        _("referred by (organisation)"), max_length=200, blank=True
    )
    referral_date = models.DateField(_("referral date"), null=True, blank=True)
    referral_reason = models.CharField(
        _("reason for referral"), max_length=32, choices=c.ReferralReason.choices, blank=True
    )
    referral_details_sealed = sealed_text()
    case_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_cases",
        verbose_name=_("case owner"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CaseTeamMember", related_name="team_cases",
        verbose_name=_("case team"),
    )
    art9_basis = models.CharField(
        _("legal basis for special-category data"), max_length=8,
        choices=c.Art9Basis.choices, default=c.Art9Basis.EXPLICIT_CONSENT,
    )
    closure_reason = models.CharField(
        _("reason for closure"), max_length=20, choices=c.ClosureReason.choices, blank=True
    )
    closure_note_sealed = sealed_text()
    closed_at = models.DateField(_("closed on"), null=True, blank=True)
    # Non-identifying statistics, kept after erasure.
    age_band = models.CharField(_("age band at intake"), max_length=8, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The latest contact (a meeting, call, accompaniment or visit) in a case-work note and
    # in a legal note, kept by casework.services in the same transaction as the note, so
    # that "no contact for N days" reads an index instead of grouping every note. Not a
    # psychological note's: that date is the psychologist's alone.
    last_case_contact_on = models.DateField(null=True, editable=False)
    last_legal_contact_on = models.DateField(null=True, editable=False)

    class Meta:
        ordering = ["-intake_date", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            # The list counts and orders the live (not erased) clients of one organisation:
            # a partial index serves both (at 100,000 clients the COUNT fell from 45-90 ms
            # to 7-12 ms in make bench).
            models.Index(
                fields=["organisation", "-intake_date", "-id"],
                condition=models.Q(erased_at__isnull=True),
                name="client_live_by_org",
            ),
            # A name search finds its clients through the blind index, then checks each
            # one's organisation and reads its intake date to rank it: from this index
            # alone (an index-only probe), not from the table's wide rows.
            models.Index(
                fields=["id"],
                include=["organisation", "intake_date"],
                condition=models.Q(erased_at__isnull=True),
                name="client_live_by_id",
            ),
            # A search by the beginning of a code ("SYN-2026-01") counts and ranks its
            # clients from this index alone, however many share the beginning.
            models.Index(
                fields=["code"],
                opclasses=["varchar_pattern_ops"],
                include=["organisation", "intake_date", "id"],
                condition=models.Q(erased_at__isnull=True),
                name="client_live_by_code",
            ),
            # The live clients of one organisation by status, with their id: the home page's
            # counts (clients.home.status_counts) read this index alone, not the table.
            models.Index(
                fields=["organisation", "status", "id"],
                condition=models.Q(erased_at__isnull=True),
                name="client_live_by_status",
            ),
            # The coordinator's "no contact for N days": open cases by their latest case or
            # legal contact (the intake date when there is none), oldest first.
            models.Index(
                F("organisation"), last_contact_or_intake(("case", "legal")), F("code"),
                condition=models.Q(erased_at__isnull=True, status__in=c.OPEN_STATUSES),
                name="client_open_by_last_contact",
            ),
            # The case worker's: case-work notes only (walked until eight of her team's
            # clients are found, or her team's clients sorted when it is a small one).
            models.Index(
                F("organisation"), last_contact_or_intake(("case",)), F("code"),
                condition=models.Q(erased_at__isnull=True, status__in=c.OPEN_STATUSES),
                name="client_open_by_last_case",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=c.CLOSED_STATUSES)
                | models.Q(closed_at__isnull=False),
                name="closed_case_has_closure_date",
            )
        ]

    def __str__(self) -> str:
        return self.code  # a pseudonym: safe in logs, admin and error pages

    def save(self, **kwargs: Any) -> None:
        # The latest contacts are casework's (refresh_last_contacts, an UPDATE of their own).
        super().save(**save_keeping(self, tuple(LAST_CONTACT_FIELDS.values()), kwargs))

    def vault_owner(self) -> tuple[int, uuid.UUID | None]:
        return self.pk, self.key_id

    @property
    def is_open(self) -> bool:
        return self.status in c.OPEN_STATUSES

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class ClientIdentity(SealedModel):
    """Who the person is. Every field is sealed with the client's data key."""

    SEALED_FIELDS = (
        "first_name", "second_name", "chosen_name", "birth_date", "phone", "email",
        "documents",
    )
    SEALED_DATES = ("birth_date",)

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="identity")
    first_name_sealed = sealed_text()
    second_name_sealed = sealed_text()
    chosen_name_sealed = sealed_text()
    birth_date_sealed = sealed_text()
    phone_sealed = sealed_text()
    email_sealed = sealed_text()
    documents_sealed = sealed_text()  # [{"type": "passport", "number": "..."}]

    def __str__(self) -> str:
        return f"identity of {self.client_id}"

    def vault_owner(self) -> tuple[int, uuid.UUID | None]:
        return self.client_id, self.client.key_id


class BlindIndex(models.Model):
    """Keyed hashes of normalised identity values, for search and the duplicate warning.

    Each kind has its own key, derived from the blind-index key (clients.search.purpose_key).
    """

    class Kind(models.TextChoices):
        NAME = "name"  # first, second, chosen and full name
        NAME_BIRTH = "name_birth"  # full name + birth date, for the duplicate warning
        DOCUMENT = "document"
        TOKEN = "token"  # each word of a name, in each spelling (clients.search)
        PREFIX = "prefix"  # each beginning of such a word from 3 letters
        PHONE = "phone"  # the last 9 digits of the phone number, for the duplicate warning

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="blind_indexes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    digest = models.CharField(max_length=32)

    class Meta:
        # Covering: a search reads only (kind, digest) -> client_id, an index-only scan
        # (a word shared by 2,000 clients cost 2,000 heap pages with (kind, digest) alone).
        indexes = [models.Index(fields=["kind", "digest", "client"], name="bidx_lookup")]
        constraints = [
            models.UniqueConstraint(fields=["client", "kind", "digest"], name="unique_bidx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} index of {self.client_id}"


class CaseTeamMember(models.Model):
    """Staff on a client's case team: the need-to-know boundary below the organisation."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "user"], name="unique_team_member")
        ]
        # A case worker's list joins from the user's side: (user, client) makes it an
        # index-only scan (the count for 28,000 team clients fell from 37 to 20 ms).
        indexes = [models.Index(fields=["user", "client"], name="team_member_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.client_id}"


class ClientCodeSequence(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="unique_code_seq")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last}"


class Attachment(SealedModel):
    """A file about a client (e.g. a scan of a document), stored encrypted under MEDIA_ROOT.

    The file is AES-256-GCM ciphertext under the client's data key, in a file with a random
    name (reintegra.vault.files); its associated data binds it to this attachment and client.
    The original name and content type are sealed too: the database and the disk hold no
    plaintext about the file.
    """

    SEALED_FIELDS = ("name", "content_type")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="attachments")
    uid = models.UUIDField(unique=True, editable=False)
    blob = models.CharField(max_length=64, editable=False)  # random file name in the store
    size = models.PositiveIntegerField(_("size in bytes"))
    name_sealed = sealed_text()
    content_type_sealed = sealed_text()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"attachment {self.pk} of {self.client_id}"

    def vault_owner(self) -> tuple[int, uuid.UUID | None]:
        return self.client_id, self.client.key_id

    def _slot(self, name: str, client_id: int) -> str:
        # Bound to this attachment too: a name cannot be swapped onto another file.
        return f"{super()._slot(name, client_id)}:{self.uid}"

    def file_slot(self) -> str:
        """Associated data of the file's ciphertext."""
        return f"{self._meta.label_lower}.file:{self.client_id}:{self.uid}"
