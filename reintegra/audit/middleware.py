"""The read events of a request, appended to the audit chain once when it ends."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .services import reads_appended_once


class AuditReadsMiddleware:
    """Every page that decrypts records who saw which client (``record_reads``); a list page
    and the client page record several such reads. Kept until the response is ready, they
    are appended in one transaction (one chain lock, one insert) instead of one each. If
    that fails, the exception replaces the response: no page leaves with its reads
    unrecorded."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with reads_appended_once():
            return self.get_response(request)
