"""The 500 handler (``handler500`` in reintegra/urls.py).

Django's default renders 500.html with no context at all; this one adds the request id,
so that a person can quote it and an administrator can find the log lines (which carry
the same id and never personal data). It renders nothing else from the request: no user,
no session, no database, as any of those may be what failed.
"""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from reintegra.core.middleware import current_request_id


@requires_csrf_token
def server_error(request, template_name="500.html"):
    reference = current_request_id()
    try:
        body = loader.render_to_string(template_name, {"request_id": reference})
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        body = f"<!doctype html><title>Server error</title><p>Server error. {reference}</p>"
    return HttpResponseServerError(body)
