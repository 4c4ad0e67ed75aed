"""The activity programme: the catalogue of what the programme offers, its scheduled runs
(offerings), their meetings (sessions), who takes part (enrolments) and who came
(attendance).

Support plans (reintegra.plans) link goals to activities, recommend them by the ``Domain``
they serve, and enrol clients through ``reintegra.programme.services.enrol_client``.

Do no harm (docs/domain.md section 6): a place in this app is always a room of the
organisation (``Venue``), never a shelter or a client's address, and nothing here holds a
client's name; a withdrawal note is sealed with the client's data key.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.clients.languages import language_choices
from reintegra.core.fields import ChoiceSetField
from reintegra.core.kept import save_keeping
from reintegra.core.weekdays import Weekday
from reintegra.vault.sealed import SealedModel, sealed_text


class Domain(models.TextChoices):
    """Life domains a needs assessment rates and an activity serves (issue 4)."""

    SAFETY = "safety", _("Safety")
    LEGAL_STATUS = "legal_status", _("Legal status")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health and well-being")
    LANGUAGE = "language", _("Language")
    EDUCATION = "education", _("Education and skills")
    WORK = "work", _("Work and income")
    MONEY = "money", _("Money management")
    SOCIAL_NETWORK = "social_network", _("Social network")
    RIGHTS = "rights", _("Rights awareness")


class ActivityKind(models.TextChoices):
    COURSE = "course", _("Course or class")
    WORKSHOP = "workshop", _("Workshop")
    INDIVIDUAL = "individual", _("Individual session")
    OUTSIDE = "outside", _("Outside course")


class Level(models.TextChoices):
    ANY = "", _("Any level")
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Activity(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="activities"
    )
    name_pl = models.CharField(_("name in Polish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    domains = ChoiceSetField(_("domains served"), choices=Domain.choices)
    group = models.BooleanField(_("group activity"), default=True)
    languages = models.CharField(
        _("languages of instruction"), max_length=100, blank=True,
        help_text=_("ISO 639-2 codes separated by commas, e.g. pol,ukr"),
    )
    women_only = models.BooleanField(_("women only"), default=False)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    duration_hours = models.DecimalField(
        _("total hours"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="activities", verbose_name=_("trainer"),
    )
    active = models.BooleanField(_("offered now"), default=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["name_en"]

    def __str__(self):
        return self.name_en

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    def name(self, language: str) -> str:
        return self.name_pl if language.startswith("pl") else self.name_en


class Venue(models.Model):
    """A named room or place of the organisation where sessions happen."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="venues"
    )
    name = models.CharField(
        _("name"), max_length=100,
        help_text=_(
            "A short name of the organisation's room or place, e.g. \"Room 2\". Never a "
            "shelter address and never a client's address: this name appears in calendar "
            "feeds and on printed attendance lists."
        ),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_venue_name")
        ]

    def __str__(self):
        return self.name


# The one Weekday enum (ISO numbers as text) is reintegra.core.weekdays.Weekday.
WEEKDAY_SHORT = {day.value: day.short_label for day in Weekday}


class OfferingStatus(models.TextChoices):
    OPEN = "open", _("Open for enrolment")
    CLOSED = "closed", _("Enrolment closed")
    CANCELLED = "cancelled", _("Cancelled")


