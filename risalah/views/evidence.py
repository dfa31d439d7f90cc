"""A risalah's meetings, schedule and attachments: the evidence behind its front matter."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from core import uploads
from groups.models import GroupYear
from risalah import evidence_services as services
from risalah.charts import safe_svg
from risalah.evidence_files import CONTENT_TYPES, KIND_ORDER
from risalah.evidence_forms import AttachmentForm, MeetingForm, ScheduleForm, format_weeks
from risalah.evidence_services import schedule_svg
from risalah.figures import meeting_figures
from risalah.kept_input import login_keeping_input, take_kept_input
from risalah.models import Attachment, Evidence, Meeting, Risalah, RisalahStep
from risalah.permissions import can_write_risalah, get_risalah_for_user


def _may_write(user, risalah: Risalah) -> bool:
    return risalah.is_editable and can_write_risalah(user, risalah)


def _steps(risalah: Risalah) -> list[RisalahStep]:
    """The risalah's steps in method order. One query."""
    return list(risalah.steps.select_related("method_step").order_by("method_step__number"))


# --- meetings -----------------------------------------------------------------------------


def meetings_for_list(risalah: Risalah):
    """Meetings with their attendees and evidence, in date order. Three queries."""
    return (
        risalah.meetings.annotate(present_count=Count("attendees", distinct=True))
        .prefetch_related(
            Prefetch("attendees"),
            Prefetch("attachments", queryset=Attachment.objects.order_by("kind", "uploaded_at")),
        )
        .order_by("date", "created_at")
    )


@login_required
@require_safe
def meeting_list(request, uuid):
    risalah = get_risalah_for_user(request.user, uuid)
    meetings = list(meetings_for_list(risalah))
    return render(
        request,
        "risalah/evidence/meetings.html",
        {
            "risalah": risalah,
            "meetings": meetings,
            "figures": meeting_figures(risalah),
            "can_write": _may_write(request.user, risalah),
        },
    )


def _meeting_form_page(request, risalah: Risalah, meeting: Meeting | None):
    if request.method == "POST":
        form = MeetingForm(request.POST, request.FILES, instance=meeting, risalah=risalah)
        if form.is_valid():
            data = form.cleaned_data
            saved = services.meeting_save(
                risalah=risalah,
                meeting=meeting,
                by=request.user,
                date=data["date"],
                duration_minutes=data["duration_minutes"],
                agenda=data["agenda"],
                notulen=data["notulen"],
                attendees=data["attendees"],
                photos=data["photos"],
                daftar_hadir=data["daftar_hadir"],
            )
            messages.success(
                request,
                _("The meeting of %(date)s was saved.") % {"date": formats.date_format(saved.date)},
            )
            return redirect("risalah-meetings", risalah.uuid)
        messages.error(request, _("The meeting was not saved: correct the fields marked in red."))
    else:
        # The risalah was fetched for writing: whoever gets here may have the kept input back.
        form = MeetingForm(take_kept_input(request), instance=meeting, risalah=risalah)
    attachments = list(meeting.attachments.order_by("kind", "uploaded_at")) if meeting else []
    return render(
        request,
        "risalah/evidence/meeting_form.html",
        {
            "risalah": risalah,
            "meeting": meeting,
            "form": form,
            "attachments": attachments,
            "roster_empty": not form.fields["attendees"].queryset.exists(),
        },
    )


@login_keeping_input
def meeting_create(request, uuid):
    risalah = get_risalah_for_user(request.user, uuid, write=True)
    return _meeting_form_page(request, risalah, None)


@login_keeping_input
def meeting_edit(request, uuid, meeting):
    risalah = get_risalah_for_user(request.user, uuid, write=True)
    return _meeting_form_page(request, risalah, get_object_or_404(Meeting, risalah=risalah, uuid=meeting))


@login_required
def meeting_delete(request, uuid, meeting):
    risalah = get_risalah_for_user(request.user, uuid, write=True)
    meeting = get_object_or_404(Meeting, risalah=risalah, uuid=meeting)
    if request.method == "POST":
        services.meeting_delete(meeting=meeting)
        messages.success(
            request, _("The meeting of %(date)s was deleted.") % {"date": formats.date_format(meeting.date)}
        )
        return redirect("risalah-meetings", risalah.uuid)
    return render(
        request,
        "risalah/evidence/meeting_delete.html",
        {"risalah": risalah, "meeting": meeting, "attachment_count": meeting.attachments.count()},
    )


# --- schedule -----------------------------------------------------------------------------


