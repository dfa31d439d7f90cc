"""The review workflow: every status change after submission is one function here.

Draft -> Submitted (risalah.services.risalah_submit) -> In review -> Returned for revision ->
(Submitted again) -> Verified; or Rejected. Each function runs in one transaction, locks the
row, checks the current status, writes a Transition (who, when, why) and an audit event.
Nothing else changes a status.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.models import AuditAction
from risalah import diff
from risalah.models import ReviewNote, Risalah, RisalahStep, Status, Transition

REVIEWABLE = (Status.SUBMITTED, Status.IN_REVIEW)


def _transition(*, risalah: Risalah, to: str, allowed_from: tuple, by, note: str = "", **extra) -> Transition:
    locked = Risalah.objects.select_for_update().get(pk=risalah.pk)
    if locked.status not in allowed_from:
        raise ValidationError(
            _("This risalah is %(status)s; it cannot be %(action)s now.")
            % {"status": locked.get_status_display().lower(), "action": Status(to).label.lower()},
            code="invalid_transition",
        )
    change = Transition.objects.create(
        risalah=locked, from_status=locked.status, to_status=to, by=by, note=note, **extra
    )
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    risalah.status = to
    audit.record(
        action=AuditAction.STATUS_CHANGE, actor=by, target=risalah, unit=risalah.group.unit,
        from_status=change.from_status, to_status=to,
    )
    return change


def _notify(risalah: Risalah, change: Transition) -> None:
    from risalah.reminders import notify_status_change

    base_url = settings.PORTAL_BASE_URL
    transaction.on_commit(lambda: notify_status_change(risalah=risalah, transition=change, base_url=base_url))


@transaction.atomic
def risalah_start_review(*, risalah: Risalah, by) -> Transition:
    """The verifikator opens a submitted risalah; it stays locked for the group."""
    return _transition(risalah=risalah, to=Status.IN_REVIEW, allowed_from=(Status.SUBMITTED,), by=by)


@transaction.atomic
def review_note_add(*, risalah: Risalah, step: RisalahStep | None, text: str, by) -> ReviewNote:
    if risalah.status not in REVIEWABLE:
        raise ValidationError(_("Notes can only be written while the risalah is submitted or under review."))
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the note first."))
    if step is not None and step.risalah_id != risalah.pk:
        raise ValidationError(_("That step belongs to another risalah."))
    return ReviewNote.objects.create(risalah=risalah, step=step, text=text, by=by)


@transaction.atomic
def review_note_delete(*, note: ReviewNote) -> None:
    if note.transition_id is not None:
        raise ValidationError(_("A note already sent to the group cannot be deleted."))
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
    change = _transition(
        risalah=risalah, to=Status.RETURNED, allowed_from=REVIEWABLE, by=by, note=note.strip(),
        snapshot=diff.snapshot(risalah),
    )
    notes.update(transition=change)
    _notify(risalah, change)
    return change


@transaction.atomic
def risalah_verify(*, risalah: Risalah, by, note: str = "") -> Transition:
    change = _transition(risalah=risalah, to=Status.VERIFIED, allowed_from=REVIEWABLE, by=by, note=note.strip())
    pending_notes(risalah).update(transition=change)
    _notify(risalah, change)
    return change


@transaction.atomic
def risalah_reject(*, risalah: Risalah, by, note: str) -> Transition:
    if not note.strip():
        raise ValidationError(_("Say why the risalah is rejected."))
    change = _transition(risalah=risalah, to=Status.REJECTED, allowed_from=REVIEWABLE, by=by, note=note.strip())
    pending_notes(risalah).update(transition=change)
    _notify(risalah, change)
    return change


def last_return(risalah: Risalah) -> Transition | None:
    """The latest return for revision, with its notes. Runs a query."""
    return risalah.transitions.filter(to_status=Status.RETURNED).order_by("-at", "-pk").first()


def changes_since_return(risalah: Risalah) -> list[diff.SectionChanges] | None:
    """What the group changed since the last return; None when it was never returned."""
    returned = last_return(risalah)
    if returned is None:
        return None
    return diff.changes(returned.snapshot, diff.snapshot(risalah))


@transaction.atomic
def risalah_new_revision(*, risalah: Risalah, by) -> Risalah:
    """Start a correction of a verified risalah as a new draft revision (the verified one stays frozen)."""
    locked = Risalah.objects.select_for_update().get(pk=risalah.pk)
    if locked.status != Status.VERIFIED:
        raise ValidationError(_("Only a verified risalah gets a new revision; edit the draft instead."))
    if hasattr(locked, "next_revision"):
        raise ValidationError(_("A newer revision of this risalah already exists."))
    fields = {f.name: getattr(locked, f.name) for f in Risalah._meta.concrete_fields
              if f.name not in {"id", "uuid", "status", "created_at", "updated_at", "submitted_at", "version",
                                "revision", "previous_revision", "created_by"}}
    copy = Risalah.objects.create(**fields, revision=locked.revision + 1, previous_revision=locked, created_by=by)
    RisalahStep.objects.bulk_create(
        RisalahStep(risalah=copy, method_step_id=step.method_step_id, data=step.data, narrative=step.narrative,
                    planned_weeks=step.planned_weeks, actual_weeks=step.actual_weeks, updated_by=by)
        for step in locked.steps.all()
    )
    audit.record(action=AuditAction.STATUS_CHANGE, actor=by, target=copy, unit=copy.group.unit,
                 from_status=Status.VERIFIED, to_status=Status.DRAFT, revision=copy.revision)
    return copy