class Offering(models.Model):
    """A scheduled run of an activity, e.g. "Polish A1, autumn 2026, Tue/Thu 17:00-18:30"."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="offerings", verbose_name=_("activity")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="offerings"
    )
    label = models.CharField(
        _("label"), max_length=100, blank=True,
        help_text=_("Tells this run apart from others, e.g. \"autumn 2026\"."),
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="offerings", verbose_name=_("trainer"),
        help_text=_("Leave empty for an outside course."),
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="offerings",
        verbose_name=_("venue"),
        help_text=_("A room of the organisation; never a shelter address."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True,
        help_text=_("Leave empty for no limit. Defaults to the activity's places."),
    )
    language = models.CharField(
        _("language of instruction"), max_length=3, choices=language_choices, blank=True
    )
    women_only = models.BooleanField(_("women only"), default=False)
    # The recurrence pattern; sessions are generated from it (services.generate_sessions).
    weekdays = ChoiceSetField(_("days of the week"), choices=Weekday.choices)
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    skip_public_holidays = models.BooleanField(
        _("skip public holidays"), default=True,
        help_text=_("No session is planned on a Polish public holiday."),
    )
    # Participant hours delivered (present or late marks times each session's length, over
    # its sessions not cancelled): kept by the register (services.mark_attendance) and
    # session edits in the same transaction (summary.refresh_offering), so the home page
    # sums ten thousand offerings instead of two million attendance rows.
    attended_hours = models.DecimalField(max_digits=12, decimal_places=2, default=0,
                                         editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=OfferingStatus.choices,
        default=OfferingStatus.OPEN,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["start_date", "pk"]
        indexes = [models.Index(fields=["organisation", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="offering_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="offering_time_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.activity} {self.label}".strip()

    def save(self, **kwargs):
        super().save(**save_keeping(self, ("attended_hours",), kwargs))

    def title(self, language: str) -> str:
        name = self.activity.name(language)
        return f"{name}, {self.label}" if self.label else name

    def schedule_text(self) -> str:
        """E.g. "Tue, Thu 17:00-18:30"; empty for an offering without a weekly pattern."""
        days = ", ".join(str(WEEKDAY_SHORT[d]) for d in sorted(self.weekdays))
        if self.start_time and self.end_time:
            return f"{days} {self.start_time:%H:%M}-{self.end_time:%H:%M}".strip()
        return days

    @property
    def is_past(self) -> bool:
        from django.utils import timezone

        return self.end_date < timezone.localdate()


class Session(models.Model):
    """One meeting of an offering."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions",
        verbose_name=_("venue"),
        help_text=_("A room of the organisation; never a shelter address."),
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="programme_sessions", verbose_name=_("trainer"),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # Present or late marks on its register: kept by services.mark_attendance in the same
    # transaction (summary.refresh_session).
    attended = models.PositiveIntegerField(default=0, editable=False)
    # Marks of any kind on its register (0: the register has not been taken), kept alike.
    marks = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "start_time", "pk"]
        indexes = [
            models.Index(fields=["offering", "date"]),
            models.Index(fields=["trainer", "date"]),
            models.Index(fields=["venue", "date"]),
            # Held sessions by date, newest first: "registers not taken" of recent weeks
            # (the home page) reads a window of it, not ten years of sessions.
            models.Index(fields=["-date", "-start_time"], condition=models.Q(cancelled=False),
                         name="session_held_by_date"),
            # Held sessions whose register has not been taken, newest first: "registers
            # not taken" reads these alone, not every session with an attendance probe.
            models.Index(fields=["-date", "-start_time"],
                         condition=models.Q(cancelled=False, marks=0),
                         name="session_untaken_by_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.offering_id} {self.date} {self.start_time:%H:%M}"

    def save(self, **kwargs):
        super().save(**save_keeping(self, ("attended", "marks"), kwargs))

    @property
    def hours(self) -> Decimal:
        minutes = (
            dt.datetime.combine(self.date, self.end_time)
            - dt.datetime.combine(self.date, self.start_time)
        ).total_seconds() / 60
        return (Decimal(int(minutes)) / 60).quantize(Decimal("0.01"))

    def starts(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start_time)

    def ends(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.end_time)


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("On the waiting list")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")


class WithdrawalReason(models.TextChoices):
    CLIENT_CHOICE = "client_choice", _("The client decided to stop")
    SCHEDULE = "schedule", _("The times do not suit the client")
    WORK = "work", _("The client started work")
    HEALTH = "health", _("Health")
    SAFETY = "safety", _("Safety reasons")
    MOVED = "moved", _("The client moved away")
    NOT_SUITABLE = "not_suitable", _("The activity does not suit the client's needs")
    NO_CONTACT = "no_contact", _("No contact with the client")
    CASE_CLOSED = "case_closed", _("The case was closed")
    OFFERING_CANCELLED = "offering_cancelled", _("The offering was cancelled")
    OTHER = "other", _("Other")


ACTIVE_ENROLMENT = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


class Enrolment(SealedModel):
    SEALED_FIELDS = ("withdrawal_note",)

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="enrolments"
    )
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    # When attendance starts counting (selectors.enrolment_window): set by the services,
    # so an enrolment recorded after the fact can carry the day it was decided.
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    waiting_position = models.PositiveIntegerField(_("place on the waiting list"), null=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("reason for withdrawal"), max_length=24, choices=WithdrawalReason.choices, blank=True
    )
    withdrawal_note_sealed = sealed_text()
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["enrolled_at", "pk"]
        indexes = [models.Index(fields=["offering", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["client", "offering"], name="unique_enrolment"),
            models.CheckConstraint(
                condition=~models.Q(status="waiting") | models.Q(waiting_position__isnull=False),
                name="waiting_enrolment_has_position",
            ),
        ]

    def __str__(self):
        return f"enrolment {self.pk} of {self.client_id} in {self.offering_id}"

    def vault_owner(self):
        return self.client_id, self.client.key_id


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        indexes = [
            models.Index(fields=["client", "status"]),
            # A client's attended sessions (present or late) by session: counting them
            # per enrolment (home pages' "falling behind") probes this index alone, not
            # every mark of the client with its row.
            models.Index(fields=["client", "session"], condition=models.Q(status__in=ATTENDED),
                         name="attendance_attended_by_client"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["session", "client"], name="unique_attendance")
        ]

    def __str__(self):
        return f"{self.client_id} at {self.session_id}: {self.status}"


class CalendarFeed(models.Model):
    """A secret address a calendar app subscribes to without logging in.

    Only a hash of the token is stored: the address is shown once, when it is made. A
    trainer's feed lists their sessions; a client's feed (opt-in, made by their case
    worker) lists the sessions of their enrolments. Revoking sets ``revoked_at``.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="calendar_feeds",
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, null=True, blank=True,
        related_name="calendar_feeds",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trainer__isnull=True, client__isnull=False)
                | models.Q(trainer__isnull=False, client__isnull=True),
                name="feed_for_trainer_or_client",
            )
        ]

    def __str__(self):
        return f"calendar feed {self.pk}"
