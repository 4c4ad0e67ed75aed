from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from reintegra.accounts.models import Role
from reintegra.clients.access import sections_for_role

from .home import blocks_for


def home(request):
    """Each role lands where its work is: the trainer on her sessions of the week (today's
    first, registers to take marked), everyone else on a home page of blocks that the apps
    register (``core.home``), each figure within the user's reach."""
    if getattr(request.user, "role", "") == Role.TRAINER and request.user.organisation_id:
        return redirect("programme:my_sessions")
    today = timezone.localdate()
    blocks = []
    if sections_for_role(request.user):
        blocks = [
            render_to_string(block.template, {**block.context, "block": block, "block_id": i},
                             request=request)
            for i, block in enumerate(blocks_for(actor=request.user, today=today), start=1)
        ]
    return render(request, "core/home.html", {"blocks": blocks, "today": _day(today)})


def _day(day) -> str:
    """"poniedziałek 30.11.2026" / "Monday 30 Nov 2026": Polish day names are common
    nouns, written in lower case mid-sentence."""
    from reintegra.core.dates import weekday_date

    return weekday_date(day, long=True)


@login_not_required
def health(request):
    """For a load balancer: both databases answer. Says nothing else."""
    status = {}
    for alias in ("default", "keystore"):
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            status[alias] = "ok"
        except Exception:  # noqa: BLE001 - any failure is "down"; the log has the details
            status[alias] = "down"
    healthy = all(v == "ok" for v in status.values())
    return JsonResponse(status, status=200 if healthy else 503)


def due(request):
    """What is due for the signed-in user, from every app (reintegra.core.due): overdue
    first, then due soon; only clients the user may see (each source applies need-to-know).
    The list behind the home page's "due this week" and "reviews and reassessments" blocks."""
    from django.utils import timezone

    from .due import SOON_DAYS, due_for

    today = timezone.localdate()
    items = due_for(request.user, today)
    source = request.GET.get("source", "")[:20]  # "?source=plans": one app's items only
    if source:
        items = [i for i in items if i.source == source]
    return render(request, "core/due.html", {
        "overdue": [i for i in items if i.due_on < today],
        "soon": [i for i in items if i.due_on >= today],
        "today": today, "soon_days": SOON_DAYS,
    })
