"""The one writer of a risalah's status.

Every status change (submit, start the review, return, verify, reject) is ``transition``: it
locks the risalah's row, refuses a change the current status does not allow, and writes the
new status, its Transition (who, when, why) and its audit row, in the caller's transaction.
The services in ``risalah.services`` and ``risalah.review`` decide when to call it; nothing
else assigns ``status``.

A new revision of a verified risalah is no status change (the verified one stays as it is, the
copy is born a draft), but the audit log shows it as verified -> draft: ``revision_started``
writes that row, so every status row of the audit log is written here.
"""

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.models import AuditAction
from risalah.models import Risalah, Status, Transition


def lock(risalah: Risalah) -> Risalah:
    """Lock the risalah's row until the transaction ends and put its stored status and first
    submission on ``risalah``: two changes at once must not both start from the same status.
    Returns the row as stored. One query."""
    locked = Risalah.objects.select_for_update().get(pk=risalah.pk)
    risalah.status, risalah.submitted_at = locked.status, locked.submitted_at
    return locked


def transition(
    *,
    risalah: Risalah,
    to: Status,
    allowed_from: Collection[str],
    by,
    note: str = "",
    late: bool = False,
    snapshot: dict | None = None,
) -> Transition:
    """Move ``risalah`` to ``to`` and record the change; ``risalah`` shows the new status after.

    Raises ValidationError (code ``invalid_transition``) and writes nothing when the stored
    status is not one of ``allowed_from``. The first submission stamps ``submitted_at`` (it
    decides whether the risalah was filed on time; the later ones are in their Transition rows).
    ``late`` (a submission after the deadline) goes into the audit row of a submission;
    ``snapshot`` is the content as the verifikator saw it when returning it.
    """
    locked = lock(risalah)  # select_for_update refuses to run outside a transaction
    if locked.status not in allowed_from:
        raise ValidationError(
            _("This risalah is %(status)s; it cannot be %(action)s now.")
            % {"status": locked.get_status_display().lower(), "action": Status(to).label.lower()},
            code="invalid_transition",
        )
    change = Transition.objects.create(
        risalah=locked,
        from_status=locked.status,
        to_status=to,
        by=by,
        note=note,
        late=late,
        snapshot={} if snapshot is None else snapshot,
    )
    locked.status = to
    if to == Status.SUBMITTED and locked.submitted_at is None:
        locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    risalah.status, risalah.submitted_at, risalah.updated_at = to, locked.submitted_at, locked.updated_at
    details = {"late": late} if to == Status.SUBMITTED else {}
    _audit(risalah=risalah, by=by, from_status=change.from_status, to_status=to, **details)
    return change


def revision_started(*, copy: Risalah, by) -> None:
    """Record that ``copy``, a new draft revision, was started from a verified risalah."""
    _audit(risalah=copy, by=by, from_status=Status.VERIFIED, to_status=Status.DRAFT, revision=copy.revision)


def _audit(*, risalah: Risalah, by, from_status: str, to_status: str, **details) -> None:
    audit.record(
        action=AuditAction.STATUS_CHANGE,
        actor=by,
        target=risalah,
        unit=risalah.group.unit,
        from_status=from_status,
        to_status=to_status,
        **details,
    )
