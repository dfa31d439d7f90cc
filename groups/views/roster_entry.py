"""Entering a roster several people at a time (paste, XLSX/CSV import with preview), and the
confirmation of seats of ASN from another unit by an operator of that unit."""

import csv
import io

import openpyxl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from openpyxl.styles import Font

from core import exports, imports, permissions
from core.imports import Outcome
from core.unit_forms import ImportUploadForm
from groups import services
from groups.forms import RosterPasteForm, SeatDecisionForm
from groups.models import GroupYear, ProgrammeYear, SeatConfirmation
from groups.permissions import get_group_for_user, get_seat_for_confirmation
from groups.roster_rows import (
    ROSTER_COLUMN_HELP,
    ROSTER_COLUMNS,
    ROSTER_REQUIRED,
    paste_rows,
    plan_roster_rows,
    plan_roster_table,
)
from groups.tables import SEATS, seats_awaiting
from groups.views.groups import render_roster

PAGE_SIZE = 50


def _programme_year(year: int) -> ProgrammeYear:
    return get_object_or_404(ProgrammeYear, year=year)


def _done_message(counts: dict) -> str:
    return _("Roster saved: %(new)d added, %(changed)d changed, %(unchanged)d unchanged.") % {
        "new": counts[Outcome.NEW],
        "changed": counts[Outcome.CHANGED],
        "unchanged": counts[Outcome.UNCHANGED],
    }


# --- paste --------------------------------------------------------------------------------


@login_required
@require_POST
def roster_paste(request, group_uuid, year: int):
    group = get_group_for_user(request.user, group_uuid, write=True)
    programme_year = _programme_year(year)
    form = RosterPasteForm(request.POST)
    plan = None
    if form.is_valid():
        rows, too_many = paste_rows(form.cleaned_data["rows"])
        if not rows:
            form.add_error("rows", _("Paste at least one row: NIP, name, position, role."))
        else:
            plan = plan_roster_rows(
                rows=rows, group=group, programme_year=programme_year, user=request.user, too_many=too_many
            )
            if plan.is_valid:
                try:
                    counts = services.roster_rows_apply(
                        plan=plan, group=group, programme_year=programme_year, by=request.user, source="paste"
                    )
                except IntegrityError:
                    form.add_error(
                        "rows",
                        _(
                            "Nothing has been saved: the roster changed at the same time. Send the rows again."
                        ),
                    )
                else:
                    messages.success(request, _done_message(counts))
                    return redirect("groups-roster", group.uuid, programme_year.year)
            else:
                form.add_error("rows", _("Some rows have errors. Nothing has been saved."))
    group_year = GroupYear.objects.filter(group=group, programme_year=programme_year).first()
    return render_roster(request, group, programme_year, group_year, paste_form=form, paste_plan=plan)


# --- import from XLSX/CSV -----------------------------------------------------------------


def _session_key(group, year: int) -> str:
    return f"groups-roster-import-{group.uuid}-{year}"


def _discard_pending(request, key: str) -> None:
    pending = request.session.pop(key, None)
    if pending:
        imports.stash_delete(pending.get("file"))


def _pending_plan(request, group, programme_year):
    """(plan, file name) of the upload waiting in the session, or (None, "")."""
    key = _session_key(group, programme_year.year)
    pending = request.session.get(key)
    if not pending:
        return None, ""
    data = imports.stash_read(pending.get("file"))
    if data is None:
        _discard_pending(request, key)
        return None, ""
    try:
        table = imports.read_table(data, columns=ROSTER_COLUMNS, required=ROSTER_REQUIRED)
    except imports.FileRejected:
        _discard_pending(request, key)
        return None, ""
    plan = plan_roster_table(table=table, group=group, programme_year=programme_year, user=request.user)
    return plan, pending.get("filename", "")


@login_required
def roster_import(request, group_uuid, year: int):
    group = get_group_for_user(request.user, group_uuid, write=True)
    programme_year = _programme_year(year)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, columns=ROSTER_COLUMNS, required=ROSTER_REQUIRED
    )
    if request.method == "POST" and form.is_valid():
        key = _session_key(group, year)
        _discard_pending(request, key)
        name = imports.stash_save(data=form.data_bytes, file_format=form.table.format)
        request.session[key] = {"file": name, "filename": form.cleaned_data["file"].name}
        return redirect("groups-roster-import-preview", group.uuid, year)
    return render(
        request,
        "groups/roster_import.html",
        {
            "form": form,
            "group": group,
            "programme_year": programme_year,
            "roster_columns": ROSTER_COLUMN_HELP,
            "template_url": reverse("groups-roster-import-template", args=[group.uuid, programme_year.year]),
        },
    )


