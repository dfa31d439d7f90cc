"""The review workflow: every status change after submission is one function here.

Draft -> Submitted (risalah.services.risalah_submit) -> In review -> Returned for revision ->
(Submitted again) -> Verified; or Rejected. Each function runs in one transaction and changes
the status through ``risalah.transitions.transition`` (lock, allowed-from check, Transition,
audit row).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from risalah import diff, snapshots, transitions
from risalah.models import Attachment, Meeting, ReviewNote, Risalah, RisalahStep, Status, Transition


def _notify(risalah: Risalah, change: Transition) -> None:
    from risalah.reminders import notify_status_change

    base_url = settings.PORTAL_BASE_URL
    transaction.on_commit(lambda: notify_status_change(risalah=risalah, transition=change, base_url=base_url))


@transaction.atomic
def risalah_start_review(*, risalah: Risalah, by) -> Transition:
    """The verifikator opens a submitted risalah; it stays locked for the group."""
    return transitions.transition(
        risalah=risalah, to=Status.IN_REVIEW, allowed_from={Status.SUBMITTED}, by=by
    )


@transaction.atomic
def review_note_add(*, risalah: Risalah, step: RisalahStep | None, text: str, by) -> ReviewNote:
    if risalah.status not in Status.REVIEWABLE:
        raise ValidationError(
            _("Notes can only be written while the risalah is submitted or under review."),
            code="not_reviewable",
        )
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the note first."))
    if step is not None and step.risalah_id != risalah.pk:
        raise ValidationError(_("That step belongs to another risalah."))
    return ReviewNote.objects.create(risalah=risalah, step=step, text=text, by=by)


@transaction.atomic
def review_note_delete(*, note: ReviewNote) -> None:
    if note.transition_id is not None:
        raise ValidationError(_("A note already sent to the group cannot be deleted."), code="sent")
    note.delete()


def pending_notes(risalah: Risalah):
    """The verifikator's notes of the current review, not yet sent to the group."""
    return risalah.review_notes.filter(transition__isnull=True).select_related("step__method_step", "by")


@transaction.atomic
def risalah_return(*, risalah: Risalah, by, note: str = "") -> Transition:
    """Send the risalah back for revision with the notes written during this review."""
    notes = pending_notes(risalah)
    if not note.strip() and not notes.exists():
        raise ValidationError(_("Write at least one note so the group knows what to fix."))
    change = transitions.transition(
        risalah=risalah,
        to=Status.RETURNED,
        allowed_from=Status.REVIEWABLE,
        by=by,
        note=note.strip(),
        snapshot=diff.snapshot(risalah),
    )
    notes.update(transition=change)
    _notify(risalah, change)
    return change


@transaction.atomic
def risalah_verify(*, risalah: Risalah, by, note: str = "") -> Transition:
    change = transitions.transition(
        risalah=risalah, to=Status.VERIFIED, allowed_from=Status.REVIEWABLE, by=by, note=note.strip()
    )
    # The verified risalah keeps the roster, SK and figures the verifikator reviewed: those of
    # the submission, not the group's roster of today (a risalah filed before snapshots existed
    # is captured now).
    filed = snapshots.latest(risalah)
    snapshots.record(
        risalah=risalah, transition=change, data=None if filed is None else snapshots.as_data(filed)
    )
    pending_notes(risalah).update(transition=change)
    _notify(risalah, change)
    # The verified PDF is read by the bureau, the library and the evidence packs: the worker
    # renders it into the cache so that none of them waits for it.
    from risalah.tasks import queue_pdf_warm

    queue_pdf_warm(risalah)
    return change


@transaction.atomic
def risalah_reject(*, risalah: Risalah, by, note: str) -> Transition:
    if not note.strip():
        raise ValidationError(_("Say why the risalah is rejected."))
    change = transitions.transition(
        risalah=risalah, to=Status.REJECTED, allowed_from=Status.REVIEWABLE, by=by, note=note.strip()
    )
    pending_notes(risalah).update(transition=change)
    _notify(risalah, change)
    return change


def last_return(risalah: Risalah) -> Transition | None:
    """The latest return for revision, with its notes. Runs a query."""
    return risalah.transitions.filter(to_status=Status.RETURNED).order_by("-at", "-pk").first()


def changes_since_return(risalah: Risalah) -> list[diff.SectionChanges] | None:
    """What the group changed since the last return; None when it was never returned."""
    return changes_since(last_return(risalah), risalah)


def changes_since(returned: Transition | None, risalah: Risalah) -> list[diff.SectionChanges] | None:
    """What changed between the snapshot of ``returned`` and the risalah now; None without a return."""
    if returned is None:
        return None
    return diff.changes(returned.snapshot, diff.snapshot(risalah))


@dataclass
class StepNotes:
    number: int
    name: str
    notes: list[ReviewNote]


