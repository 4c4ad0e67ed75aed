"""The 500 handler (``handler500`` in reintegra/urls.py), and the 503 for a database outage.

Django's default renders 500.html with no context at all; this one adds the request id,
so that a person can quote it and an administrator can find the log lines (which carry
the same id and never personal data). It renders nothing else from the request: no user,
no session, no database, as any of those may be what failed.

A database that cannot be reached (PostgreSQL restarting, a fail-over, a network cut)
is not a fault of the page: the handler answers 503 "temporarily unavailable, try again"
with ``Retry-After``, in the visitor's language and the other one, as HTML, as JSON for a
client that asked for JSON, and as a fragment that htmx swaps in (reintegra.js) for an
htmx request. Django calls the handler inside its ``except`` block, for an exception
raised anywhere in the stack (a view, the session or user lookup of a middleware), so
``sys.exc_info()`` names what failed. The transaction of a service that was running rolls
back (``transaction.atomic``): nothing of it is written. Once the database answers again,
``CONN_HEALTH_CHECKS`` makes the next request open a fresh connection (settings.py).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext
from django.views.decorators.csrf import requires_csrf_token

from reintegra.core.middleware import current_request_id

# psycopg's "server closed the connection", "connection refused", "terminating connection
# due to administrator command", and "connection already closed" on a stale handle.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_outage(exc: BaseException | None) -> bool:
    """True when ``exc``, or an exception it was raised from, says a database is down."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DATABASE_DOWN):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _wants_json(request) -> bool:
    accept = request.headers.get("Accept", "") if request is not None else ""
    return "application/json" in accept and "text/html" not in accept


def service_unavailable(request) -> HttpResponse:
    """503: the service is temporarily unavailable. Renders no data and no database."""
    reference = current_request_id()
    if _wants_json(request):
        response: HttpResponse = JsonResponse({
            "error": "service_unavailable",
            "detail": gettext("The service is temporarily unavailable. Try again in a minute."),
            "request_id": reference,
        }, status=503)
    else:
        htmx = request is not None and request.headers.get("HX-Request") == "true"
        template = "core/errors/_unavailable_fragment.html" if htmx else "503.html"
        try:
            body = loader.render_to_string(template, {"request_id": reference})
        except Exception:  # noqa: BLE001 - the error page itself must not fail
            body = ("<!doctype html><title>Service unavailable</title><p>The service is "
                    "temporarily unavailable. Try again in a minute. / Serwis jest chwilowo "
                    f"niedostępny. Spróbuj ponownie za minutę. {reference}</p>")
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    if is_database_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    reference = current_request_id()
    try:
        body = loader.render_to_string(template_name, {"request_id": reference})
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        body = f"<!doctype html><title>Server error</title><p>Server error. {reference}</p>"
    return HttpResponseServerError(body)
