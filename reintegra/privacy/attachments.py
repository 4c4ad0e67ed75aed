"""A client's files: upload, download and delete. HTTP only; the work is done by
reintegra.privacy.services (encrypt, store, audit) and reintegra.privacy.selectors
(access check, decrypt, audit). Here rather than in the clients app, so that clients never
imports privacy (privacy builds on clients, not the other way round)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from reintegra.clients.selectors import get_client

from . import access, selectors, services
from .forms import AttachmentForm
from .uploads import MemoryOnlyUploadHandler


@csrf_exempt  # only so that the upload handler can be set first: CSRF is checked below
@require_http_methods(["GET", "POST"])
def attachment_upload(request, pk):
    # Before anything reads the body: the file stays in memory, never in a temporary file.
    request.upload_handlers = [MemoryOnlyUploadHandler(request)]
    return _attachment_upload(request, pk)


@csrf_protect
def _attachment_upload(request, pk):
    client = get_client(actor=request.user, pk=pk)
    if not access.may_upload_attachment(request.user, client):
        raise PermissionDenied
    posted = request.method == "POST"
    form = AttachmentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        services.upload_attachment(actor=request.user, client=client, name=form.file_name,
                                   data=form.data_bytes)
        messages.success(request, _("File uploaded and stored encrypted."))
        response = redirect("clients:detail", pk=client.pk)
        response["Location"] += "#attachments-h"
        return response
    return render(request, "privacy/attachment_upload.html", {"form": form, "client": client})


@require_GET
def attachment_download(request, pk, uid):
    opened = selectors.open_attachment(actor=request.user, client_pk=pk, uid=uid)
    response = HttpResponse(opened.data, content_type=opened.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=opened.name
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def attachment_delete(request, pk, uid):
    attachment = selectors.get_attachment(actor=request.user, client_pk=pk, uid=uid,
                                          delete=True)
    if request.method == "POST":
        services.delete_attachment(actor=request.user, attachment=attachment)
        messages.success(request, _("File deleted."))
        response = redirect("clients:detail", pk=pk)
        response["Location"] += "#attachments-h"
        return response
    row = selectors.attachment_for_confirmation(actor=request.user, attachment=attachment)
    return render(request, "privacy/attachment_delete.html",
                  {"client": attachment.client, "row": row})