@dataclass
class ReturnedNotes:
    """What the verifikator asked for in the latest return, as the group reads it."""

    transition: Transition
    general: list[str] = field(default_factory=list)  # the message to the group, then notes on the whole
    steps: list[StepNotes] = field(default_factory=list)  # in step order, only steps with notes

    def for_step(self, step: RisalahStep) -> list[ReviewNote]:
        return next((s.notes for s in self.steps if s.number == step.method_step.number), [])


def notes_for_group(risalah: Risalah) -> ReturnedNotes | None:
    """The notes of the latest return while the risalah waits for the group's fixes (status
    returned); None otherwise. Two queries."""
    if risalah.status != Status.RETURNED:
        return None
    returned = last_return(risalah)
    return None if returned is None else notes_of_return(returned)


def notes_of_return(returned: Transition) -> ReturnedNotes:
    """The message and the notes sent with ``returned``, the general ones first, then per step. One query."""
    result = ReturnedNotes(transition=returned)
    if returned.note:
        result.general.append(returned.note)
    by_number: dict[int, StepNotes] = {}
    for note in returned.notes.select_related("step__method_step").order_by("created_at", "pk"):
        if note.step is None:
            result.general.append(note.text)
            continue
        method_step = note.step.method_step
        by_number.setdefault(
            method_step.number, StepNotes(method_step.number, method_step.name, [])
        ).notes.append(note)
    result.steps = [by_number[number] for number in sorted(by_number)]
    return result


def _copy_file(field_file) -> ContentFile | None:
    """The stored file's content under a new name: the revisions must not share files, since
    deleting an attachment of the draft deletes its file."""
    if not field_file:
        return None
    with field_file.open("rb") as stored:
        return ContentFile(stored.read(), name=field_file.name.rsplit("/", 1)[-1])


def _copy_evidence(*, source: Risalah, copy: Risalah, step_map: dict[int, int]) -> None:
    """Meetings (with who attended) and attachments (with their files) of ``source`` for ``copy``."""
    meeting_map = {}
    for meeting in source.meetings.prefetch_related("attendees"):
        new = Meeting.objects.create(
            risalah=copy,
            date=meeting.date,
            duration_minutes=meeting.duration_minutes,
            agenda=meeting.agenda,
            notulen=meeting.notulen,
        )
        new.attendees.set(meeting.attendees.all())
        meeting_map[meeting.pk] = new
    written = []
    try:
        for attachment in source.attachments.all():
            new = Attachment(
                risalah=copy,
                kind=attachment.kind,
                step_id=step_map.get(attachment.step_id),
                meeting=meeting_map.get(attachment.meeting_id),
                content_type=attachment.content_type,
                size=attachment.size,
                original_name=attachment.original_name,
                caption=attachment.caption,
                uploaded_by=attachment.uploaded_by,
            )
            for name in ("file", "thumbnail"):
                content = _copy_file(getattr(attachment, name))
                if content is not None:
                    getattr(new, name).save(content.name, content, save=False)
                    written.append(getattr(new, name))
            new.save()
    except Exception:
        for stored in written:
            stored.storage.delete(stored.name)
        raise  # the revision is rolled back: the copied files must not stay behind


@transaction.atomic
def risalah_new_revision(*, risalah: Risalah, by) -> Risalah:
    """Start a correction of a verified risalah as a new draft revision (the verified one stays frozen).

    The draft starts as a copy of everything the group wrote: title, steps, schedule, meetings and
    attachments (their files copied, so the verified revision keeps its own).
    """
    locked = transitions.lock(risalah)
    if locked.status != Status.VERIFIED:
        raise ValidationError(_("Only a verified risalah gets a new revision; edit the draft instead."))
    if Risalah.objects.filter(previous_revision=locked).exists():
        raise ValidationError(_("A newer revision of this risalah already exists."))
    fields = {
        f.name: getattr(locked, f.name)
        for f in Risalah._meta.concrete_fields
        if f.name
        not in {
            "id",
            "uuid",
            "status",
            "created_at",
            "updated_at",
            "submitted_at",
            "version",
            "revision",
            "previous_revision",
            "created_by",
        }
    }
    copy = Risalah.objects.create(
        **fields, revision=locked.revision + 1, previous_revision=locked, created_by=by
    )
    steps = list(locked.steps.all())
    copies = RisalahStep.objects.bulk_create(
        RisalahStep(
            risalah=copy,
            method_step_id=step.method_step_id,
            data=step.data,
            narrative=step.narrative,
            planned_weeks=step.planned_weeks,
            actual_weeks=step.actual_weeks,
            updated_by=by,
        )
        for step in steps
    )
    by_method_step = {step.method_step_id: step.pk for step in copies}
    _copy_evidence(
        source=locked, copy=copy, step_map={step.pk: by_method_step[step.method_step_id] for step in steps}
    )
    transitions.revision_started(copy=copy, by=by)
    return copy
