import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import access, mail, selectors, services
from .forms import InviteForm, OrganisationForm, ResetForm, RoleForm, SetupForm, TeamAddForm
from .models import SetupLink

SETUP_LINK_KEY = "accounts.setup_link"
SETUP_SECRET_KEY = "accounts.setup_totp_secret"


def _posted(request):
    return request.POST if request.method == "POST" else None


def _errors_into(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _require_coordinator(request):
    if not access.may_manage_staff(request.user):
        raise PermissionDenied


def _link_page(request, user, new_link):
    """Show a new set-up link once (never stored in plain), and mail it if possible."""
    url = request.build_absolute_uri(f"{reverse('accounts:setup')}?t={new_link.token}")
    sent = mail.send_setup_link(user=user, url=url)
    response = render(request, "accounts/setup_link_issued.html", {
        "member": user, "url": url, "sent": sent, "link": new_link.link,
    })
    add_never_cache_headers(response)
    return response


# --- The set-up link (anonymous) --------------------------------------------------------


def _totp_secret(request, regenerate=False) -> str:
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    if regenerate or not request.session.get(SETUP_SECRET_KEY):
        request.session[SETUP_SECRET_KEY] = generate_totp_secret()
    return request.session[SETUP_SECRET_KEY]


def _qr_code(user, secret) -> tuple[str, str]:
    from allauth.mfa.adapter import get_adapter

    adapter = get_adapter()
    url = adapter.build_totp_url(user, secret)
    svg = adapter.build_totp_svg(url)
    return url, "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@login_not_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """A one-time link: ``?t=TOKEN`` is checked, remembered in the session and dropped from
    the address (so it is not kept in the browser's history or sent on); then the person
    chooses a password and enrols TOTP on the same page."""
    from allauth.mfa.totp.internal.auth import validate_totp_code

    if request.user.is_authenticated:
        return render(request, "accounts/setup_signed_in.html", status=403)
    if "t" in request.GET:
        link = services.usable_link(request.GET["t"])
        request.session.pop(SETUP_SECRET_KEY, None)
        request.session.pop(SETUP_LINK_KEY, None)
        if link is None:
            return render(request, "accounts/setup_invalid.html", status=404)
        request.session[SETUP_LINK_KEY] = link.pk
        return redirect("accounts:setup")
    link = SetupLink.objects.select_related("user").filter(
        pk=request.session.get(SETUP_LINK_KEY) or 0).first()
    if link is None or not services.is_usable(link):
        return render(request, "accounts/setup_invalid.html", status=404)
    form = SetupForm(_posted(request), user=link.user)
    secret = _totp_secret(request)
    if request.method == "POST" and form.is_valid():
        if not validate_totp_code(secret, form.cleaned_data["code"].strip()):
            form.add_error("code", _("This code is not right. Check that the app shows "
                                     "the account you just added, and enter its code."))
        else:
            try:
                services.complete_setup(link_id=link.pk,
                                        password=form.cleaned_data["password1"],
                                        totp_secret=secret)
            except ValidationError as exc:
                link.refresh_from_db()
                form.add_error("password1" if services.is_usable(link) else None,
                               exc.messages)
            else:
                request.session.pop(SETUP_SECRET_KEY, None)
                request.session.pop(SETUP_LINK_KEY, None)
                messages.success(request, _("Your account is ready. Sign in with your "
                                            "password and a code from your app."))
                return redirect("account_login")
    totp_url, qr = _qr_code(link.user, secret)
    response = render(request, "accounts/setup.html", {
        "form": form, "member": link.user, "secret": secret, "totp_url": totp_url,
        "qr": qr,
    })
    add_never_cache_headers(response)
    return response


@login_not_required
def password_reset_disabled(request, *args, **kwargs):
    """allauth's self-service reset by e-mail is off: a coordinator resets sign-in."""
    return render(request, "accounts/password_reset_disabled.html")


# --- Staff management (coordinators) ---------------------------------------------------------


def staff_list(request):
    members = selectors.staff_list(actor=request.user)
    resets = selectors.pending_resets(actor=request.user)
    return render(request, "accounts/staff_list.html",
                  {"members": members, "resets": resets})


@require_http_methods(["GET", "POST"])
def staff_invite(request):
    _require_coordinator(request)
    form = InviteForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.invite_staff(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            return _link_page(request, new.link.user, new)
    return render(request, "accounts/staff_invite.html", {"form": form})


def _detail_context(request, member, **forms):
    return {
        "member": member,
        "cases": selectors.team_cases(actor=request.user, user=member),
        "resets": [r for r in selectors.pending_resets(actor=request.user)
                   if r.user_id == member.pk],
        "role_form": forms.get("role_form") or RoleForm.for_member(member),
        "team_form": forms.get("team_form") or TeamAddForm(),
        "reset_form": forms.get("reset_form") or ResetForm(),
        "is_self": member.pk == request.user.pk,
    }


def _detail(request, member, status=200, **forms):
    return render(request, "accounts/staff_detail.html",
                  _detail_context(request, member, **forms), status=status)


def staff_detail(request, pk):
    member = selectors.staff_member(actor=request.user, pk=pk)
    return _detail(request, member)


@require_POST
def staff_role(request, pk):
    member = selectors.staff_member(actor=request.user, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(actor=request.user, user=member, role=form.cleaned_data["role"])
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Role changed."))
            return redirect("accounts:staff_detail", pk=pk)
    return _detail(request, member, role_form=form)


@require_POST
def staff_link(request, pk):
    member = selectors.staff_member(actor=request.user, pk=pk)
    try:
        new = services.reissue_invitation(actor=request.user, user=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:staff_detail", pk=pk)
    return _link_page(request, member, new)


@require_http_methods(["GET", "POST"])
def staff_deactivate(request, pk):
    member = selectors.staff_member(actor=request.user, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            services.deactivate(actor=request.user, user=member)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("%(name)s can no longer sign in.")
                             % {"name": member.display_name})
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff_deactivate.html",
                  {"member": member, "error": error}, status=400 if error else 200)


@require_POST
def staff_reactivate(request, pk):
    member = selectors.staff_member(actor=request.user, pk=pk)
    services.reactivate(actor=request.user, user=member)
    messages.success(request, _("%(name)s can sign in again.") % {"name": member.display_name})
    return redirect("accounts:staff_detail", pk=pk)


@require_POST
def team_add(request, pk):
    member = selectors.staff_member(actor=request.user, pk=pk)
    form = TeamAddForm(request.POST)
    if form.is_valid():
        client = selectors.client_by_code(actor=request.user, code=form.cleaned_data["code"])
        if client is None:
            form.add_error("code", _("No client has this code in your organisation."))
        else:
            try:
                services.add_to_team(actor=request.user, user=member, client=client)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("Added to the case team of %(code)s.")
                                 % {"code": client.code})
                return redirect("accounts:staff_detail", pk=pk)
    return _detail(request, member, team_form=form)


@require_POST
def team_remove(request, pk, client_pk):
    member = selectors.staff_member(actor=request.user, pk=pk)
    client = None
    if 0 < client_pk <= selectors.MAX_ID:
        client = selectors.team_cases(actor=request.user, user=member).filter(
            pk=client_pk).first()
    if client is None:
        raise Http404
    try:
        services.remove_from_team(actor=request.user, user=member, client=client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Removed from the case team of %(code)s.")
                         % {"code": client.code})
    return redirect("accounts:staff_detail", pk=pk)


@require_POST
def reset_request(request, pk):
    member = selectors.staff_member(actor=request.user, pk=pk)
    form = ResetForm(request.POST)
    if form.is_valid():
        try:
            services.request_reset(actor=request.user, user=member,
                                   kind=form.cleaned_data["kind"])
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Reset requested. Another coordinator must confirm "
                                        "it on the staff page."))
            return redirect("accounts:staff_detail", pk=pk)
    return _detail(request, member, reset_form=form)


@require_POST
def reset_confirm(request, pk):
    reset = selectors.reset_for(actor=request.user, pk=pk)
    try:
        new = services.confirm_reset(actor=request.user, reset=reset)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:staff_list")
    if new is not None:
        return _link_page(request, reset.user, new)
    messages.success(request, _("Second factor reset: %(name)s sets up a new authenticator "
                                "app at the next sign-in.") % {"name": reset.user.display_name})
    return redirect("accounts:staff_list")


@require_POST
def reset_cancel(request, pk):
    reset = selectors.reset_for(actor=request.user, pk=pk)
    services.cancel_reset(actor=request.user, reset=reset)
    messages.success(request, _("Reset cancelled."))
    return redirect("accounts:staff_list")


# --- Organisation settings -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def organisation_settings(request):
    _require_coordinator(request)
    organisation = type(request.user.organisation).objects.get(pk=request.user.organisation_id)
    form = OrganisationForm(_posted(request), instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.update_organisation(actor=request.user, organisation=organisation,
                                         **data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("accounts:organisation")
    return render(request, "accounts/organisation.html", {"form": form})
