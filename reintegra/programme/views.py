import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reintegra.clients.access import Section
from reintegra.clients.selectors import get_client
from reintegra.core.bounds import parse_id
from reintegra.core.grammar import for_person
from reintegra.core.pagination import paginate

from . import calendar, pdf, selectors, services
from .access import (
    is_trainer,
    may_enrol,
    may_enrol_someone,
    may_manage_programme,
    may_view_programme,
)
from .forms import (
    ActivityForm,
    ClientFeedForm,
    EnrolFromClientForm,
    EnrolFromOfferingForm,
    OfferingForm,
    SessionForm,
    VenueForm,
    WeekForm,
    WithdrawForm,
)
from .home import LIST_SIZE, registers_not_taken
from .models import AttendanceStatus, Domain, EnrolmentStatus


def _lang() -> str:
    return (get_language() or "pl")[:2]


def _require_view(request):
    if not may_view_programme(request.user):
        raise PermissionDenied


def _require_manage(request):
    if not may_manage_programme(request.user):
        raise PermissionDenied


def _add_error(form, error: services.ProgrammeError):
    field = error.field if error.field in form.fields else None
    for message in error.messages:
        form.add_error(field, message)


def _save(form, write):
    """Call a service; a refusal goes onto the form (nothing saved) and None comes back."""
    try:
        return write()
    except services.ProgrammeError as error:
        _add_error(form, error)
        return None


# --- Catalogue -------------------------------------------------------------------------------


@require_GET
def catalogue(request):
    _require_view(request)
    show_all = request.GET.get("all") == "1" and may_manage_programme(request.user)
    page = paginate(request, selectors.activities(actor=request.user,
                                                  include_inactive=show_all))
    return render(request, "programme/catalogue.html", {
        "page": page, "may_manage": may_manage_programme(request.user),
        "domains": dict(Domain.choices), "show_all": show_all, "lang": _lang(),
    })


@require_GET
def activity_detail(request, pk):
    _require_view(request)
    activity = selectors.get_activity(actor=request.user, pk=pk)
    runs = selectors.offerings(actor=request.user, activity=activity)
    return render(request, "programme/activity_detail.html", {
        "activity": activity, "offerings": runs, "lang": _lang(),
        "domains": [label for value, label in Domain.choices if value in activity.domains],
        "may_manage": may_manage_programme(request.user),
    })


