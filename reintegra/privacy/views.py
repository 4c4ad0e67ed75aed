import json

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reintegra.clients.selectors import get_client
from reintegra.core.pagination import paginate

from . import access, selectors, services
from .forms import ConfirmErasureForm, ConsentForm, ErasureRequestForm, WithdrawConsentForm
from .models import ErasureState
from .subject_access import LANGUAGES, subject_access_report


def _back_to_client(pk, anchor=""):
    response = redirect("clients:detail", pk=pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _posted(request):
    """The form data of a POST (even an empty one, which must show errors), else None."""
    return request.POST if request.method == "POST" else None


def _form_errors_from(exc: ValidationError, form):
    for message in exc.messages:
        form.add_error(None, message)


# --- Consent -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def consent_create(request, pk):
    client = get_client(actor=request.user, pk=pk)
    if not access.may_record_consent(request.user, client):
        raise PermissionDenied
    form = ConsentForm(_posted(request), client=client, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consents(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Consent recorded."))
            return _back_to_client(client.pk, "consent-h")
    return render(request, "privacy/consent_form.html", {"form": form, "client": client})


@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk):
    consent = selectors.get_consent(actor=request.user, pk=pk)
    client = consent.client
    if not access.may_record_consent(request.user, client):
        raise PermissionDenied
    if not consent.is_active:
        raise Http404("the consent is not active")
    form = WithdrawConsentForm(_posted(request), consent=consent)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(actor=request.user, consent=consent,
                                      withdrawn_on=form.cleaned_data["withdrawn_on"])
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Withdrawal recorded."))
            return _back_to_client(client.pk, "consent-h")
    return render(request, "privacy/consent_withdraw.html",
                  {"form": form, "client": client, "consent": consent})


# --- Erasure -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def erasure_request_create(request, pk):
    client = get_client(actor=request.user, pk=pk)
    if not access.may_request_erasure(request.user, client):
        raise PermissionDenied
    pending = selectors.pending_erasure(client=client)
    if pending is not None:
        return redirect("privacy:erasure_detail", pk=pending.pk)
    form = ErasureRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            erasure = services.request_erasure(actor=request.user, client=client,
                                               reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            messages.success(request, _("Erasure requested. A second person must confirm it."))
            return redirect("privacy:erasure_detail", pk=erasure.pk)
    return render(request, "privacy/erasure_request_form.html", {"form": form, "client": client})


@require_GET
def erasure_list(request):
    if not access.may_handle_erasure_requests(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    if state not in ("", *ErasureState.values):
        raise BadRequest("unknown state")
    page = paginate(request, selectors.erasure_requests(actor=request.user, state=state))
    return render(request, "privacy/erasure_list.html", {
        "page": page, "state": state, "states": ErasureState.choices,
    })


def _erasure_page(request, erasure, form=None, status=200):
    may_confirm = erasure.is_pending and access.may_confirm_erasure(request.user, erasure)
    return render(request, "privacy/erasure_detail.html", {
        "erasure": erasure, "client": erasure.client,
        "may_confirm": may_confirm,
        # What will be destroyed: only for the person who may confirm, before they do.
        "preview": selectors.erasure_preview(actor=request.user, erasure=erasure)
        if may_confirm else None,
        "may_cancel": erasure.is_pending and access.may_cancel_erasure(request.user, erasure),
        "form": form or ConfirmErasureForm(client=erasure.client),
    }, status=status)


@require_GET
def erasure_detail(request, pk):
    return _erasure_page(request, selectors.get_erasure_request(actor=request.user, pk=pk))


@require_POST
def erasure_confirm(request, pk):
    erasure = selectors.get_erasure_request(actor=request.user, pk=pk)
    if not erasure.is_pending or not access.may_confirm_erasure(request.user, erasure):
        raise PermissionDenied
    form = ConfirmErasureForm(request.POST, client=erasure.client)
    if not form.is_valid():
        return _erasure_page(request, erasure, form)
    services.confirm_erasure(actor=request.user, erasure_request=erasure)
    messages.success(request, _("Client %(code)s has been erased.") % {"code": erasure.client.code})
    return redirect("privacy:erasure_detail", pk=erasure.pk)


@require_POST
def erasure_cancel(request, pk):
    erasure = selectors.get_erasure_request(actor=request.user, pk=pk)
    if not erasure.is_pending or not access.may_cancel_erasure(request.user, erasure):
        raise PermissionDenied
    services.cancel_erasure(actor=request.user, erasure_request=erasure)
    messages.success(request, _("Erasure request cancelled."))
    return redirect("privacy:erasure_detail", pk=erasure.pk)


# --- Data-subject access -------------------------------------------------------------------


def _report_language(request):
    language = request.GET.get("lang", "")
    if not language:
        return request.LANGUAGE_CODE if request.LANGUAGE_CODE in LANGUAGES else "pl"
    if language not in LANGUAGES:
        raise BadRequest("lang must be pl or en")
    return language


@require_GET
def subject_access(request, pk):
    language = _report_language(request)
    report = subject_access_report(actor=request.user, client_pk=pk, language=language)
    return render(request, "privacy/subject_access.html", {
        "report": report, "client_pk": pk, "report_language": language,
    })


@require_GET
def subject_access_json(request, pk):
    language = _report_language(request)
    report = subject_access_report(actor=request.user, client_pk=pk, language=language)
    body = json.dumps(report, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{report['client']['code']}-{language}.json"
    )
    response["Cache-Control"] = "no-store"
    return response
