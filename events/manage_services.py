"""The bureau's writes to an event beyond events.services: editing the event, renaming its rounds,
its rubric, withdrawing a participant and telling the groups their slot. Adding, removing and
reordering rounds and tracks is in events.rounds_services.

Like events.services: keyword-only, one transaction each, an audit row (events.history) in it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.mail import preferences, queue_mail
from core.models import MailKind, Role, RoleAssignment
from events import history
from events.models import Criterion, Event, Participant, Round, ScheduleSlot, Score, Track
from events.services import REGISTRATION_STATUSES

# The fields of an event the bureau may change after creating it.
EDITABLE_FIELDS = (
    "title",
    "starts_on",
    "ends_on",
    "venue",
    "description",
    "scope",
    "slot_yel_yel_minutes",
    "slot_presentation_minutes",
    "slot_questions_minutes",
    "slot_gap_minutes",
    "day_starts_at",
    "slots_per_day",
    "break_every",
    "break_minutes",
)


def setup_is_open(event: Event) -> bool:
    """Rounds, tracks and rubric change only before the event runs."""
    return event.status in REGISTRATION_STATUSES


def require_setup_open(event: Event) -> None:
    if not setup_is_open(event):
        raise ValidationError(
            _(
                "Rounds, tracks and rubric can only be changed while the event is a draft or "
                "registration is open."
            ),
            code="setup_closed",
        )


@transaction.atomic
def event_update(*, event: Event, by, **changes) -> Event:
    """Change the editable fields of ``event``; only those that differ from the stored event are
    saved and audited. Returns the saved event.

    The differences are taken against the row in the database (locked), not against ``event``:
    a ModelForm bound to ``event`` has already written the typed values onto it, and another
    edit may have been saved since it was read."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    changed = [name for name, value in changes.items() if getattr(event, name) != value]
    if not changed:
        return event
    if "scope" in changed and event.participants.exists():
        raise ValidationError(
            {
                "scope": _(
                    "Groups are already registered; withdraw them before changing the participating units."
                )
            },
            code="scope_has_participants",
        )
    for name in changed:
        setattr(event, name, changes[name].strip() if isinstance(changes[name], str) else changes[name])
    event.full_clean()
    event.save(update_fields=[*changed, "updated_at"])
    history.record("edited", event=event, by=by, fields=", ".join(changed))
    return event


@transaction.atomic
def rounds_update(*, event: Event, by, changes: dict[Round, dict]) -> list[Round]:
    """Rename rounds and set how many groups go on; ``changes`` maps a round to its new values."""
    require_setup_open(event)
    saved = []
    for round, values in changes.items():
        if round.event_id != event.pk:
            raise ValidationError(_("This event has no such round."), code="no_round")
        changed = [name for name in ("name", "advance_count") if getattr(round, name) != values[name]]
        if changed:
            for name in changed:
                setattr(round, name, values[name])
            round.save(update_fields=changed)
            saved.append(round)
    if saved:
        history.record("rounds_edited", event=event, by=by, groups=len(saved))
    return saved


@transaction.atomic
def rubric_save(*, track: Track, round: Round, by, rows: list[dict]) -> list[Criterion]:
    """Replace the rubric of ``track`` in ``round`` by ``rows`` (dicts with ``criterion`` (None
    for a new line), name, max_points, weight, order and ``delete``). A criterion that already
    has scores cannot be removed."""
    event = track.event
    require_setup_open(event)
    if round.event_id != event.pk:
        raise ValidationError(_("This event has no such round."), code="no_round")
    kept: list[Criterion] = []
    taken = set(Criterion.objects.filter(track=track, round=round).values_list("code", flat=True))
    for row in rows:
        criterion = row.get("criterion")
        if row.get("delete"):
            if criterion is not None:
                if Score.objects.filter(criterion=criterion).exists():
                    raise ValidationError(
                        _("%(name)s already has scores and cannot be removed.") % {"name": criterion.name},
                        code="criterion_scored",
                    )
                criterion.delete()
            continue
        if criterion is None:
            criterion = Criterion(track=track, round=round, code=free_code(row["name"], taken))
            taken.add(criterion.code)
        for name in ("name", "max_points", "weight", "order"):
            setattr(criterion, name, row[name])
        criterion.full_clean()
        criterion.save()
        kept.append(criterion)
    if not kept:
        raise ValidationError(_("A rubric needs at least one criterion."), code="empty_rubric")
    history.record("rubric_edited", event=event, by=by, target=track, groups=len(kept))
    return kept


def free_code(name: str, taken: set[str]) -> str:
    base = slugify(name).replace("-", "_")[:30] or "kriteria"
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


@transaction.atomic
def participant_withdraw(*, participant: Participant, by) -> None:
    """Take a group out of the event before it runs (its slots and assignments go with it)."""
    event = Event.objects.select_for_update().get(pk=participant.event_id)
    if event.status not in REGISTRATION_STATUSES:
        raise ValidationError(
            _("The event is already running; a group can no longer withdraw."), code="running"
        )
    if Score.objects.filter(participant=participant).exists():
        raise ValidationError(_("This group already has scores."), code="scored")
    name = participant.group.name
    history.record("withdrawn", event=event, by=by, target=participant, group=name)
    participant.delete()


def _operators_by_path() -> list[tuple[str, object]]:
    return [
        (assignment.unit.path, assignment.user)
        for assignment in RoleAssignment.objects.filter(
            role=Role.OPERATOR, user__is_active=True
        ).select_related("user", "unit")
    ]


@transaction.atomic
def schedule_notify(*, event: Event, by, base_url: str) -> tuple[int, int]:
    """E-mail each scheduled group's operators their slot (through the worker), once per slot:
    a slot already told (``notified_at``) is skipped. Returns (slots told, e-mails queued)."""
    slots = list(
        ScheduleSlot.objects.select_for_update(of=("self",))
        .filter(participant__event=event, notified_at__isnull=True)
        .select_related("participant__group__unit", "participant__track", "round")
        .order_by("starts_at")
    )
    operators = _operators_by_path()
    link = base_url.rstrip("/") + reverse("events-schedule", kwargs={"event_uuid": event.uuid})
    now, queued = timezone.now(), 0
    for slot in slots:
        group = slot.participant.group
        recipients = {user for path, user in operators if group.unit.path.startswith(path)}
        for user in sorted(recipients, key=lambda u: u.pk):
            if not preferences(user).status_notices:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("%(event)s: the presentation slot of %(group)s") % {
                    "event": event.title,
                    "group": group.name,
                }
                body = render_to_string(
                    "events/manage/email/slot.txt",
                    {"user": user, "event": event, "slot": slot, "group": group, "link": link},
                )
            mail = queue_mail(
                user=user,
                to_email=user.email,
                kind=MailKind.EVENT_NOTICE,
                subject=subject,
                body=body,
                dedupe_key=f"event-slot:{slot.pk}:{user.pk}",
            )
            queued += mail is not None
        slot.notified_at = now
    ScheduleSlot.objects.bulk_update(slots, ["notified_at"])
    if slots:
        history.record("schedule_sent", event=event, by=by, groups=len(slots))
    return len(slots), queued
