"""Case notes and tasks over HTTP: parse, call a selector or a service, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reintegra.core.pagination import paginate

from . import access, selectors, services
from .forms import NoteForm, TaskForm


def _apply(form, error):
    form.add_error(error.field if error.field in form.fields else None, error.messages)


@require_GET
def client_notes(request, client_pk):
    client = selectors.client_for_casework(actor=request.user, pk=client_pk)
    sections = access.note_sections(request.user, client)
    page = paginate(request, selectors.notes_of(actor=request.user, client=client),
                    per_page=selectors.NOTES_PER_PAGE)
    rows = selectors.note_rows(actor=request.user, client=client, notes=page.object_list)
    return render(request, "casework/notes.html", {
        "client": client, "page": page, "rows": rows, "may_write": bool(sections)})


@require_http_methods(["GET", "POST"])
def note_create(request, client_pk):
    client = selectors.client_for_casework(actor=request.user, pk=client_pk)
    sections = access.note_sections(request.user, client)
    if not sections:
        raise Http404("no such client")
    form = NoteForm(request.POST or None, sections=sections)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_note(actor=request.user, client=client, **form.cleaned_data)
        except services.CaseworkError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Note saved."))
            return redirect("casework:notes", client_pk=client.pk)
    return render(request, "casework/form.html", {
        "client": client, "form": form, "title": _("New note"), "submit": _("Save the note"),
        "back": ("casework:notes", client.pk)})


@require_http_methods(["GET", "POST"])
def note_edit(request, pk):
    note = selectors.get_note(actor=request.user, pk=pk)
    if not access.may_edit_note(request.user, note):
        raise Http404("no such note")
    initial = {"kind": note.kind, "contact_on": note.contact_on}
    if request.method == "GET":
        initial["text"] = selectors.current_text(actor=request.user, note=note)
    form = NoteForm(request.POST or None, initial=initial, sections=[], editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_note(actor=request.user, note=note, **form.cleaned_data)
        except services.CaseworkError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Note saved; the earlier text stays in its history."))
            return redirect("casework:notes", client_pk=note.client_id)
    return render(request, "casework/form.html", {
        "client": note.client, "form": form, "title": _("Edit the note"),
        "submit": _("Save the note"), "back": ("casework:notes", note.client_id)})


@require_GET
def note_history(request, pk):
    note = selectors.get_note(actor=request.user, pk=pk)
    versions = selectors.note_history(actor=request.user, note=note)
    return render(request, "casework/history.html", {
        "client": note.client, "note": note, "versions": versions})


@require_http_methods(["GET", "POST"])
def task_create(request, client_pk):
    client = selectors.client_for_casework(actor=request.user, pk=client_pk)
    if not access.may_manage_tasks(request.user, client):
        raise Http404("no such client")
    review = None
    raw = request.GET.get("review") or request.POST.get("review")
    if raw:
        if not str(raw).isdigit():
            raise Http404("no such review")
        review = selectors.review_for_task(actor=request.user, client=client, pk=int(raw))
    form = TaskForm(request.POST or None, assignable=selectors.assignable(client=client),
                    initial={"assignee": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_task(actor=request.user, client=client, from_review=review,
                              **form.cleaned_data)
        except services.CaseworkError as error:
            _apply(form, error)
        except PermissionDenied as exc:
            raise Http404("no such client") from exc
        else:
            messages.success(request, _("Task added."))
            return redirect("clients:detail", pk=client.pk)
    return render(request, "casework/form.html", {
        "client": client, "form": form, "title": _("New task"), "submit": _("Add the task"),
        "back": ("clients:detail", client.pk), "review": review})


@require_POST
def task_done(request, pk):
    task = selectors.get_task(actor=request.user, pk=pk)
    done = request.POST.get("done", "1") == "1"
    services.set_task_done(actor=request.user, task=task, done=done)
    messages.success(request, _("Task done.") if done else _("Task open again."))
    target = request.POST.get("next", "")
    if target == "tasks":
        return redirect("casework:my_tasks")
    return redirect("clients:detail", pk=task.client_id)


@require_GET
def my_tasks(request):
    """Tasks assigned to the user (anyone on a case team may be given one)."""
    page = paginate(request, selectors.my_tasks(actor=request.user))
    rows = selectors.task_rows(actor=request.user, tasks=page.object_list)
    return render(request, "casework/my_tasks.html", {"page": page, "rows": rows})
