"""Audit rows of the events app.

Event writes are recorded with the action "event" and an ``event_step`` detail naming the step
(labels in events.apps); a risalah's status changes are the only "status changed" rows.
"""

from django.utils.translation import gettext_lazy as _

from core import audit
from core.models import AuditAction

STEPS = [
    ("created", _("event created")),
    ("sent_onward", _("sent to the provincial round")),
    ("taken_onward", _("winner of a kabupaten/kota round entered")),
    ("status", _("event status changed")),
    ("registered", _("group registered")),
    ("round_locked", _("round locked")),
    ("round_unlocked", _("round opened again")),
    ("results", _("results computed")),
    ("advanced", _("groups sent to the next round")),
    ("lottery", _("presentation order drawn")),
    ("schedule", _("schedule built")),
    ("jury_added", _("jury member added")),
    ("jury_invited", _("jury member invited")),
    ("conflict_declared", _("conflict of interest declared")),
    ("assigned", _("juries assigned")),
    ("checked_in", _("attendance recorded")),
    ("certificate", _("certificate issued")),
    ("edited", _("event edited")),
    ("rounds_edited", _("rounds edited")),
    ("rubric_edited", _("rubric edited")),
    ("withdrawn", _("participant withdrawn")),
    ("schedule_sent", _("schedule slots sent by e-mail")),
    ("jury_accepted", _("jury invitation accepted")),
    ("jury_deactivated", _("jury member deactivated")),
    ("jury_activated", _("jury member active again")),
    ("unassigned", _("jury assignment taken back")),
    ("juries_reminded", _("juries reminded by e-mail")),
    ("round_added", _("round added")),
    ("round_removed", _("round removed")),
    ("rounds_reordered", _("rounds put in another order")),
    ("track_added", _("track added")),
    ("track_edited", _("track edited")),
    ("track_removed", _("track removed")),
]


def record(step: str, *, event, by, target: object = "", **details) -> None:
    """One audit row for a write of ``event`` (caller holds the transaction)."""
    audit.record(
        action=AuditAction.EVENT,
        actor=by,
        target=target or event,
        unit=event.organiser,
        event_step=step,
        **details,
    )