@require_http_methods(["GET", "POST"])
def activity_form(request, pk=None):
    _require_manage(request)
    activity = selectors.get_activity(actor=request.user, pk=pk) if pk else None
    form = ActivityForm(request.POST or None, instance=activity,
                        organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid() and (saved := _save(
        form, lambda: services.save_activity(actor=request.user, activity=activity,
                                             fields=form.cleaned_data),
    )):
        messages.success(request, _("Activity saved."))
        return redirect("programme:activity", pk=saved.pk)
    return render(request, "programme/form.html", {
        "form": form, "back": reverse("programme:activity", args=[pk]) if pk
        else reverse("programme:catalogue"),
        "title": _("Edit the activity") if pk else _("Add an activity"),
    })


@require_GET
def venue_list(request):
    _require_manage(request)
    page = paginate(request, selectors.venues(actor=request.user))
    return render(request, "programme/venues.html", {"page": page})


@require_http_methods(["GET", "POST"])
def venue_form(request, pk=None):
    _require_manage(request)
    venue = selectors.get_venue(actor=request.user, pk=pk) if pk else None
    form = VenueForm(request.POST or None, instance=venue)
    if request.method == "POST" and form.is_valid() and _save(
        form, lambda: services.save_venue(actor=request.user, venue=venue, **form.cleaned_data),
    ):
        messages.success(request, _("Venue saved."))
        return redirect("programme:venues")
    return render(request, "programme/form.html", {
        "form": form, "back": reverse("programme:venues"),
        "title": _("Edit the venue") if pk else _("Add a venue"),
        "intro": _("A venue is a room or place of your organisation. Never enter a "
                   "shelter's address or a client's address: venue names appear in "
                   "calendars and on printed lists."),
    })


# --- Offerings and sessions ---------------------------------------------------------------


@require_GET
def offering_list(request):
    _require_view(request)
    past = request.GET.get("past") == "1"
    page = paginate(request, selectors.offerings(actor=request.user, include_past=past))
    return render(request, "programme/offerings.html", {
        "page": page, "past": past, "lang": _lang(),
        "may_manage": may_manage_programme(request.user),
    })


@require_GET
def offering_detail(request, pk):
    _require_view(request)
    offering = selectors.get_offering(actor=request.user, pk=pk)
    roster = selectors.offering_roster(actor=request.user, offering=offering)
    return render(request, "programme/offering_detail.html", {
        "offering": offering, "roster": roster, "lang": _lang(),
        "sessions": selectors.offering_sessions(offering=offering),
        "may_manage": may_manage_programme(request.user),
        "may_enrol": may_enrol_someone(request.user) and not offering.is_past,
        "is_trainer": is_trainer(request.user),
        "today": timezone.localdate(),
    })


@require_http_methods(["GET", "POST"])
def offering_form(request, pk=None):
    _require_manage(request)
    offering = selectors.get_offering(actor=request.user, pk=pk) if pk else None
    initial = {}
    activity_id = parse_id(request.GET.get("activity", ""))
    if offering is None and activity_id is not None:
        activity = selectors.get_activity(actor=request.user, pk=activity_id)
        initial = {"activity": activity, "trainer": activity.trainer,
                   "capacity": activity.capacity, "women_only": activity.women_only,
                   "language": (activity.language_codes or [""])[0]}
    form = OfferingForm(request.POST or None, instance=offering, initial=initial,
                        organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid() and (saved := _save(
        form, lambda: _save_offering(request.user, offering, form.fields_for_service()),
    )):
        messages.success(request, _("Offering saved."))
        return redirect("programme:offering", pk=saved.pk)
    return render(request, "programme/form.html", {
        "form": form, "title": _("Edit the offering") if pk else _("Plan an offering"),
        "back": reverse("programme:offering", args=[pk]) if pk
        else reverse("programme:offerings"),
        "intro": _("Sessions are planned from the days and times you choose; days that are "
                   "Polish public holidays are skipped if you wish. Clashes for the trainer, "
                   "the room or enrolled clients stop the save."),
    })


def _save_offering(actor, offering, fields):
    if offering is None:
        return services.create_offering(actor=actor, fields=fields)
    return services.update_offering(actor=actor, offering=offering, fields=fields)


@require_http_methods(["GET", "POST"])
def session_form(request, offering_pk, pk=None):
    _require_manage(request)
    offering = selectors.get_offering(actor=request.user, pk=offering_pk)
    session = None
    if pk:
        session = selectors.get_session(actor=request.user, pk=pk)
        if session.offering_id != offering.pk:
            raise Http404("no such session")
    initial = {} if session else {
        "venue": offering.venue, "trainer": offering.trainer,
        "start_time": offering.start_time, "end_time": offering.end_time,
    }
    form = SessionForm(request.POST or None, instance=session, initial=initial,
                       organisation=request.user.organisation)
    if request.method == "POST" and form.is_valid() and _save(
        form, lambda: services.save_session(actor=request.user, offering=offering,
                                            session=session, **form.cleaned_data),
    ):
        messages.success(request, _("Session saved."))
        return redirect("programme:offering", pk=offering.pk)
    return render(request, "programme/form.html", {
        "form": form, "back": reverse("programme:offering", args=[offering.pk]),
        "title": _("Edit the session") if pk else _("Add a session"),
    })


@require_POST
def record_completions(request, pk):
    _require_manage(request)
    offering = selectors.get_offering(actor=request.user, pk=pk)
    try:
        done = services.record_completions(actor=request.user, offering=offering)
    except services.ProgrammeError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, ngettext(
            "Completion recorded for %(n)s client.", "Completion recorded for %(n)s clients.",
            len(done)) % {"n": len(done)})
    return redirect("programme:offering", pk=offering.pk)


# --- Enrolment ---------------------------------------------------------------------------


def _enrol(request, form, *, client, offering):
    """Call the service; on refusal put the message on the form. Returns the enrolment."""
    try:
        enrolment = services.enrol_client(
            actor=request.user, client=client, offering=offering,
            acknowledge_warnings=form.cleaned_data["acknowledge_warnings"],
            join_waiting_list=form.cleaned_data["join_waiting_list"],
        )
    except services.NeedsAcknowledgement as error:
        form.add_error("acknowledge_warnings", _("Read the warnings and confirm."))
        form.warnings = error.warnings
        return None
    except services.OfferingFull as error:
        form.add_error("join_waiting_list", error.messages[0])
        return None
    except services.ProgrammeError as error:
        _add_error(form, error)
        return None
    if enrolment.status == EnrolmentStatus.WAITING:
        messages.success(request, _("%(code)s is number %(n)s on the waiting list.")
                         % {"code": client.code, "n": enrolment.waiting_position})
    else:
        messages.success(request, for_person(
            client.gender, unknown=_("%(code)s is enrolled."),
            feminine=pgettext("feminine", "%(code)s is enrolled."),
            masculine=pgettext("masculine", "%(code)s is enrolled.")) % {"code": client.code})
    return enrolment


@require_http_methods(["GET", "POST"])
def offering_enrol(request, pk):
    """Enrol from the offering's side: the coordinator, or a case worker for their team."""
    if not may_enrol_someone(request.user):
        raise PermissionDenied
    offering = selectors.get_offering(actor=request.user, pk=pk)
    clients = selectors.enrollable_clients(actor=request.user, offering=offering)
    form = EnrolFromOfferingForm(request.POST or None, clients=clients)
    form.warnings = []
    if request.method == "POST" and form.is_valid():
        client = form.cleaned_data["client"]
        if _enrol(request, form, client=client, offering=offering):
            return redirect("programme:offering", pk=offering.pk)
    return render(request, "programme/enrol.html", {
        "form": form, "offering": offering, "lang": _lang(),
        "back": reverse("programme:offering", args=[offering.pk]),
    })


@require_http_methods(["GET", "POST"])
def client_programme(request, client_pk):
    """The client's side: their enrolments, progress, enrolment in an offering, feed."""
    client = get_client(actor=request.user, pk=client_pk, section=Section.CASE)
    data = selectors.client_programme(actor=request.user, client=client)
    may = may_enrol(request.user, client) and client.is_open
    form = None
    if may:
        offerings = selectors.available_offerings(actor=request.user).exclude(
            pk__in=selectors.active_enrolments_of(client).values("offering_id")
        )
        form = EnrolFromClientForm(request.POST or None, offerings=offerings, language=_lang())
        form.warnings = []
        if request.method == "POST" and form.is_valid():
            offering = form.cleaned_data["offering"]
            if _enrol(request, form, client=client, offering=offering):
                return redirect("programme:client", client_pk=client.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "programme/client.html", {
        "client": client, "data": data, "form": form, "may_enrol": may, "lang": _lang(),
        "feed_form": ClientFeedForm() if may else None,
    })


@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    enrolment = selectors.get_enrolment(actor=request.user, pk=pk)
    if not may_enrol(request.user, enrolment.client):
        raise PermissionDenied
    if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING):
        raise Http404("not active")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.withdraw_client(actor=request.user, enrolment=enrolment,
                                              **form.cleaned_data)
        except services.ProgrammeError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("%(code)s has been withdrawn.")
                             % {"code": enrolment.client.code})
            if result.promoted:
                messages.info(request, _("The first person on the waiting list now has the "
                                         "place."))
            return redirect("programme:client", client_pk=enrolment.client_id)
    return render(request, "programme/withdraw.html", {
        "form": form, "enrolment": enrolment, "lang": _lang(),
    })


