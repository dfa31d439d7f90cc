"""The documents page: the bureau picks a year and a unit and downloads the yearly recap (PDF),
each OPD's evaluation letter (PDF, with the notes typed on its page) and evidence pack (ZIP); an
operator or pimpinan downloads the letter and the evidence pack of their own units.

The page's buttons post to :func:`document_export`: a small unit's file is built at once by the
plain builders (``build_*(year, unit)``) and sent as the response; that of a whole Pemda or of a
unit with more groups than ``settings.EXPORT_DIRECT_MAX_GROUPS`` (the rule of the Reports page's
recap, :func:`reports.recap.runs_in_background`), and the bureau's files of every unit under the
chosen one, are made by the task worker (:mod:`reports.document_jobs`) and appear under "My
exports" on the Reports page (with an e-mail when it is ready, if the user ticks the box). Every
file is written to the audit log as an export. The GET addresses of the files build them at once
for a small unit (the letter's page links to its PDF); those of a big one lead back to the page's
buttons, and the letter page's "save and download" of a big unit starts the background job.
"""

import uuid
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import audit, permissions
from core.models import AuditAction, Unit
from groups.models import ProgrammeYear
from reports import document_jobs, export_jobs
from reports.dashboard import default_scope
from reports.document_forms import DocumentExportForm, DocumentsForm, LetterNoteForm, SignatoryForm
from reports.document_services import letter_note_save, signatory_save
from reports.documents import (
    EVIDENCE_ZIP,
    LETTER_PDF,
    PDF_CONTENT_TYPE,
    RECAP_PDF,
    ZIP_CONTENT_TYPE,
    document_labels,
    heading_for,
    is_pemda,
)
from reports.evidence import build_evidence_zip
from reports.letters import build_letter_pdf, letter_note
from reports.models import DocumentSignatory
from reports.permissions import get_document_unit_for_user, get_programme_year, is_bureau_for
from reports.recap import runs_in_background
from reports.recap_pdf import build_recap_pdf


class DocumentJob(NamedTuple):
    """A document the page's buttons start (by the last part of reports-document-export)."""

    kind: str  # of reports.export_jobs.KINDS
    bureau: bool  # the bureau's only (verifikator over the unit, admin)
    whole_government: bool  # a Pemda has one too
    always_background: bool  # every unit's files at once: always the worker


DOCUMENT_JOBS: dict[str, DocumentJob] = {
    "rekap": DocumentJob(RECAP_PDF, bureau=True, whole_government=True, always_background=False),
    "surat": DocumentJob(LETTER_PDF, bureau=False, whole_government=False, always_background=False),
    "bukti": DocumentJob(EVIDENCE_ZIP, bureau=False, whole_government=False, always_background=False),
    "surat-semua": DocumentJob(
        document_jobs.LETTERS_ZIP, bureau=True, whole_government=True, always_background=True
    ),
    "bukti-semua": DocumentJob(
        document_jobs.EVIDENCE_PACKS_ZIP, bureau=True, whole_government=True, always_background=True
    ),
}


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def offered_units(user, *, also=None):
    """The units the documents page offers: the user's highest units (an admin: every tree) and
    the units right under them, in tree order; and ``also`` (a unit's UUID, the one chosen by a
    link further down the tree) when the user reads it. Two queries."""
    scope = default_scope(user)
    if scope is None:
        return Unit.objects.none()
    condition = Q()
    for top in scope.tops:
        condition |= Q(pk=top.pk) | Q(path__startswith=top.path, depth=top.depth + 1)
    if (chosen := _uuid(also)) is not None:
        readable = permissions.unit_filter(user, prefix="")
        condition |= Q(uuid=chosen) & (readable if readable is not None else Q())
    return Unit.objects.filter(condition)


def default_year() -> ProgrammeYear | None:
    return ProgrammeYear.current() or ProgrammeYear.objects.order_by("-year").first()


def _links(year: ProgrammeYear, unit: Unit) -> dict[str, str]:
    kwargs = {"year": year.year, "unit": unit.uuid}

    def export(document: str) -> str:
        return reverse("reports-document-export", kwargs={**kwargs, "document": document})

    return {
        "letter": reverse("reports-letter", kwargs=kwargs),
        "letter_pdf": reverse("reports-letter-pdf", kwargs=kwargs),
        # The documents page's buttons (POST: a big unit's file starts a job).
        "recap_export": export("rekap"),
        "letter_export": export("surat"),
        "evidence_export": export("bukti"),
        "letters_export": export("surat-semua"),
        "packs_export": export("bukti-semua"),
    }


