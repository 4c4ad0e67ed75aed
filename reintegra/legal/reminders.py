"""Reminders before legal deadlines: made by the daily task (reintegra.legal.tasks).

For each open deadline, the reminder of the nearest threshold reached (30, 14, 3 days
before by default: ``services.reminder_days``) is made for each recipient, once: the
unique constraint on (user, deadline, days_before) makes a second run, or a second worker,
create nothing. A day the job did not run is caught up the next day (the threshold is
"at most N days before", not "exactly N").

Recipients: the legal advisors on the client's case team; without one, the case owner.
In-app always; e-mail when a mail server is configured (settings.MAIL_CONFIGURED, from env
EMAIL_HOST), saying only that something is due, with a link: no name, no code, no legal detail.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from reintegra.accounts.models import Role
from reintegra.accounts.org_settings import MAX_REMINDER_DAYS
from reintegra.clients.models import CaseTeamMember

from .models import Deadline, Reminder
from .services import reminder_days


@dataclass
class ReminderRun:
    created: int = 0
    emailed: int = 0


def threshold(days_left: int, thresholds) -> int | None:
    """The smallest threshold not smaller than ``days_left`` (None if too far or past)."""
    if days_left < 0:
        return None
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None


def _recipients(deadlines) -> dict[int, list]:
    client_ids = {d.client_id for d in deadlines}
    found = {}
    for member in (CaseTeamMember.objects.filter(client_id__in=client_ids,
                                                 user__role=Role.LEGAL_ADVISOR,
                                                 user__is_active=True)
                   .select_related("user")):
        found.setdefault(member.client_id, []).append(member.user)
    for d in deadlines:
        if d.client_id not in found and d.client.case_owner_id and d.client.case_owner.is_active:
            found[d.client_id] = [d.client.case_owner]
    return found


def make_reminders(*, today: date | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    run = ReminderRun()
    longest = MAX_REMINDER_DAYS  # each organisation sets its own days, up to this
    deadlines = list(
        Deadline.objects.filter(closed_at__isnull=True, due_on__gte=today,
                                due_on__lte=today + timezone.timedelta(days=longest),
                                client__erased_at__isnull=True)
        .select_related("client__case_owner", "client__organisation"))
    recipients = _recipients(deadlines)
    new = []
    for deadline in deadlines:
        days = threshold((deadline.due_on - today).days,
                         reminder_days(deadline.client.organisation))
        if days is None:
            continue
        for user in recipients.get(deadline.client_id, ()):
            try:
                with transaction.atomic():
                    reminder, created = Reminder.objects.get_or_create(
                        user=user, deadline=deadline, days_before=days)
            except IntegrityError:  # another worker made it a moment ago
                continue
            if created:
                run.created += 1
                new.append(reminder)
    if settings.MAIL_CONFIGURED:
        run.emailed = _email(new)
    return run


def reminder_mail(user) -> tuple[str, str]:
    """Subject and body: that something is due, and where to look. Nothing else."""
    link = settings.SITE_URL.rstrip("/") + reverse("legal:reminders")
    with override(settings.LANGUAGE_CODE):
        subject = _("reintegra: something is due")
        body = _("Something in reintegra is due soon. Sign in to see it:\n%(link)s\n\n"
                 "This message says nothing more on purpose.") % {"link": link}
    return subject, body


def _email(reminders) -> int:
    users = {}
    for reminder in reminders:
        users.setdefault(reminder.user_id, (reminder.user, []))[1].append(reminder.pk)
    sent = 0
    for user, ids in users.values():
        if not user.email:
            continue
        subject, body = reminder_mail(user)
        send_mail(subject, body, None, [user.email], using="default")  # one per person
        Reminder.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
        sent += 1
    return sent
