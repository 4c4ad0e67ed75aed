"""HTTP only: parse, call a selector or a service, render. A client or questionnaire the
actor may not reach is a 404.

The client's questionnaire (``q_*`` views) is reachable without a staff login, through a
signed, random, one-time token only; starting it logs the staff member out on that
browser, so the session that remains is anonymous and every staff page asks for a login.
Answers travel from screen to screen in the form (hidden fields) and are stored once, at
the end, in one transaction.
"""

import datetime as dt

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import definitions, selectors, services, ui_texts
from .access import may_administer, sees_answers, sees_cohort
from .caveats import CAVEATS
from .forms import AnswersForm, CohortForm, ScheduleForm, SelfCompletionForm


def _language():
    return (get_language() or "pl")[:2]


def _instruments(actor):
    return selectors.latest_instruments(actor.organisation)


def _chosen(instruments, codes):
    by_code = {i.code: i for i in instruments}
    return [by_code[code] for code in codes]


@require_http_methods(["GET", "POST"])
def schedule(request, client_pk):
    client = selectors.client_for(actor=request.user, pk=client_pk, rule=may_administer)
    instruments = _instruments(request.user)
    form = ScheduleForm(request.POST or None, instruments=instruments, language=_language(),
                        initial={"start": selectors.latest_plan_start(client=client)
                                 or timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.schedule(actor=request.user, client=client,
                          instruments=_chosen(instruments, form.cleaned_data["instruments"]),
                          start=form.cleaned_data["start"])
        return redirect(reverse("clients:detail", args=[client.pk]) + "#outcomes")
    return render(request, "outcomes/form.html", {
        "client": client, "form": form, "title": _("Schedule questionnaires"),
        "submit": _("Schedule")})


@require_http_methods(["GET", "POST"])
def self_start(request, client_pk):
    """Staff choose the questionnaires and the language; the staff session on this
    browser then ends and the tablet shows the client's questionnaire."""
    client = selectors.client_for(actor=request.user, pk=client_pk, rule=may_administer)
    instruments = _instruments(request.user)
    form = SelfCompletionForm(request.POST or None, instruments=instruments,
                              language=_language())
    if request.method == "POST" and form.is_valid():
        _link, token = services.start_self_completion(
            actor=request.user, client=client,
            instruments=_chosen(instruments, form.cleaned_data["instruments"]),
            language=form.cleaned_data["language"])
        logout(request)  # the tablet is handed over: no staff session stays on it
        return redirect("outcomes:q", token=token)
    return render(request, "outcomes/self_start.html", {"client": client, "form": form})


@require_http_methods(["GET", "POST"])
def administer(request, pk):
    """Staff-administered mode (an interview): staff enter the client's answers."""
    administration = selectors.administration_for(actor=request.user, pk=pk,
                                                  rule=may_administer)
    if administration.is_done:
        raise Http404
    language = request.GET.get("lang") or _language()
    if language not in administration.instrument.definition["languages"]:
        language = "en" if "en" in administration.instrument.definition["languages"] \
            else next(iter(administration.instrument.definition["languages"]))
    form = AnswersForm(request.POST or None, instrument=administration.instrument,
                       language=language)
    if request.method == "POST" and form.is_valid():
        try:
            answers = services.clean_answers(administration.instrument, form.raw_answers())
            services.record_answers(actor=request.user, administration=administration,
                                    answers=answers, language=language,
                                    completed_on=form.cleaned_data["completed_on"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(reverse("clients:detail", args=[administration.client_id])
                            + "#outcomes")
    return render(request, "outcomes/administer.html", {
        "administration": administration, "client": administration.client, "form": form,
        "title": administration.instrument.title(_language()), "language": language,
        "languages": administration.instrument.definition["languages"]})


def answers(request, pk):
    administration = selectors.administration_for(actor=request.user, pk=pk,
                                                  rule=sees_answers)
    rows = selectors.administration_answers(actor=request.user, administration=administration)
    if rows is None:
        raise Http404
    return render(request, "outcomes/answers.html", {
        "administration": administration, "client": administration.client, "rows": rows,
        "title": administration.instrument.title(_language())})


def cohort(request):
    if not sees_cohort(request.user):
        raise Http404
    instruments = _instruments(request.user)
    today = timezone.localdate()
    initial = {"instrument": instruments[0].code if instruments else "",
               "start": today - dt.timedelta(days=365), "end": today}
    form = CohortForm(request.GET or initial, instruments=instruments, language=_language())
    figures = breakdown = None
    if form.is_valid():
        data = form.cleaned_data
        figures = next((f for f in selectors.cohort_figures(
            actor=request.user, organisation=request.user.organisation,
            start=data["start"], end=data["end"]) if f["code"] == data["instrument"]), None)
        breakdown = selectors.activity_breakdown(
            actor=request.user, organisation=request.user.organisation,
            instrument_code=data["instrument"], start=data["start"], end=data["end"])
    return render(request, "outcomes/cohort.html", {
        "form": form, "figures": figures, "breakdown": breakdown,
        "caveats": [_(c) for c in CAVEATS], "language": _language()})


# --- The client's questionnaire (no staff login) ----------------------------------------


def _refused(request, reason, language="en"):
    words = ui_texts.texts(language)
    return render(request, "outcomes/q_refused.html", {
        "t": words, "message": words[reason], "lang": language,
    }, status=404 if reason == "invalid" else 410)


def _screens(link):
    administrations = sorted(link.administrations.select_related("instrument"),
                             key=lambda a: (a.instrument.code, a.pk))
    return [(a, item) for a in administrations for item in a.instrument.definition["items"]]


def _key(administration, item):
    return f"a{administration.pk}_{item['id']}"


def _carried(request, screens):
    """The answers given so far, from the hidden fields (only known keys, only values
    that are options of their item)."""
    carried = {}
    for administration, item in screens:
        key = _key(administration, item)
        value = request.POST.get(key, "")
        if value and any(str(o["value"]) == value for o in
                         definitions.item_options(administration.instrument.definition, item)):
            carried[key] = value
    return carried


@login_not_required
@require_http_methods(["GET", "POST"])
def q(request, token):
    try:
        link = services.link_for(token)
    except services.LinkRefused as refused:
        return _refused(request, refused.reason, refused.language)
    language = link.language
    words = ui_texts.texts(language)
    screens = _screens(link)
    total = len(screens)
    if request.method == "GET":
        return render(request, "outcomes/q_intro.html", {
            "t": words, "lang": language, "token": token, "total": total})
    try:
        step = int(request.POST.get("step", ""))
    except ValueError:
        raise BadRequest("no step") from None
    if not 0 <= step <= total:
        raise BadRequest("step out of range")
    carried = _carried(request, screens)
    action = request.POST.get("action", "next")
    error = ""
    if step < total and action in ("next", "skip", "back"):
        administration, item = screens[step]
        key = _key(administration, item)
        value = request.POST.get("answer", "")
        if action == "skip":
            carried.pop(key, None)
        elif value:
            if not any(str(o["value"]) == value for o in definitions.item_options(
                    administration.instrument.definition, item)):
                error = words["bad_answer"]
            else:
                carried[key] = value
    if action == "send" and step == total:
        by_administration = {}
        for administration, item in screens:
            raw = carried.get(_key(administration, item))
            by_administration.setdefault(administration.pk, {})[str(item["id"])] = raw
        try:
            services.submit_self_completion(token=token, answers_by_administration={
                pk: services.clean_answers(
                    next(a for a, _i in screens if a.pk == pk).instrument, raw)
                for pk, raw in by_administration.items()})
        except services.LinkRefused as refused:
            return _refused(request, refused.reason, refused.language)
        except services.AlreadyCompleted:
            return _refused(request, "used", language)
        return redirect("outcomes:q_thanks", language=language)
    if error:
        next_step = step
    elif action == "back":
        next_step = max(0, step - 1) if step > 0 else 0
    elif action == "start":
        next_step = 0
    else:
        next_step = min(total, step + 1)
    context = {"t": words, "lang": language, "token": token, "total": total,
               "step": next_step, "carried": carried, "error": error}
    if next_step == total:
        context["answered"] = words["answered"].format(n=len(carried), total=total)
        return render(request, "outcomes/q_review.html", context)
    administration, item = screens[next_step]
    data = administration.instrument.definition
    current = carried.get(_key(administration, item), "")
    context.update({
        "progress": words["progress"].format(n=next_step + 1, total=total),
        "instrument_title": administration.instrument.title(language),
        "preamble": (data.get("preamble") or {}).get(language, ""),
        "question": definitions.item_text(data, item, language),
        "options": [(str(o["value"]), definitions.option_label(o, language))
                    for o in definitions.item_options(data, item)],
        "current": current,
        "hidden": {k: v for k, v in carried.items() if k != _key(administration, item)},
    })
    return render(request, "outcomes/q_screen.html", context)


@login_not_required
def q_thanks(request, language):
    if language not in definitions.LANGUAGES:
        raise Http404
    return render(request, "outcomes/q_thanks.html", {
        "t": ui_texts.texts(language), "lang": language})
