import contextvars
import logging
import uuid

from django.utils.cache import add_never_cache_headers

_request_id = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Tags each request with a random id: audit rows and log lines carry it, not data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4().hex
        token = _request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-Id"] = request.id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id() or "-"
        return True


class NoStoreForSignedInMiddleware:
    """Every response to a signed-in user says ``Cache-Control: no-store``.

    Pages, JSON exports and PDFs of a signed-in user may carry client data; a shared
    computer's browser cache or a proxy must not keep them. Anonymous pages (sign-in,
    static files) keep their own caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
