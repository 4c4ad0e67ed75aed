from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services, tasks
from .forms import ReportForm
from .render import CONTENT_TYPES
from .report import may_generate


def _coordinator(request):
    if not may_generate(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def index(request):
    _coordinator(request)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        job = services.request_report(actor=request.user, **form.cleaned_data)
        tasks.queue_job(job)
        return redirect("reports:job", pk=job.pk)
    return render(request, "reports/index.html", {
        "form": form, "jobs": selectors.my_jobs(actor=request.user)})


@require_GET
def job(request, pk):
    _coordinator(request)
    job = selectors.my_job(actor=request.user, pk=pk)
    context = {"job": job, "expired": job.expires_at and job.expires_at <= timezone.now()}
    if request.headers.get("HX-Request"):
        return render(request, "reports/_job_status.html", context)
    return render(request, "reports/job.html", context)


@require_GET
def download(request, pk):
    _coordinator(request)
    job = selectors.my_job(actor=request.user, pk=pk)
    try:
        data = services.report_file(actor=request.user, job=job)
    except PermissionDenied as exc:
        raise Http404 from exc
    response = HttpResponse(data, content_type=CONTENT_TYPES[job.format])
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "no-store"
    return response