# --- Attendance ------------------------------------------------------------------------------


def _posted_marks(request) -> dict[int, str]:
    marks = {}
    for key, value in request.POST.items():
        if not key.startswith("mark-"):
            continue
        client_id = parse_id(key.removeprefix("mark-"))
        if client_id is None:  # "²".isdigit() is True, int("²") fails; 30 digits overflow
            raise BadRequest("malformed mark")
        marks[client_id] = value
    return marks


@require_http_methods(["GET", "POST"])
def register(request, pk):
    """The attendance register: one row per client, four large choices, one Save."""
    reg = selectors.session_register(actor=request.user, pk=pk)
    error = None
    if request.method == "POST":
        marks = _posted_marks(request)
        if request.POST.get("rest") == "present":  # one tap for a full class
            for row in reg.rows:
                if not row.status:
                    marks.setdefault(row.client_id, "present")
        try:
            saved = services.mark_attendance(actor=request.user, session=reg.session,
                                             marks=marks)
        except services.ProgrammeError as exc:
            error = " ".join(exc.messages)
            for row in reg.rows:
                row.status = marks.get(row.client_id, row.status)
        else:
            messages.success(request, ngettext(
                "Attendance saved (%(n)s change).", "Attendance saved (%(n)s changes).", saved
            ) % {"n": saved})
            return redirect("programme:register", pk=pk)
    missing = [r for r in reg.rows if not r.status]
    # The "mark the rest" button's words for every count, so that the page's script can
    # keep the count right as marks are tapped (programme/register.js).
    rest_labels = [ngettext(
        "Save and mark the %(counter)s unmarked person present",
        "Save and mark the %(counter)s unmarked people present", n) % {"counter": n}
        for n in range(len(reg.rows) + 1)]
    return render(request, "programme/register.html", {
        "reg": reg, "session": reg.session, "statuses": AttendanceStatus.choices,
        "error": error, "lang": _lang(), "missing": len(missing),
        "rest_labels": json.dumps(rest_labels, ensure_ascii=False),
        "future": reg.session.date > timezone.localdate(),
    }, status=400 if error else 200)


