"""What the report app keeps: the protected tables of every public report (for the
differencing check) and the report jobs of the app with their encrypted, expiring files.
Neither holds personal data: published figures, and a file sealed with its own data key
(destroyed when the file expires)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public (disclosure control applied)")
    INTERNAL = "internal", _("Internal (full figures, coordinators only)")


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    HTML = "html", "HTML"
    JSON = "json", "JSON"


class PublishedReport(models.Model):
    """The figures of one public report as published, kept to check later reports against
    (interim against final, overlapping periods)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    start = models.DateField()
    end = models.DateField()
    k = models.PositiveSmallIntegerField()
    tables = models.JSONField()  # [ProtectedTable.as_json(), ...]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"public report {self.start}..{self.end}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportJob(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="+")
    audience = models.CharField(max_length=8, choices=Audience.choices)
    format = models.CharField(max_length=4, choices=Format.choices)
    language = models.CharField(max_length=2, choices=[("pl", "polski"), ("en", "English")])
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=8, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    key_id = models.UUIDField(null=True, editable=False)  # the file's own data key
    blob = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename

    @property
    def filename(self) -> str:
        return f"report-{self.audience}-{self.start:%Y%m%d}-{self.end:%Y%m%d}.{self.format}"
