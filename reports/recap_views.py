"""The Reports page (Laporan): make the yearly recap of a unit, at once or in the background, and
"My exports", the user's background exports with their progress and their files."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import audit, permissions
from core.models import AuditAction
from core.spreadsheets import XLSX_CONTENT_TYPE
from core.uploads import file_response
from groups.models import ProgrammeYear
from reports import export_jobs
from reports.forms import RecapForm
from reports.recap import recap_filename, runs_in_background, write_recap

MY_EXPORTS = 20  # the newest shown on the page; older ones have expired long ago
CONTENT_TYPES = {
    ".xlsx": XLSX_CONTENT_TYPE,
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}


def _initial(request) -> dict:
    """The current year, or the year and unit a link (from the dashboard) chose:
    ``?year=2025&unit=<uuid>``. The year is None when no programme year exists."""
    initial = {"year": ProgrammeYear.current()}
    if initial["year"] is not None and request.GET.get("year"):
        initial["year"] = request.GET["year"]
    if request.GET.get("unit"):
        initial["unit"] = request.GET["unit"]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def recap(request):
    permissions.require_any_role(request.user)
    if request.method == "POST":
        form = RecapForm(request.POST, user=request.user)
        if form.is_valid():
            year, unit = form.cleaned_data["year"], form.cleaned_data["unit"]
            if runs_in_background(year, unit):
                return _start_in_background(request, year, unit, notify=form.cleaned_data["notify"])
            return _recap_file(request, year, unit)
        has_years = ProgrammeYear.objects.exists()
    else:
        initial = _initial(request)
        form = RecapForm(initial=initial, user=request.user)
        has_years = initial["year"] is not None
    return render(
        request,
        "reports/recap.html",
        {
            "form": form,
            "has_years": has_years,
            "has_units": form.has_units,
            "jobs": export_jobs.with_labels(export_jobs.exports_of(request.user)[:MY_EXPORTS]),
            "documents_url": reverse("reports-documents"),
        },
    )


def _start_in_background(request, year, unit, *, notify: bool):
    job = export_jobs.start_export(
        user=request.user,
        kind=export_jobs.RECAP_XLSX,
        parameters=export_jobs.recap_parameters(year=year, unit=unit, notify=notify),
        unit=unit,
        request=request,
    )
    messages.info(
        request,
        _(
            "The yearly recap of %(unit)s for %(year)s is being made in the background. "
            "It appears under “My exports” when it is ready."
        )
        % {"unit": unit.name, "year": year.year},
    )
    return redirect(f"{reverse('reports-recap')}#ekspor-{job.uuid}")


def _recap_file(request, year, unit) -> FileResponse:
    """A small recap, built at once and sent as the response."""
    filename = recap_filename(year, unit)
    # Not a "with": the response streams the file and closes it when it is sent.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        rows = write_recap(year=year, unit=unit, output=output, made_by=export_jobs.user_name(request.user))
    except BaseException:
        output.close()
        raise
    output.seek(0)
    audit.record(
        action=AuditAction.EXPORT,
        actor=request.user,
        target=f"{export_jobs.KINDS[export_jobs.RECAP_XLSX].label}: {filename}",
        unit=unit,
        request=request,
        delivery="direct",
        format="xlsx",
        rows=rows,
        programme_year=year.year,
    )
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


@login_required
@require_safe
def export_status(request, job):
    """The htmx partial of one export: it polls itself every 2 s until the export is done.
    Opened as a page (not by htmx), it is the export in the Reports page's list."""
    job = export_jobs.get_export_for_user(request.user, job)
    if not request.headers.get("HX-Request"):
        return redirect(f"{reverse('reports-recap')}#ekspor-{job.uuid}")
    [job] = export_jobs.with_labels([job])
    return render(request, "reports/recap.html#export-job", {"job": job, "polled": True})


@login_required
@require_safe
def export_download(request, job):
    job = export_jobs.get_export_for_user(request.user, job)
    if not job.is_downloadable:
        raise Http404  # still being made, failed, or expired: the list says which
    audit.record(
        action=AuditAction.EXPORT,
        actor=request.user,
        target=f"{export_jobs.label_of(job)}: {job.file_name}",
        unit=job.unit,
        request=request,
        delivery="download",
        export_job=str(job.uuid),
    )
    stem = job.file_name.rsplit(".", 1)[0]
    return file_response(job.file, download_name=stem, as_attachment=True, content_types=CONTENT_TYPES)