@require_GET
def attendance_sheet(request, pk):
    legal = request.GET.get("names", "") == "legal"
    if request.GET.get("names", "") not in ("", "legal"):
        raise BadRequest("names must be legal or empty")
    sheet = selectors.attendance_sheet(actor=request.user, pk=pk, legal_names=legal)
    body = pdf.attendance_sheet_pdf(sheet, language=_lang())
    return _pdf_response(body, f"attendance-{sheet.session.date:%Y%m%d}-{pk}.pdf")


@require_GET
def certificate(request, pk):
    language = request.GET.get("lang", _lang())
    if language not in ("pl", "en"):
        raise BadRequest("lang must be pl or en")
    cert = selectors.certificate(actor=request.user, pk=pk, language=language)
    return _pdf_response(pdf.certificate_pdf(cert), f"certificate-{pk}-{language}.pdf")


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- Trainer's view and calendars -----------------------------------------------------------


@require_GET
def my_sessions(request):
    """The trainer's landing page: their sessions today and this week."""
    _require_view(request)
    today = timezone.localdate()
    monday = selectors.week_start(today)
    sessions = list(selectors.sessions_between(
        actor=request.user, start=today, end=monday + dt.timedelta(days=6), own_only=True
    ))
    return render(request, "programme/my_sessions.html", {
        "today_sessions": [s for s in sessions if s.date == today],
        "week_sessions": [s for s in sessions if s.date > today],
        "today": today, "lang": _lang(),
        "feed": selectors.active_feed_of(actor=request.user),
        "to_take": list(registers_not_taken(actor=request.user, today=today)[:LIST_SIZE + 1]),
        "list_size": LIST_SIZE,
    })


@require_GET
def registers_missing(request):
    """Past sessions with somebody on the register and no mark yet, newest first: the whole
    organisation's for the coordinator, her own for a trainer (the home page's and the
    trainer's "registers to take" lead here). Sessions and offerings only: no client data."""
    if not (may_manage_programme(request.user) or is_trainer(request.user)):
        raise PermissionDenied
    today = timezone.localdate()
    page = paginate(request, registers_not_taken(actor=request.user, today=today))
    return render(request, "programme/registers_missing.html", {
        "page": page, "lang": _lang(), "today": today})


@require_GET
def week(request):
    _require_view(request)
    form = WeekForm(request.GET)
    if not form.is_valid():
        raise BadRequest("week must be a date (YYYY-MM-DD)")
    start = selectors.week_start(form.cleaned_data["week"] or timezone.localdate())
    sessions = list(selectors.sessions_between(
        actor=request.user, start=start, end=start + dt.timedelta(days=6)
    ))
    days = [(start + dt.timedelta(days=i), []) for i in range(7)]
    for session in sessions:
        days[(session.date - start).days][1].append(session)
    return render(request, "programme/week.html", {
        "days": days, "start": start, "lang": _lang(),
        "previous": start - dt.timedelta(days=7), "next": start + dt.timedelta(days=7),
        "today": timezone.localdate(),
    })


