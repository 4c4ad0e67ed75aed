from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from reintegra.core.http import AuthenticatedRequest
from reintegra.core.pagination import paginate

from . import selectors
from .forms import EventFilterForm


def client_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    client = selectors.client_for_history(actor=request.user, pk=pk)
    page = paginate(request, selectors.client_history(actor=request.user, client=client))
    return render(request, "audit/client_history.html", {
        "client": client, "page": page, "events": list(page.object_list),
    })


def organisation_events(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.may_audit_organisation(request.user):
        raise PermissionDenied
    form = EventFilterForm(request.GET or None, organisation_id=request.user.organisation_id)
    filters = selectors.EventFilters()
    chain_status = selectors.chain_status(actor=request.user)
    if form.is_bound:
        if not form.is_valid():
            if form.is_malformed():
                raise BadRequest("invalid filter")
            return render(request, "audit/events.html", {"form": form, "chain": chain_status})
        filters = selectors.EventFilters(**form.cleaned_data)
    page = paginate(request, selectors.organisation_events(actor=request.user, filters=filters))
    events = list(page.object_list)
    codes = selectors.client_codes(actor=request.user, events=events)
    return render(request, "audit/events.html", {
        "form": form, "page": page, "rows": [(e, codes.get(e.client_id)) for e in events],
        "filtered": any(v for v in filters.__dict__.values()), "chain": chain_status,
    })
