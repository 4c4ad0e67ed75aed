"""Case notes (a contact log) and tasks on a client.

A note belongs to one section of the client record (case, legal, psychological), which
decides who reads it (``access.py``). Its text is sealed with the client's key and never
overwritten: each edit adds a ``CaseNoteVersion``; the note row holds only what lists need
in plain (date and kind of the contact, the section, the author), so that "last contact"
is an SQL aggregate. Both sealed models have a direct foreign key to the client, so an
erasure empties them (``privacy.erasure.clear_sealed_rows``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.vault.sealed import SealedModel, sealed_text


class NoteSection(models.TextChoices):
    CASE = "case", _("Case work")
    LEGAL = "legal", _("Legal")
    PSYCHOLOGICAL = "psychological", _("Psychological")


class ContactKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone call")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment to an office")
    HOME_VISIT = "home_visit", _("Home visit")
    NONE = "none", _("No contact (a note only)")


CONTACTS = (ContactKind.MEETING, ContactKind.PHONE, ContactKind.ACCOMPANIMENT,
            ContactKind.HOME_VISIT)


class CaseNote(models.Model):
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE,
                               related_name="case_notes")
    section = models.CharField(_("section"), max_length=16, choices=NoteSection.choices)
    kind = models.CharField(_("kind of contact"), max_length=16, choices=ContactKind.choices)
    contact_on = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("written by"))
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-contact_on", "-pk"]
        indexes = [models.Index(fields=["client", "section", "-contact_on"])]

    def __str__(self):
        return f"note {self.pk} of {self.client_id}"


class CaseNoteVersion(SealedModel):
    """One text of a note; the newest is the note's current text."""

    SEALED_FIELDS = ("text",)

    note = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="versions")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE,
                               related_name="+")
    number = models.PositiveIntegerField()
    text_sealed = sealed_text()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["note", "-number"]
        constraints = [models.UniqueConstraint(fields=["note", "number"],
                                               name="unique_note_version")]

    def vault_owner(self):
        return self.client_id, self.client.key_id


class Task(SealedModel):
    SEALED_FIELDS = ("what",)

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE,
                               related_name="tasks")
    what_sealed = sealed_text()
    due_on = models.DateField(_("due date"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="casework_tasks", verbose_name=_("assignee"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the task was made from a plan review (the review's button).
    from_review = models.ForeignKey("plans.GoalReview", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"])]

    def __str__(self):
        return f"task {self.pk} of {self.client_id}"

    def vault_owner(self):
        return self.client_id, self.client.key_id

    @property
    def is_done(self):
        return self.done_at is not None