@login_required
@require_safe
def documents(request):
    permissions.require_any_role(request.user)
    units = offered_units(request.user, also=request.GET.get("unit"))
    form = DocumentsForm(request.GET or None, units=units)
    year = unit = None
    if form.is_bound:
        if form.is_valid():
            year = form.cleaned_data["year"] or default_year()
            unit = form.cleaned_data["unit"] or units.first()
    else:
        year, unit = default_year(), units.first()
        form.initial = {"year": year, "unit": unit}
    context = {"form": form, "year": year, "unit": unit}
    if year is None or unit is None:
        return render(request, "reports/documents.html", context)
    bureau = is_bureau_for(request.user, unit)
    children = [
        {
            "unit": child,
            "links": _links(year, child),
            "open_url": f"{reverse('reports-documents')}?year={year.year}&unit={child.uuid}",
        }
        for child in document_jobs.child_units(unit)
    ]
    heading = heading_for(unit)
    context.update(
        {
            "year": year,
            "unit": unit,
            "bureau": bureau,
            "is_pemda": is_pemda(unit),
            "links": _links(year, unit),
            "children": children,
            "heading": heading,
            "may_sign": permissions.can_manage_units(request.user, heading.pemda),
            "signatory_url": reverse("reports-signatory", kwargs={"unit": heading.pemda.uuid}),
            "exports_url": reverse("reports-recap"),
            "export_form": DocumentExportForm(),
        }
    )
    return render(request, "reports/documents.html", context)


def _to_the_button(request, year: ProgrammeYear, unit: Unit) -> HttpResponse:
    """A big unit's recap, letter or evidence pack asked for by its address (a GET builds nothing that
    long): back to the documents page, whose button makes it in the background."""
    messages.info(
        request,
        _("The documents of %(unit)s are made in the background: use the buttons below.")
        % {"unit": unit.name},
    )
    return redirect(f"{reverse('reports-documents')}?year={year.year}&unit={unit.uuid}")


def _no_whole_government(unit: Unit) -> None:
    """A letter and an evidence pack are an OPD's (or a sub-unit's): a Pemda has the recap."""
    if is_pemda(unit):
        raise Http404


