"""HTTP only: parse, call a selector or a service, render. Access is decided in selectors
(reintegra.plans.access); a client, plan or goal the actor may not plan for is a 404."""

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from reintegra.core.forms import apply_service_errors
from reintegra.core.grammar import for_person
from reintegra.core.pagination import paginate

from . import choices as c
from . import recommendations as recommendation_reads
from . import selectors, services
from .forms import (
    AddToPlanForm,
    AssessmentForm,
    ChallengeForm,
    EnrolForm,
    GoalForm,
    PlanForm,
    ReviewForm,
    goal_choices,
    language_formset,
)

HISTORY_COLUMNS = 6  # assessments side by side in the history table

# --- Needs assessment ---------------------------------------------------------------


def assessment(request, client_pk):
    client = selectors.client_for_plans(actor=request.user, pk=client_pk,
                                        count_assessments=True)
    latest = selectors.latest_assessment(actor=request.user, client=client)
    page = paginate(request, selectors.assessment_history(actor=request.user, client=client),
                    per_page=HISTORY_COLUMNS)
    return render(request, "plans/assessment.html", {
        "client": client, "view": latest, "page": page,
        "history": selectors.history_matrix(page.object_list),
        "scale": c.NeedRating.choices, "scale_note": c.NEED_SCALE_NOTE,
    })


def assessment_detail(request, pk):
    view = selectors.assessment_detail(actor=request.user, pk=pk)
    return render(request, "plans/assessment_detail.html", {
        "client": view.assessment.client, "view": view,
    })


@require_http_methods(["GET", "POST"])
def assessment_new(request, client_pk):
    client = selectors.client_for_plans(actor=request.user, pk=client_pk)
    latest = selectors.latest_assessment(actor=request.user, client=client)
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(data, client=client,
                          initial=AssessmentForm.initial_from(latest) if latest else None)
    languages = language_formset(data, latest=latest, client=client)
    if data is not None and form.is_valid() & languages.is_valid():
        try:
            services.record_assessment(actor=request.user, client=client,
                                       data=form.data_for(languages.languages()))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Assessment saved."))
            return redirect("plans:assessment", client_pk=client.pk)
    return render(request, "plans/assessment_form.html", {
        "client": client, "form": form, "languages": languages, "latest": latest,
        "scale": c.NeedRating.choices, "scale_note": c.NEED_SCALE_NOTE,
        "day_parts": list(c.DayPart),
    })


# --- Support plans -------------------------------------------------------------------


def _form_page(request, form, *, client, title, back, intro=None, submit=None):
    return render(request, "plans/form.html", {
        "form": form, "client": client, "title": title, "back": back, "intro": intro,
        "submit": submit or _("Save"),
    })


@require_http_methods(["GET", "POST"])
def plan_create(request, client_pk):
    client = selectors.client_for_plans(actor=request.user, pk=client_pk)
    form = PlanForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Support plan created. Now add its goals."))
            return redirect("plans:plan", pk=plan.pk)
    return _form_page(request, form, client=client, title=_("New support plan"),
                      back=("clients:detail", client.pk))


