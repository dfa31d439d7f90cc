"""Writes to a risalah's meetings, schedule and attachments.

The step pages (risalah.services.step_save) write a step's tool data, narrative and version;
the schedule writes only the planned and actual weeks, with a queryset UPDATE of those two
columns, so a step saved by a colleague between loading and saving the schedule survives, and
the other way round.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from groups.models import Person
from risalah.charts import schedule as schedule_chart
from risalah.evidence_files import CheckedFile
from risalah.models import Attachment, Evidence, Meeting, Risalah, RisalahStep, Status
from risalah.services import _require_editable
from risalah.thumbnails import make_thumbnail


def _delete_files_after_commit(names: Iterable[tuple]) -> None:
    """Remove stored files once the rows pointing at them are gone for good."""
    names = [(storage, name) for storage, name in names if name]

    def remove():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(remove)


def _touch(risalah: Risalah) -> None:
    Risalah.objects.filter(pk=risalah.pk).update(updated_at=timezone.now())


# --- attachments --------------------------------------------------------------------------


@transaction.atomic
def attachments_add(
    *,
    risalah: Risalah,
    kind: str,
    files: list[CheckedFile],
    by,
    caption: str = "",
    step: RisalahStep | None = None,
    meeting: Meeting | None = None,
) -> list[Attachment]:
    """Store several checked evidence files of one kind, all or none."""
    return [
        attachment_add(
            risalah=risalah, kind=kind, checked=checked, by=by, caption=caption, step=step, meeting=meeting
        )
        for checked in files
    ]


@transaction.atomic
def attachment_add(
    *,
    risalah: Risalah,
    kind: str,
    checked: CheckedFile,
    by,
    caption: str = "",
    step: RisalahStep | None = None,
    meeting: Meeting | None = None,
) -> Attachment:
    """Store one checked evidence file; photos get a thumbnail made now, once."""
    _require_editable(risalah)
    if step is not None and step.risalah_id != risalah.pk:
        raise ValueError("The step belongs to another risalah.")
    if meeting is not None and meeting.risalah_id != risalah.pk:
        raise ValueError("The meeting belongs to another risalah.")
    attachment = Attachment(
        risalah=risalah,
        kind=kind,
        step=step,
        meeting=meeting,
        content_type=checked.content_type,
        size=checked.content.size,
        original_name=checked.original_name,
        caption=caption.strip(),
        uploaded_by=by,
    )
    attachment.file.save(checked.content.name, checked.content, save=False)
    if checked.is_image:
        checked.content.seek(0)
        thumbnail = make_thumbnail(checked.content.read())
        attachment.thumbnail.save(thumbnail.name, thumbnail, save=False)
    stored = [
        (attachment.file.storage, attachment.file.name),
        (attachment.thumbnail.storage, attachment.thumbnail.name),
    ]
    try:
        attachment.save()
    except Exception:
        for storage, name in stored:
            if name:
                storage.delete(name)
        raise  # the row could not be written: the files written above must not stay behind
    _touch(risalah)
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    _require_editable(attachment.risalah)
    files = [
        (attachment.file.storage, attachment.file.name),
        (attachment.thumbnail.storage, attachment.thumbnail.name),
    ]
    attachment.delete()
    _touch(attachment.risalah)
    _delete_files_after_commit(files)


# --- meetings -----------------------------------------------------------------------------


@transaction.atomic
def meeting_save(
    *,
    risalah: Risalah,
    by,
    date: date,
    duration_minutes: int,
    agenda: str,
    notulen: str,
    attendees: Iterable[Person],
    meeting: Meeting | None = None,
    photos: Iterable[CheckedFile] = (),
    daftar_hadir: CheckedFile | None = None,
) -> Meeting:
    """Create or change a meeting, with who was present and any new photos or daftar hadir scan.

    ``attendees`` must be roster people of the risalah's year (the form offers only those).
    """
    _require_editable(risalah)
    if meeting is None:
        meeting = Meeting(risalah=risalah)
    elif meeting.risalah_id != risalah.pk:
        raise ValueError("The meeting belongs to another risalah.")
    meeting.date = date
    meeting.duration_minutes = duration_minutes
    meeting.agenda = agenda.strip()
    meeting.notulen = notulen.strip()
    meeting.save()
    meeting.attendees.set(list(attendees))
    for photo in photos:
        attachment_add(
            risalah=risalah,
            kind=Evidence.PHOTO_DURING,
            checked=photo,
            by=by,
            meeting=meeting,
            caption=meeting.agenda,
        )
    if daftar_hadir is not None:
        attachment_add(
            risalah=risalah,
            kind=Evidence.DAFTAR_HADIR,
            checked=daftar_hadir,
            by=by,
            meeting=meeting,
            caption=meeting.agenda,
        )
    _touch(risalah)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """Delete a meeting with its photos and daftar hadir (their files go after the commit)."""
    _require_editable(meeting.risalah)
    files = []
    for attachment in meeting.attachments.all():
        files += [
            (attachment.file.storage, attachment.file.name),
            (attachment.thumbnail.storage, attachment.thumbnail.name),
        ]
    meeting.delete()
    _touch(meeting.risalah)
    _delete_files_after_commit(files)


# --- schedule -----------------------------------------------------------------------------


@transaction.atomic
def schedule_save(
    *,
    risalah: Risalah,
    by,
    start: date | None,
    weeks: int,
    weeks_by_step: dict[int, tuple[list[int], list[int]]],
) -> Risalah:
    """Store the schedule: its first week and length, and each step's planned and actual weeks.

    Only ``schedule_start``/``schedule_weeks`` of the risalah and ``planned_weeks``/``actual_weeks``
    of its steps are written (queryset UPDATEs of those columns), so the title, the steps' tool
    data, narratives and versions saved by others meanwhile are kept. Nothing else of a step
    changes, so the steps' versions (the autosave's conflict check) do not move either.
    """
    _require_editable(risalah)
    now = timezone.now()
    updated = Risalah.objects.filter(pk=risalah.pk, status__in=Status.EDITABLE).update(
        schedule_start=start, schedule_weeks=weeks, updated_at=now
    )
    if not updated:  # submitted by someone else meanwhile
        risalah.status = Risalah.objects.values_list("status", flat=True).get(pk=risalah.pk)
        _require_editable(risalah)
    step_pks = set(RisalahStep.objects.filter(risalah=risalah).values_list("pk", flat=True))
    for step_pk, (planned, actual) in weeks_by_step.items():
        if step_pk not in step_pks:
            raise ValueError("The step belongs to another risalah.")
        RisalahStep.objects.filter(pk=step_pk).update(
            planned_weeks=sorted(set(planned)), actual_weeks=sorted(set(actual))
        )
    risalah.schedule_start, risalah.schedule_weeks = start, weeks
    # Queryset updates bypass django-simple-history's signals: record the new state explicitly,
    # from rows read after the update so the history shows what is really stored.
    fresh = Risalah.objects.get(pk=risalah.pk)
    Risalah.history.bulk_history_create([fresh], update=True, default_user=by, default_date=now)
    steps = list(RisalahStep.objects.filter(pk__in=weeks_by_step))
    if steps:
        RisalahStep.history.bulk_history_create(steps, update=True, default_user=by, default_date=now)
    return risalah


# --- reading ------------------------------------------------------------------------------


def week_labels(risalah: Risalah) -> list[str] | None:
    """Week labels for the chart: the date each week starts ("2/3"), when the schedule has a start."""
    if risalah.schedule_start is None:
        return None
    return [
        f"{day.day}/{day.month}"
        for day in (risalah.schedule_start + timedelta(weeks=week) for week in range(risalah.schedule_weeks))
    ]


def schedule_svg(risalah: Risalah, steps: list[RisalahStep]) -> str:
    """The plan-vs-actual chart of the stored schedule (weeks past its end are left out)."""
    total = risalah.schedule_weeks

    def inside(weeks):
        return [w for w in weeks or [] if isinstance(w, int) and not isinstance(w, bool) and 1 <= w <= total]

    rows = [
        (
            f"{step.method_step.number}. {step.method_step.name}",
            inside(step.planned_weeks),
            inside(step.actual_weeks),
        )
        for step in steps
    ]
    return schedule_chart(rows, total, week_labels=week_labels(risalah))