@login_required
def schedule(request, uuid):
    risalah = get_risalah_for_user(request.user, uuid, write=request.method == "POST")
    steps = _steps(risalah)
    can_write = _may_write(request.user, risalah)
    form = None
    if request.method == "POST":
        form = ScheduleForm(request.POST, risalah=risalah, steps=steps)
        if form.is_valid():
            services.schedule_save(
                risalah=risalah,
                by=request.user,
                start=form.cleaned_data["schedule_start"],
                weeks=form.cleaned_data["schedule_weeks"],
                weeks_by_step=form.weeks_by_step(),
            )
            messages.success(request, _("The schedule was saved."))
            return redirect("risalah-schedule", risalah.uuid)
        messages.error(request, _("The schedule was not saved: correct the fields marked in red."))
    elif can_write:
        form = ScheduleForm(risalah=risalah, steps=steps)
    return render(
        request,
        "risalah/evidence/schedule.html",
        {
            "risalah": risalah,
            "week_rows": [
                (step, format_weeks(step.planned_weeks), format_weeks(step.actual_weeks)) for step in steps
            ],
            "form": form,
            "chart": safe_svg(schedule_svg(risalah, steps)),
            "can_write": can_write,
        },
    )


# --- attachments --------------------------------------------------------------------------


def attachments_for_list(risalah: Risalah):
    """The risalah's attachments with their step and meeting. One query."""
    return risalah.attachments.select_related("step__method_step", "meeting").order_by("uploaded_at", "pk")


def grouped_attachments(attachments) -> list[tuple[str, str, list[Attachment]]]:
    """[(kind, label, attachments)] in the risalah's order of evidence, every kind listed."""
    by_kind: dict[str, list[Attachment]] = {kind: [] for kind in KIND_ORDER}
    for attachment in attachments:
        by_kind.setdefault(attachment.kind, []).append(attachment)
    return [(kind, Evidence(kind).label, by_kind[kind]) for kind in KIND_ORDER]


def group_year_of(risalah: Risalah) -> GroupYear | None:
    """The group's SK and roster record for the risalah's year. One query."""
    return GroupYear.objects.filter(
        group_id=risalah.group_id, programme_year_id=risalah.programme_year_id
    ).first()


@login_required
@require_safe
def attachment_list(request, uuid):
    risalah = get_risalah_for_user(request.user, uuid)
    return render(
        request,
        "risalah/evidence/attachments.html",
        {
            "risalah": risalah,
            "groups": grouped_attachments(attachments_for_list(risalah)),
            "group_year": group_year_of(risalah),
            "can_write": _may_write(request.user, risalah),
        },
    )


@login_required
def attachment_upload(request, uuid):
    risalah = get_risalah_for_user(request.user, uuid, write=True)
    steps = _steps(risalah)
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES, risalah=risalah, steps=steps)
        if form.is_valid():
            data = form.cleaned_data
            added = services.attachments_add(
                risalah=risalah,
                kind=data["kind"],
                files=data["file"],
                by=request.user,
                caption=data["caption"],
                step=data["step"],
                meeting=data["meeting"],
            )
            if len(added) == 1:
                message = _("“%(name)s” was added to the attachments.") % {"name": added[0].original_name}
            else:
                message = ngettext(
                    "%(count)d file was added to the attachments.",
                    "%(count)d files were added to the attachments.",
                    len(added),
                ) % {"count": len(added)}
            messages.success(request, message)
            return redirect("risalah-attachments", risalah.uuid)
        messages.error(request, _("Nothing was added: see the message beside the field."))
    else:
        initial = {}
        if request.GET.get("kind") in Evidence.values:
            initial["kind"] = request.GET["kind"]
        form = AttachmentForm(initial=initial, risalah=risalah, steps=steps)
    return render(request, "risalah/evidence/attachment_form.html", {"risalah": risalah, "form": form})


def _attachment(risalah: Risalah, attachment_uuid) -> Attachment:
    return get_object_or_404(Attachment, risalah=risalah, uuid=attachment_uuid)


def _serve(field_file, *, download_name: str, as_attachment: bool) -> FileResponse:
    """Stream a stored evidence file (images, PDF, and raw data as XLSX or CSV) after the view checked access."""
    return uploads.file_response(
        field_file, download_name=download_name, as_attachment=as_attachment, content_types=CONTENT_TYPES
    )


def _download_name(attachment: Attachment) -> str:
    stem = Path(attachment.original_name).stem if attachment.original_name else ""
    return attachment.caption or stem or attachment.get_kind_display()


@login_required
@require_safe
def attachment_file(request, uuid, attachment):
    risalah = get_risalah_for_user(request.user, uuid)
    attachment = _attachment(risalah, attachment)
    # Images and PDFs open in the browser; spreadsheets and CSV files are always downloaded.
    inline = attachment.content_type.startswith(("image/", "application/pdf"))
    return _serve(attachment.file, download_name=_download_name(attachment), as_attachment=not inline)


@login_required
@require_safe
def attachment_thumb(request, uuid, attachment):
    risalah = get_risalah_for_user(request.user, uuid)
    attachment = _attachment(risalah, attachment)
    return _serve(attachment.thumbnail, download_name=_download_name(attachment), as_attachment=False)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_POST
def attachment_delete(request, uuid, attachment):
    risalah = get_risalah_for_user(request.user, uuid, write=True)
    attachment = _attachment(risalah, attachment)
    name = str(attachment)
    services.attachment_delete(attachment=attachment)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
    return redirect(_safe_next(request, reverse("risalah-attachments", args=[risalah.uuid])))