def _record(request, *, kind: str, year: ProgrammeYear, unit: Unit, filename: str, size: int) -> None:
    audit.record(
        action=AuditAction.EXPORT,
        actor=request.user,
        target=f"{document_labels()[kind]}: {filename}",
        unit=unit,
        request=request,
        document=kind,
        year=year.year,
        bytes=size,
    )


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _pdf(request, data: bytes, *, kind: str, year: ProgrammeYear, unit: Unit, filename: str) -> HttpResponse:
    _record(request, kind=kind, year=year, unit=unit, filename=filename, size=len(data))
    response = HttpResponse(data, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


@login_required
@require_safe
def recap_pdf(request, year, unit):
    unit = get_document_unit_for_user(request.user, unit, bureau=True)
    year = get_programme_year(year)
    if runs_in_background(year, unit):
        return _to_the_button(request, year, unit)
    return _recap_response(request, year, unit)


def _recap_response(request, year: ProgrammeYear, unit: Unit) -> HttpResponse:
    data = build_recap_pdf(year, unit)
    filename = document_jobs.recap_pdf_name(year, unit)
    return _pdf(request, data, kind=RECAP_PDF, year=year, unit=unit, filename=filename)


@login_required
@require_safe
def letter_pdf(request, year, unit):
    unit = get_document_unit_for_user(request.user, unit, bureau=False)
    year = get_programme_year(year)
    _no_whole_government(unit)
    if runs_in_background(year, unit):
        return _to_the_button(request, year, unit)
    return _letter_response(request, year, unit)


def _letter_response(request, year: ProgrammeYear, unit: Unit) -> HttpResponse:
    data = build_letter_pdf(year, unit)
    filename = document_jobs.letter_pdf_name(year, unit)
    return _pdf(request, data, kind=LETTER_PDF, year=year, unit=unit, filename=filename)


@login_required
@require_safe
def evidence_zip(request, year, unit):
    unit = get_document_unit_for_user(request.user, unit, bureau=False)
    year = get_programme_year(year)
    _no_whole_government(unit)
    if runs_in_background(year, unit):
        return _to_the_button(request, year, unit)
    return _evidence_response(request, year, unit)


def _evidence_response(request, year: ProgrammeYear, unit: Unit) -> FileResponse:
    output = build_evidence_zip(year, unit)
    size = output.seek(0, 2)
    output.seek(0)
    filename = document_jobs.evidence_zip_name(year, unit)
    _record(request, kind=EVIDENCE_ZIP, year=year, unit=unit, filename=filename, size=size)
    response = FileResponse(output, as_attachment=True, filename=filename, content_type=ZIP_CONTENT_TYPE)
    return _private(response)


DIRECT = {RECAP_PDF: _recap_response, LETTER_PDF: _letter_response, EVIDENCE_ZIP: _evidence_response}


@login_required
@require_POST
def document_export(request, year, unit, document):
    """A button of the documents page: the file at once for a small unit, else a background job
    (the user is sent to it in "My exports" on the Reports page)."""
    if document not in DOCUMENT_JOBS:
        raise Http404
    kind, bureau, whole_government, always_background = DOCUMENT_JOBS[document]
    unit = get_document_unit_for_user(request.user, unit, bureau=bureau)
    year = get_programme_year(year)
    if not whole_government:
        _no_whole_government(unit)
    if always_background and not document_jobs.child_units(unit).exists():
        raise Http404  # no unit under it: the page offers no such button
    if not always_background and not runs_in_background(year, unit):
        return DIRECT[kind](request, year, unit)
    return _start_in_background(request, kind=kind, year=year, unit=unit)


def _start_in_background(request, *, kind: str, year: ProgrammeYear, unit: Unit) -> HttpResponse:
    """Start the document job (with the e-mail if the user asked for it) and go to "My exports"."""
    form = DocumentExportForm(request.POST)
    notify = form.is_valid() and form.cleaned_data["notify"]
    job = export_jobs.start_export(
        user=request.user,
        kind=kind,
        parameters=document_jobs.document_parameters(year=year, unit=unit, notify=notify),
        unit=unit,
        request=request,
        details={"document": kind},
    )
    messages.info(
        request,
        _(
            "%(document)s of %(unit)s for %(year)s is being prepared in the background. "
            "It appears under “My exports” when it is ready."
        )
        % {"document": export_jobs.label_of(job), "unit": unit.name, "year": year.year},
    )
    return redirect(f"{reverse('reports-recap')}#ekspor-{job.uuid}")


@login_required
@require_http_methods(["GET", "POST"])
def letter(request, year, unit):
    """The letter's page: the bureau types its notes, keeps them, and prints the letter."""
    unit = get_document_unit_for_user(request.user, unit, bureau=True)
    year = get_programme_year(year)
    _no_whole_government(unit)
    note = letter_note(year, unit)
    form = LetterNoteForm(request.POST or None, instance=note)
    links = _links(year, unit)
    if request.method == "POST" and form.is_valid():
        letter_note_save(
            year=year,
            unit=unit,
            number=form.cleaned_data["number"],
            text=form.cleaned_data["text"],
            by=request.user,
        )
        if "download" in request.POST:
            if runs_in_background(year, unit):
                # A big unit's letter takes too long for a request: the worker makes it.
                return _start_in_background(request, kind=LETTER_PDF, year=year, unit=unit)
            return redirect(links["letter_pdf"])
        messages.success(request, _("The notes are kept. They are printed in the letter."))
        return redirect(links["letter"])
    return render(
        request,
        "reports/letter.html",
        {
            "form": form,
            "note": note,
            "year": year,
            "unit": unit,
            "links": links,
            "documents_url": f"{reverse('reports-documents')}?year={year.year}&unit={unit.uuid}",
            "background": runs_in_background(year, unit),
            "export_form": DocumentExportForm(),
            "exports_url": reverse("reports-recap"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signatory(request, unit):
    """Who signs the documents of a Pemda (the head of its Bagian Organisasi)."""
    unit = get_document_unit_for_user(request.user, unit, bureau=True)
    if heading_for(unit).pemda.pk != unit.pk:
        raise Http404  # signatories are kept per Pemda
    current = DocumentSignatory.objects.filter(unit=unit).first()
    form = SignatoryForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        signatory_save(
            unit=unit, by=request.user, **{name: form.cleaned_data[name] for name in form.Meta.fields}
        )
        messages.success(request, _("The signatory is kept. The recap and the letters print it from now on."))
        return redirect("reports-signatory", unit=unit.uuid)
    return render(
        request,
        "reports/signatory.html",
        {
            "form": form,
            "unit": unit,
            "signatory": current,
            "documents_url": f"{reverse('reports-documents')}?unit={unit.uuid}",
        },
    )
