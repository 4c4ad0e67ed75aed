import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reintegra.core.http import AuthenticatedRequest
from reintegra.core.pagination import paginate_by_ids

from . import selectors, services
from .access import Section, may_manage_case, may_register_clients
from .choices import ControlMethod, ExploitationType
from .forms import ClientFilterForm, ClientForm, CloseCaseForm
from .panels import panels_for

SEARCHES_KEPT = 10  # the last searches of a session, each behind a random token
LIST_NAME_FIELDS = ("first_name", "second_name", "chosen_name")  # all a list row shows


def _search_text(request: AuthenticatedRequest) -> str:
    """The name or code searched for, kept in the session behind the ``s`` token of the
    URL: names never go into a URL (browser history, server logs) nor the audit trail."""
    token = request.GET.get("s", "")
    return str(request.session.get("client_searches", {}).get(token, "")) if token else ""


def _keep_search(request: AuthenticatedRequest, text: str) -> str:
    searches = dict(request.session.get("client_searches", {}))
    token = secrets.token_urlsafe(8)
    searches[token] = text
    request.session["client_searches"] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


@require_http_methods(["GET", "POST"])
def client_list(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.sections_for_role(request.user):
        raise PermissionDenied
    org = request.user.organisation_id
    if request.method == "POST":
        # A search: the text stays in the session, the list's URL gets a token for it and
        # the other filters (which reveal no one).
        form = ClientFilterForm(request.POST, organisation_id=org)
        if not form.is_valid():
            raise BadRequest("invalid filter")
        params = {k: v for k, v in form.cleaned_data.items() if k != "q" and v}
        text = form.cleaned_data["q"].strip()
        if text:
            params["s"] = _keep_search(request, text)
        url = reverse("clients:list") + ("?" + urlencode(params) if params else "")
        response = redirect(url)
        response.status_code = 303
        return response
    data = request.GET.copy()
    data.pop("page", None)
    data["q"] = _search_text(request)
    data.pop("s", None)
    bound = any(v for v in data.values())
    form = ClientFilterForm(data if bound else None, organisation_id=org)
    if bound and not form.is_valid():
        raise BadRequest("invalid filter")
    filters = selectors.ClientFilters(**form.cleaned_data) if bound else (
        selectors.ClientFilters()
    )
    page = paginate_by_ids(request, selectors.client_list(actor=request.user, filters=filters))
    clients = list(page.object_list)  # joined to their identities (client_list)
    identities = selectors.reveal_identities(actor=request.user, clients=clients,
                                             only=LIST_NAME_FIELDS)
    selectors.record_list_view(actor=request.user, count=len(clients))
    rows = [(client, identities.get(client.pk)) for client in clients]
    partial = request.headers.get("HX-Request") == "true"
    template = "clients/_list_results.html" if partial else "clients/list.html"
    return render(request, template, {
        "form": form, "page": page, "rows": rows,
        "may_register": may_register_clients(request.user),
        "shows_identity": Section.IDENTITY in selectors.sections_for_role(request.user),
        "filtered": any(v for v in filters.__dict__.values()),
        "search_token": request.GET.get("s", "") if filters.q else "",
    })


def client_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rec = selectors.client_record(actor=request.user, pk=pk)
    client = rec.client
    return render(request, "clients/detail.html", {
        "rec": rec, "client": client,
        "may_manage": may_manage_case(request.user, client),
        "exploitation_labels": _labels(ExploitationType, client.exploitation_types),
        "control_labels": _labels(ControlMethod, client.control_methods),
        "panels": panels_for(actor=request.user, client=client, sections=rec.sections),
    })


def _posted(request: AuthenticatedRequest) -> Any:
    """The form data of a POST, even an empty one (which must show errors), else None."""
    return request.POST if request.method == "POST" else None


def _labels(choices: Any, values: Any) -> list[Any]:
    names = dict(choices.choices)
    return [names.get(v, v) for v in values]


def _duplicates(request: AuthenticatedRequest, form: ClientForm,
                exclude_pk: int | None = None) -> list[selectors.PossibleDuplicate]:
    data = form.cleaned_data
    return selectors.possible_duplicates(
        actor=request.user, first_name=data.get("first_name"),
        second_name=data.get("second_name"), birth_date=data.get("birth_date"),
        documents=[d["number"] for d in form.documents()], phone=data.get("phone"),
        exclude_pk=exclude_pk,
    )


@require_http_methods(["GET", "POST"])
def client_create(request: AuthenticatedRequest) -> HttpResponse:
    if not may_register_clients(request.user):
        raise PermissionDenied
    form = ClientForm(_posted(request), organisation=request.user.organisation,
                      initial={"case_owner": request.user.pk})
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates(request, form)
        if not duplicates or request.POST.get("confirm_duplicate") == "1":
            client = services.register_client(
                actor=request.user, case=form.case_data(), identity=form.identity_data()
            )
            messages.success(request, _("Client %(code)s registered.") % {"code": client.code})
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/form.html", {
        "form": form, "duplicates": duplicates, "title": _("Register a client"),
    })


@require_http_methods(["GET", "POST"])
def client_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = selectors.get_client(actor=request.user, pk=pk, section=Section.CASE)
    if not may_manage_case(request.user, client) or client.is_erased:
        raise PermissionDenied
    identity, case = selectors.reveal_for_form(actor=request.user, client=client)
    form = ClientForm(
        _posted(request), instance=client, organisation=request.user.organisation,
        initial=ClientForm.initial_from(client, identity, case),
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates(request, form, exclude_pk=client.pk)
        if not duplicates or request.POST.get("confirm_duplicate") == "1":
            services.update_client(actor=request.user, client=client,
                                   case=form.case_data(), identity=form.identity_data())
            messages.success(request, _("Changes saved."))
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/form.html", {
        "form": form, "client": client, "duplicates": duplicates,
        "title": _("Edit %(code)s") % {"code": client.code},
    })


@require_http_methods(["GET", "POST"])
def client_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = selectors.get_client(actor=request.user, pk=pk, section=Section.CASE)
    if not may_manage_case(request.user, client):
        raise PermissionDenied
    if not client.is_open:
        raise Http404("the case is not open")
    form = CloseCaseForm(_posted(request), client=client)
    if request.method == "POST" and form.is_valid():
        services.close_case(actor=request.user, client=client, **form.cleaned_data)
        messages.success(request, _("Case %(code)s closed.") % {"code": client.code})
        return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/close.html", {"form": form, "client": client})


@require_POST
def client_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = selectors.get_client(actor=request.user, pk=pk, section=Section.CASE)
    if not may_manage_case(request.user, client) or client.is_open:
        raise PermissionDenied
    services.reopen_case(actor=request.user, client=client)
    messages.success(request, _("Case %(code)s reopened.") % {"code": client.code})
    return redirect("clients:detail", pk=client.pk)
