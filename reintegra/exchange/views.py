"""The coordinators' page for HTCDS export and import. HTTP only: the work is
``htcds.export_zip`` and ``htcds.import_workbook``, as in the commands."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from . import htcds
from .forms import ExportForm, ImportForm
from .uploads import InMemoryUpTo


def _coordinator(request):
    if not htcds.may_exchange(request.user):
        raise PermissionDenied


def _page(request, *, export_form=None, import_form=None, result=None, message="",
          status=200, digest="", imported=None):
    may_see = htcds.may_export_identity(request.user)
    return render(request, "exchange/index.html", {
        "export_form": export_form or ExportForm(may_see_identity=may_see),
        "import_form": import_form or ImportForm(),
        "result": result, "message": message, "digest": digest, "imported": imported,
        "max_mb": htcds.MAX_BYTES // (1024 * 1024),
    }, status=status)


@require_GET
def index(request):
    _coordinator(request)
    return _page(request)


@require_POST
def export(request):
    _coordinator(request)
    form = ExportForm(request.POST, may_see_identity=htcds.may_export_identity(request.user))
    if not form.is_valid():
        return _page(request, export_form=form, status=400)
    data = htcds.export_zip(actor=request.user, fmt=form.cleaned_data["format"],
                            identity=form.cleaned_data.get("identity", False))
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="htcds-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # the CSRF check runs in _import, after the upload handler is in place
def import_file(request):
    handler = InMemoryUpTo(request, limit=htcds.MAX_BYTES)
    request.upload_handlers = [handler]
    return _import(request, handler)


@csrf_protect
@require_POST
def _import(request, handler):
    _coordinator(request)
    form = ImportForm(request.POST, request.FILES)
    if handler.oversized:
        return _page(request, message=_("The file is larger than %(mb)s MB: nothing was "
                                        "imported.") % {"mb": htcds.MAX_BYTES // 2**20})
    upload = request.FILES.get("file") if form.is_valid() else None
    if upload is None:
        return _page(request, import_form=form,
                     message=_("Choose the HTCDS Excel file to check."))
    data = upload.read()
    digest = hashlib.sha256(data).hexdigest()
    confirm = "confirm" in request.POST
    if confirm and form.cleaned_data["digest"] != digest:
        return _page(request, message=_("This is not the file that was checked: check it "
                                        "again before importing. Nothing was imported."))
    result = htcds.import_workbook(actor=request.user, data=data, dry_run=not confirm)
    if confirm and result.ok:
        return _page(request, imported=result.imported)
    return _page(request, result=result, digest=digest if result.ok else "")
