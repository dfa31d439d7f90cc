"""Who may open the score pages (the lead reconciles this with the jury helpers in
events/permissions.py).

- A score form: the jury member of the event, assigned to the group for the round, without a
  conflict of interest, while the event is running. Anyone else gets a 404: the page's
  existence is not confirmed. A locked round still opens (read-only, so a late replay gets a
  clear refusal instead of a 404).
- Paper entry and the history: the bureau (events.permissions.can_manage_event).
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from core.models import User
from events.models import ConflictOfInterest, Event, EventStatus, Jury, JuryAssignment, Participant, Round
from events.permissions import can_manage_event, get_event_for_user


@dataclass(frozen=True)
class Seat:
    """One jury member, one group, one round."""

    event: Event
    jury: Jury
    participant: Participant
    round: Round

    @property
    def is_open(self) -> bool:
        return not self.round.is_locked


def _seat(event: Event, jury: Jury, participant_uuid, round_order: int) -> Seat:
    participant = get_object_or_404(
        Participant.objects.select_related("group__unit", "track"), event=event, uuid=participant_uuid
    )
    round = get_object_or_404(Round, event=event, order=round_order)
    if not JuryAssignment.objects.filter(jury=jury, participant=participant, round=round).exists():
        raise Http404
    if ConflictOfInterest.objects.filter(jury=jury, participant=participant).exists():
        raise Http404
    return Seat(event, jury, participant, round)


def get_score_seat(user: User, event_uuid, participant_uuid, round_order: int) -> Seat:
    """The jury member's own seat for a score form; 404 for everybody else."""
    if not user.is_authenticated:
        raise Http404
    jury = (
        Jury.objects.select_related("event", "user")
        .filter(event__uuid=event_uuid, user=user, is_active=True, event__status=EventStatus.RUNNING)
        .first()
    )
    if jury is None:
        raise Http404
    return _seat(jury.event, jury, participant_uuid, round_order)


def get_paper_seat(user: User, event_uuid, jury_uuid, participant_uuid, round_order: int) -> Seat:
    """A seat whose paper sheet the bureau types in: 404 unseen, 403 seen but not run."""
    event = get_event_for_user(user, event_uuid, manage=True)
    jury = get_object_or_404(Jury.objects.select_related("user"), event=event, uuid=jury_uuid)
    return _seat(event, jury, participant_uuid, round_order)


def get_sheet_jury(user: User, event_uuid, jury_uuid) -> Jury:
    """The jury member whose paper sheet is printed: the member themself or the bureau."""
    jury = get_object_or_404(
        Jury.objects.select_related("event__organiser", "user"), event__uuid=event_uuid, uuid=jury_uuid
    )
    if user.is_authenticated and jury.user_id == user.pk and jury.is_active:
        return jury
    event = get_event_for_user(user, event_uuid, manage=True)
    jury.event = event
    return jury


def may_manage_scores(user: User, event: Event) -> bool:
    return can_manage_event(user, event)
