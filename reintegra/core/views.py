from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import JsonResponse
from django.shortcuts import redirect, render

from reintegra.accounts.models import Role
from reintegra.clients.access import sections_for_role


def home(request):
    """Each role lands where its work is."""
    if getattr(request.user, "role", "") == Role.TRAINER and request.user.organisation_id:
        return redirect("programme:my_sessions")
    if sections_for_role(request.user):
        return redirect("clients:list")
    return render(request, "core/home.html")


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
    first, then due soon; only clients the user may see (each source applies need-to-know)."""
    from django.utils import timezone

    from .due import SOON_DAYS, due_for

    today = timezone.localdate()
    items = due_for(request.user, today)
    return render(request, "core/due.html", {
        "overdue": [i for i in items if i.due_on < today],
        "soon": [i for i in items if i.due_on >= today],
        "today": today, "soon_days": SOON_DAYS,
    })