@login_required
@require_safe
def roster_import_preview(request, group_uuid, year: int):
    group = get_group_for_user(request.user, group_uuid, write=True)
    programme_year = _programme_year(year)
    plan, filename = _pending_plan(request, group, programme_year)
    return render(
        request,
        "groups/roster_import_preview.html",
        {
            "plan": plan,
            "filename": filename,
            "group": group,
            "programme_year": programme_year,
            "upload_url": reverse("groups-roster-import", args=[group.uuid, programme_year.year]),
        },
    )


@login_required
@require_POST
def roster_import_confirm(request, group_uuid, year: int):
    group = get_group_for_user(request.user, group_uuid, write=True)
    programme_year = _programme_year(year)
    plan, _filename = _pending_plan(request, group, programme_year)
    if plan is None:
        messages.error(request, _("There is no uploaded file waiting to be imported. Upload it again."))
        return redirect("groups-roster-import", group.uuid, year)
    if not plan.is_valid:
        messages.error(request, _("Some rows have errors. Nothing has been saved."))
        return redirect("groups-roster-import-preview", group.uuid, year)
    if request.POST.get("fingerprint") != plan.fingerprint:
        messages.error(
            request,
            _(
                "The data in the portal changed since you checked the preview. "
                "Check the rows again, then confirm."
            ),
        )
        return redirect("groups-roster-import-preview", group.uuid, year)
    try:
        counts = services.roster_rows_apply(
            plan=plan, group=group, programme_year=programme_year, by=request.user, source="import"
        )
    except IntegrityError:
        messages.error(
            request,
            _(
                "Nothing has been saved: the data changed at the same time. Check the rows again, then confirm."
            ),
        )
        return redirect("groups-roster-import-preview", group.uuid, year)
    _discard_pending(request, _session_key(group, year))
    messages.success(request, _done_message(counts))
    return redirect("groups-roster", group.uuid, year)


EXAMPLE_ROWS = [
    ["198503302010011001", "Budi Santoso", "Perawat Ahli Muda", "Ketua"],
    ["199001152015032002", "Siti Aminah", "Bidan Terampil", "Sekretaris"],
]


@login_required
@require_safe
def roster_import_template(request, group_uuid, year: int):
    get_group_for_user(request.user, group_uuid, write=True)
    rows = [list(ROSTER_COLUMNS), *EXAMPLE_ROWS]
    stem = "template-import-anggota"
    if request.GET.get("format") == "csv":
        buffer = io.StringIO()
        # Semicolons: what a spreadsheet set to Indonesian (decimal comma) expects.
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "anggota"
    for values in rows:
        sheet.append(values)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(
            12, *(len(str(cell.value or "")) + 2 for cell in column)
        )
        for cell in column:
            cell.number_format = "@"  # text: an 18-digit NIP is kept exactly as typed
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


# --- confirming seats of ASN from another unit --------------------------------------------


@login_required
@require_safe
def seat_list(request):
    permissions.require_group_manager(request.user)
    seats = seats_awaiting(request.user)
    if response := exports.export_or_none(request, SEATS, seats):
        return response
    page = Paginator(seats, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "groups/seat_list.html", {"page": page, "export": exports.offer(SEATS, page.paginator.count)}
    )


@login_required
@require_POST
def seat_decide(request, group_uuid, year: int, person_uuid):
    seat = get_seat_for_confirmation(request.user, group_uuid, year, person_uuid)
    form = SeatDecisionForm(request.POST)
    values = {"name": seat.person.name, "group": seat.group_year.group.name, "year": year}
    if not form.is_valid():
        messages.error(request, _("Choose to confirm or to decline the seat."))
    elif seat.confirmation != SeatConfirmation.PENDING:
        messages.info(
            request,
            _("The seat of %(name)s in %(group)s (%(year)d) was already decided: %(state)s.")
            % {**values, "state": seat.get_confirmation_display().lower()},
        )
    elif form.cleaned_data["decision"] == SeatDecisionForm.CONFIRM:
        services.roster_seat_decide(member=seat, by=request.user, confirm=True)
        messages.success(request, _("The seat of %(name)s in %(group)s (%(year)d) is confirmed.") % values)
    else:
        services.roster_seat_decide(member=seat, by=request.user, confirm=False)
        messages.success(request, _("The seat of %(name)s in %(group)s (%(year)d) is declined.") % values)
    return redirect("groups-seat-list")