@require_http_methods(["GET", "POST"])
def my_feed(request):
    """Make, replace or revoke the actor's own calendar feed."""
    _require_view(request)
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feed = selectors.active_feed_of(actor=request.user)
            if feed:
                services.revoke_feed(actor=request.user, feed=feed)
                messages.success(request, _("The calendar address no longer works."))
            return redirect("programme:my_feed")
        made = services.create_trainer_feed(actor=request.user)
        new_url = request.build_absolute_uri(reverse("programme:feed", args=[made.token]))
    return render(request, "programme/my_feed.html", {
        "feed": selectors.active_feed_of(actor=request.user), "new_url": new_url,
    })


@require_POST
def client_feed(request, client_pk):
    client = get_client(actor=request.user, pk=client_pk, section=Section.CASE)
    if not may_enrol(request.user, client):
        raise PermissionDenied
    if request.POST.get("action") == "revoke":
        services.revoke_client_feeds(actor=request.user, client=client)
        messages.success(request, _("The calendar address no longer works."))
        return redirect("programme:client", client_pk=client.pk)
    form = ClientFeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["client_agreed"][0])
        return redirect("programme:client", client_pk=client.pk)
    made = services.create_client_feed(actor=request.user, client=client, client_agreed=True)
    url = request.build_absolute_uri(reverse("programme:feed", args=[made.token]))
    return render(request, "programme/feed_created.html", {"client": client, "url": url})


@login_not_required
@never_cache
@require_GET
def feed(request, token):
    """An iCalendar feed for calendar apps, which cannot log in: the token is the key."""
    found = selectors.feed_for_token(token)
    if found is None:
        raise Http404("no such feed")
    language = request.GET.get("lang", "pl")
    if language not in ("pl", "en"):
        raise BadRequest("lang must be pl or en")
    body = calendar.render_feed(
        selectors.feed_sessions(found), name="reintegra", language=language,
        host=request.get_host().split(":")[0], now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reintegra.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response



@require_http_methods(["GET", "POST"])
def enrol_group(request, pk):
    """Several clients into one offering in one step (issue 10): a page of candidates
    (``candidates``: code, name for those who may see it, reasons, warnings), then each
    chosen client through the service on its own; the result says who went where."""
    from . import candidates as group

    if not may_enrol_someone(request.user):
        raise Http404("not available")
    offering = selectors.get_offering(actor=request.user, pk=pk)
    back = reverse("programme:offering", args=[offering.pk])
    error = ""
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("clients") if v.isdigit()]
        allowed = {c.pk: c for c in selectors.enrollable_clients(
            actor=request.user, offering=offering).filter(pk__in=ids).only(
            "pk", "code", "organisation_id", "status", "erased_at", "gender",
            "primary_language", "secondary_language")}
        if not ids or not allowed:
            error = _("Choose at least one client.")
        else:
            outcome = services.enrol_many(
                actor=request.user, offering=offering,
                clients=[allowed[i] for i in ids if i in allowed],
                acknowledge_warnings=request.POST.get("acknowledge_warnings") == "on",
                join_waiting_list=request.POST.get("join_waiting_list") == "on")
            return render(request, "programme/enrol_group_result.html", {
                "offering": offering, "outcome": outcome, "lang": _lang(), "back": back})
    code = request.GET.get("code", "").strip()[:group.CODE_SEARCH_MAX]
    page = paginate(request, group.enrollable(actor=request.user, offering=offering,
                                              code=code), per_page=GROUP_PAGE_SIZE)
    return render(request, "programme/enrol_group.html", {
        "offering": offering, "page": page, "code": code, "lang": _lang(), "back": back,
        "candidates": group.candidates(actor=request.user, offering=offering,
                                       clients=page.object_list),
        "error": error,
    })


GROUP_PAGE_SIZE = 30
