"""Data protection on home pages: open data-subject requests with their one-month clock and
erasure requests waiting for a second person (the DPO and the coordinator), consents
withdrawn lately (the DPO).

Requests: this app has no general request register; the open data-subject requests shown
are the pending erasure requests (art. 17). A subject-access export (art. 15) is given at
once from the client's page, so it never waits. The clock: an answer "without undue delay
and in any event within one month of receipt" (GDPR art. 12(3)), extendable by two
further months when needed; the date shown is the one-month limit.
"""

import calendar
import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.accounts.models import Role
from reintegra.core.dates import show_date
from reintegra.core.home import LIST_SIZE, Row, rows_block

from . import access
from .models import Consent, ErasureState
from .selectors import erasure_requests

CONSENT_WINDOW_DAYS = 30
CLOCK_WARNING_DAYS = 7


def one_month_after(day: dt.date) -> dt.date:
    """The same day of the next month, or that month's last day (31.01 -> 28.02 or 29.02)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def requests_block(*, actor, today):
    if not access.may_handle_erasure_requests(actor):
        return None
    pending = list(erasure_requests(actor=actor, state=ErasureState.PENDING)
                   .order_by("requested_at", "pk")[:LIST_SIZE + 1])
    rows = []
    for req in pending[:LIST_SIZE]:
        limit = one_month_after(timezone.localtime(req.requested_at).date())
        second = access.may_confirm_erasure(actor, req)
        rows.append(Row(
            label=req.client.code, url=reverse("privacy:erasure_detail", args=[req.pk]),
            value=_("answer by %(day)s") % {"day": show_date(limit)},
            note=_("waiting for your confirmation") if second
            else _("waiting for a second person"),
            warn=(limit - today).days <= CLOCK_WARNING_DAYS))
    title = (_("Open data-subject requests") if actor.role == Role.DPO
             else _("Erasure requests waiting for a second person"))
    return rows_block(title=title, rows=rows, order=70,
                      intro=_("Erasure requests; the answer is due within one month of "
                              "the request (GDPR art. 12(3))."),
                      empty=_("No request is waiting."),
                      more_url=reverse("privacy:erasure_list"), more_text=_("All requests"))


def consents_block(*, actor, today):
    if actor.role != Role.DPO:
        return None
    since = today - dt.timedelta(days=CONSENT_WINDOW_DAYS)
    withdrawn = (Consent.objects.filter(client__organisation_id=actor.organisation_id,
                                        client__erased_at__isnull=True,
                                        withdrawn_on__gte=since)
                 .values("client_id", "client__code").annotate(n=Count("pk"))
                 .order_by("client__code"))
    rows = [Row(label=w["client__code"], value=w["n"],
                url=reverse("clients:detail", args=[w["client_id"]]))
            for w in withdrawn[:LIST_SIZE]]
    return rows_block(title=_("Consents withdrawn"), rows=rows, order=75,
                      intro=_("In the last %(n)s days, by client.") % {"n": CONSENT_WINDOW_DAYS},
                      empty=_("No consent was withdrawn lately."))