def plan_detail(request, pk):
    view = selectors.plan_detail(actor=request.user, pk=pk)
    return render(request, "plans/plan.html", {
        "view": view, "plan": view.plan, "client": view.plan.client,
    })


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = selectors.get_plan(actor=request.user, pk=pk)
    form = PlanForm(request.POST or None, client=plan.client,
                    initial=selectors.plan_form_initial(plan, actor=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("plans:plan", pk=plan.pk)
    return _form_page(request, form, client=plan.client, title=_("Edit the support plan"),
                      back=("plans:plan", plan.pk))


@require_http_methods(["GET", "POST"])
def goal_create(request, plan_pk):
    plan = selectors.get_plan(actor=request.user, pk=plan_pk)
    form = GoalForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        services.add_goal(actor=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("Goal added."))
        return redirect("plans:plan", pk=plan.pk)
    return _form_page(request, form, client=plan.client, title=_("Add a goal"),
                      back=("plans:plan", plan.pk))


@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    goal = selectors.get_goal(actor=request.user, pk=pk)
    form = GoalForm(request.POST or None, plan=goal.plan, goal=goal,
                    initial=selectors.goal_form_initial(goal, actor=request.user))
    if request.method == "POST" and form.is_valid():
        services.update_goal(actor=request.user, goal=goal, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("plans:plan", pk=goal.plan_id)
    return _form_page(request, form, client=goal.plan.client, title=_("Edit the goal"),
                      back=("plans:plan", goal.plan_id))


@require_http_methods(["GET", "POST"])
def goal_review(request, pk):
    goal = selectors.get_goal(actor=request.user, pk=pk)
    form = ReviewForm(request.POST or None, goal=goal)
    if request.method == "POST" and form.is_valid():
        services.review_goal(actor=request.user, goal=goal, **form.cleaned_data)
        messages.success(request, _("Review saved."))
        return redirect("plans:plan", pk=goal.plan_id)
    intro = [(_("Goal"), selectors.goal_form_initial(goal, actor=request.user)["description"]),
             (_("Domain"), goal.get_domain_display())]
    return _form_page(request, form, client=goal.plan.client, title=_("Review the goal"),
                      back=("plans:plan", goal.plan_id), intro=intro)


@require_http_methods(["GET", "POST"])
def challenge_create(request, plan_pk):
    plan = selectors.get_plan(actor=request.user, pk=plan_pk)
    goal_views = selectors.plan_goals(actor=request.user, plan=plan)
    form = ChallengeForm(request.POST or None, plan=plan, goal_views=goal_views)
    if request.method == "POST" and form.is_valid():
        services.record_challenge(actor=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("Challenge recorded."))
        return redirect("plans:plan", pk=plan.pk)
    return _form_page(request, form, client=plan.client, title=_("Record a challenge"),
                      back=("plans:plan", plan.pk),
                      intro=[(_("Why"), _("Challenges are counted, without names, in the "
                                          "programme's analytical report."))])


# --- Recommendations: a person decides -------------------------------------------------


def recommendations(request, client_pk):
    rec = recommendation_reads.recommendations(actor=request.user, client_pk=client_pk)
    return render(request, "plans/recommendations.html", {
        "client": rec.client, "rec": rec, "page": paginate(request, rec.choices),
        "may_enrol": rec.may_enrol, "goal_choices": goal_choices(rec.goals),
    })


def _int_or_400(form):
    if not form.is_valid():
        raise BadRequest("malformed form")
    return form.cleaned_data


@require_POST
def add_to_plan(request, client_pk):
    client = selectors.client_for_plans(actor=request.user, pk=client_pk)
    goals = selectors.open_goals(actor=request.user, client=client)
    data = _int_or_400(AddToPlanForm(request.POST, goal_views=goals))
    goal = next((g.goal for g in goals if g.goal.pk == data["goal"]), None)
    if goal is None:
        raise Http404("no such open goal")
    activity = recommendation_reads.activity_for(client=client, pk=data["activity"])
    added = services.add_activity_to_goal(actor=request.user, goal=goal, activity=activity)
    if added:
        messages.success(request, _("Activity added to the goal."))
    else:
        messages.info(request, _("This activity was already chosen for that goal."))
    return redirect("plans:recommendations", client_pk=client.pk)


@require_POST
def enrol(request, client_pk):
    """Calls the programme's enrol_client: the same rules and refusals as enrolling from
    the programme's pages. Warnings and a full offering ask the person to confirm."""
    from reintegra.programme import services as programme
    from reintegra.programme.access import may_enrol
    from reintegra.programme.models import EnrolmentStatus

    client = selectors.client_for_plans(actor=request.user, pk=client_pk)
    if not may_enrol(request.user, client):
        raise PermissionDenied
    data = _int_or_400(EnrolForm(request.POST))
    offering = recommendation_reads.offering_for(actor=request.user, client=client,
                                                 pk=data["offering"])
    context = {"client": client, "offering": offering, "warnings": [], "errors": [],
               "full": False}
    try:
        enrolment = programme.enrol_client(
            actor=request.user, client=client, offering=offering,
            acknowledge_warnings=data["acknowledge_warnings"],
            join_waiting_list=data["join_waiting_list"],
        )
    except programme.NeedsAcknowledgement as error:
        context["warnings"] = error.warnings
    except programme.OfferingFull as error:
        context["full"], context["errors"] = True, error.messages
    except programme.ProgrammeError as error:
        context["errors"] = error.messages
    else:
        if enrolment.status == EnrolmentStatus.WAITING:
            messages.success(request, _("%(code)s is number %(n)s on the waiting list.")
                             % {"code": client.code, "n": enrolment.waiting_position})
        else:
            messages.success(request, for_person(
                client.gender, unknown=_("%(code)s is enrolled."),
                feminine=pgettext("feminine", "%(code)s is enrolled."),
                masculine=pgettext("masculine", "%(code)s is enrolled.")) % {"code": client.code})
        return redirect("plans:recommendations", client_pk=client.pk)
    context["acknowledged"] = data["acknowledge_warnings"]
    return render(request, "plans/enrol_confirm.html", context)
