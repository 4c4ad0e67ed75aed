"""A vault that cannot open keys answers with a plain 503 page, never a traceback.

A wrong master key (``MasterKeyError``) or a keystore that cannot be reached
(``KeystoreUnavailable``) is an operator's problem: staff see only that the vault is
unavailable; the log has the error class and the request id, never the message's context
(which could name a slot) and never data.
"""

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reintegra.core.middleware import current_request_id

from .crypto import MasterKeyError
from .keyring import KeystoreUnavailable

log = logging.getLogger("reintegra.vault")
VAULT_DOWN = (MasterKeyError, KeystoreUnavailable)


class VaultUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest,
                          exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, VAULT_DOWN):
            return None
        request_id = getattr(request, "id", "") or current_request_id() or "-"
        log.error("vault unavailable: %s (request %s)", type(exception).__name__, request_id)
        response = render(request, "vault/unavailable.html", {"request_id": request_id},
                          status=503)
        response["Retry-After"] = "300"
        response["Cache-Control"] = "no-store"
        return response
