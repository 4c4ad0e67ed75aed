"""HTTP only: parse, call a selector or a service, render. A client outside the actor's
reach, or whose legal data the actor may not see or change, is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reintegra.core.dates import show_date
from reintegra.core.forms import apply_service_errors
from reintegra.core.pagination import paginate
from reintegra.privacy.forms import AttachmentForm
from reintegra.privacy.uploads import MemoryOnlyUploadHandler

from . import access, selectors, services
from .forms import (
    ClaimForm,
    DocumentForm,
    HearingForm,
    NoteForm,
    ProceedingForm,
    RuleForm,
    StatusForm,
)
from .timeline import LANGUAGES


def _writable_client(request, pk):
    client = selectors.legal_client(actor=request.user, pk=pk)
    if not access.may_write(request.user, client):
        raise Http404("no such client")
    return client


def _form_page(request, form, *, client, title, intro=None):
    return render(request, "legal/form.html", {"form": form, "client": client,
                                               "title": title, "intro": intro})


def _to_client(client, anchor=""):
    response = redirect("legal:client", pk=client.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def workspace(request):
    if not access.has_workspace(request.user):
        raise Http404("no workspace")
    show = request.GET.get("show", "all")
    show = show if show in selectors.FILTERS else "all"
    rows = selectors.workspace(actor=request.user, show=show)
    return render(request, "legal/workspace.html", {
        "page": paginate(request, rows, per_page=50), "show": show,
        "today": timezone.localdate(), "filters": [
            ("all", _("All")), ("soon", _("Due soon or overdue")), ("overdue", _("Overdue"))],
    })


def client_page(request, pk):
    client = selectors.legal_client(actor=request.user, pk=pk)
    view = selectors.client_legal(actor=request.user, client=client)
    return render(request, "legal/client.html", {
        "client": client, "view": view, "today": timezone.localdate(),
        "note_form": NoteForm() if view.notes is not None else None,
    })


def _status_page(request, client, replaces=None):
    initial = None
    if replaces is not None:
        initial = {name: getattr(replaces, name) for name in services.STATUS_FIELDS}
    form = StatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reference, note = data.pop("reference", ""), data.pop("note", "")
        try:
            services.record_status(actor=request.user, client=client, data=data,
                                   replaces=replaces, reference=reference, note=note)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Legal status recorded."))
            return _to_client(client, "status-h")
    title = _("Record a change of legal status") if replaces else _("Record legal status")
    return _form_page(request, form, client=client, title=title)


@require_http_methods(["GET", "POST"])
def status_new(request, pk):
    return _status_page(request, _writable_client(request, pk))


@require_http_methods(["GET", "POST"])
def status_replace(request, pk):
    status = selectors.status_for_change(actor=request.user, pk=pk)
    return _status_page(request, status.client, replaces=status)


def _document_page(request, client, document=None):
    initial = None
    if document is not None and request.method != "POST":
        sealed = selectors.document_sealed(actor=request.user, document=document)
        initial = {"number": sealed.number or "", "note": sealed.note or ""}
    form = DocumentForm(request.POST or None, instance=document, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number, note = data.pop("number", ""), data.pop("note", "")
        data["issuing_country"] = (data.get("issuing_country") or "").upper()
        try:
            services.save_document(actor=request.user, client=client, data=data,
                                   document=document, number=number, note=note)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Document saved."))
            return _to_client(client, "documents-h")
    return _form_page(request, form, client=client,
                      title=_("Edit document") if document else _("Add a document"))


@require_http_methods(["GET", "POST"])
def document_new(request, pk):
    return _document_page(request, _writable_client(request, pk))


@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = selectors.document_for_edit(actor=request.user, pk=pk)
    return _document_page(request, document.client, document)


@require_http_methods(["GET", "POST"])
def proceeding_new(request, pk):
    client = _writable_client(request, pk)
    form = ProceedingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reference, note = data.pop("reference", ""), data.pop("note", "")
        try:
            services.add_proceeding(actor=request.user, client=client, data=data,
                                    reference=reference, note=note)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Proceedings recorded."))
            return _to_client(client, "proceedings-h")
    return _form_page(request, form, client=client, title=_("Add proceedings"))


@require_http_methods(["GET", "POST"])
def hearing_new(request, pk):
    proceeding = selectors.proceeding_for_hearing(actor=request.user, pk=pk)
    form = HearingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_hearing(actor=request.user, proceeding=proceeding, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Hearing added."))
            return _to_client(proceeding.client, "proceedings-h")
    return _form_page(request, form, client=proceeding.client, title=_("Add a hearing"),
                      intro=[(_("Proceedings"), proceeding.get_kind_display()),
                             (_("Opened on"), show_date(proceeding.opened_on))])


@require_http_methods(["GET", "POST"])
def claim_new(request, pk):
    client = _writable_client(request, pk)
    form = ClaimForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reference, note = data.pop("reference", ""), data.pop("note", "")
        try:
            services.add_claim(actor=request.user, client=client, data=data,
                               reference=reference, note=note)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Claim recorded."))
            return _to_client(client, "claims-h")
    return _form_page(request, form, client=client, title=_("Add a claim"))


@require_http_methods(["GET", "POST"])
def note_new(request, pk):
    client = selectors.legal_client(actor=request.user, pk=pk)
    if not access.may_read_notes(request.user, client):
        raise Http404("no such client")
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_note(actor=request.user, client=client, text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Note saved."))
            return _to_client(client, "notes-h")
    return _form_page(request, form, client=client, title=_("New legal note"))


@require_POST
def deadline_done(request, pk):
    deadline = selectors.deadline_for_close(actor=request.user, pk=pk)
    services.close_deadline(actor=request.user, deadline=deadline)
    messages.success(request, _("Deadline marked as dealt with."))
    return _to_client(deadline.client, "deadlines-h")


def timeline(request, pk):
    client = selectors.legal_client(actor=request.user, pk=pk)
    language = _timeline_language(request)
    with translation.override(language):
        steps = selectors.timeline(actor=request.user, client=client)
        response = render(request, "legal/timeline.html", {
            "client": client, "steps": steps, "languages": LANGUAGES, "language": language,
            "today": timezone.localdate(),
        })
    return response


def timeline_pdf(request, pk):
    """The same timeline as a tagged PDF (WeasyPrint), named by the client code only."""
    from reintegra.programme.pdf import render_pdf

    client = selectors.legal_client(actor=request.user, pk=pk)
    language = _timeline_language(request)
    with translation.override(language):
        steps = selectors.timeline(actor=request.user, client=client)
        body = render_pdf("legal/pdf/timeline.html", {
            "steps": steps, "today": timezone.localdate()}, language=language)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"timeline-{client.code}-{language}.pdf")
    response["Cache-Control"] = "no-store"
    return response


def _timeline_language(request) -> str:
    codes = [code for code, _name in LANGUAGES]
    language = request.GET.get("lang") or translation.get_language()
    return language if language in codes else codes[0]


def rules(request):
    if not access.may_edit_rules(request.user):
        raise Http404("no rules here")
    return render(request, "legal/rules.html", {"rules": selectors.all_rules(),
                                                "labels": selectors.RULE_LABELS})


@require_http_methods(["GET", "POST"])
def rule_edit(request, code):
    rule = selectors.rule_for_edit(actor=request.user, code=code)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_rule(actor=request.user, rule=rule,
                                           data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            shown, hidden = selectors.visible_changes(actor=request.user, changed=changed)
            return render(request, "legal/rule_saved.html", {
                "rule": rule, "shown": shown, "hidden": hidden,
            })
    return render(request, "legal/rule_form.html", {"form": form, "rule": rule})


def reminders(request):
    page = paginate(request, selectors.my_reminders(actor=request.user), per_page=50)
    return render(request, "legal/reminders.html", {"page": page,
                                                    "labels": selectors.RULE_LABELS})


@require_POST
def reminder_read(request, pk):
    reminder = selectors.reminder_of(actor=request.user, pk=pk)
    services.mark_read(actor=request.user, reminder=reminder)
    return redirect("legal:reminders")


@csrf_exempt  # only so that the upload handler can be set first: CSRF is checked below
@require_http_methods(["GET", "POST"])
def document_scan(request, pk):
    # Before anything reads the body: the file stays in memory, never in a temporary file.
    request.upload_handlers = [MemoryOnlyUploadHandler(request)]
    return _document_scan(request, pk)


@csrf_protect
def _document_scan(request, pk):
    document = selectors.document_for_edit(actor=request.user, pk=pk)
    posted = request.method == "POST"
    form = AttachmentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            services.attach_scan(actor=request.user, document=document, name=form.file_name,
                                 data=form.data_bytes)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Scan stored encrypted."))
            return _to_client(document.client, "documents-h")
    return render(request, "legal/scan_upload.html", {"form": form, "document": document,
                                                       "client": document.client})


@require_GET
def document_scan_download(request, pk):
    opened = selectors.open_scan(actor=request.user, pk=pk)
    response = HttpResponse(opened.data, content_type=opened.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=opened.name)
    response["Cache-Control"] = "no-store"
    return response
