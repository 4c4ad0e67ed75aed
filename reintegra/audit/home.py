"""Unusual access on the DPO's home page: staff who opened the records of many different
clients today (view events naming a client). The threshold is the programme's own working
choice, not a rule: a case worker opens a handful of records a day."""

from datetime import date
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from reintegra.core.home import LIST_SIZE, Block, Row, rows_block

from .models import Action, AuditEvent
from .selectors import _day_start, may_audit_organisation

UNUSUAL_CLIENTS_PER_DAY = 20


def heavy_readers(*, actor: Any, today: date) -> QuerySet[AuditEvent, Any]:
    """(user, distinct clients viewed today) above the threshold. One query, plus users."""
    return (
        AuditEvent.objects.filter(organisation_id=actor.organisation_id, action=Action.VIEW,
                                  client_id__isnull=False, created_at__gte=_day_start(today))
        .values("actor_id").annotate(n=Count("client_id", distinct=True))
        .filter(n__gte=UNUSUAL_CLIENTS_PER_DAY).order_by("-n")
    )


def unusual_access_block(*, actor: Any, today: date) -> Block | None:
    if not may_audit_organisation(actor):
        return None
    from reintegra.accounts.models import User

    found = list(heavy_readers(actor=actor, today=today)[:LIST_SIZE])
    users = User.objects.in_bulk([f["actor_id"] for f in found]) if found else {}
    url = reverse("audit:events")
    rows = [Row(label=users[f["actor_id"]].display_name if f["actor_id"] in users else "?",
                value=f["n"], warn=True,
                url=f"{url}?user={f['actor_id']}&date_from={today:%Y-%m-%d}&action=view")
            for f in found]
    return rows_block(title=_("Unusual access today"), rows=rows, order=80,
                      intro=_("Staff who opened the records of %(n)s or more clients today.")
                      % {"n": UNUSUAL_CLIENTS_PER_DAY},
                      empty=_("Nobody opened an unusual number of records today."),
                      more_url=url, more_text=_("The audit trail"))
