"""The bureau's changes to a competition's structure while its setup is open: rounds added,
removed and put in another order; tracks added, renamed and removed. Renaming rounds and the
rubric itself are in events.manage_services.

Like events.services: keyword-only, one transaction each (the event row locked, so two changes
of its rounds do not cross), an audit row (events.history) in it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _

from events import history
from events.manage_services import free_code, require_setup_open
from events.models import (
    Criterion,
    Event,
    JuryAssignment,
    Participant,
    Round,
    RoundKind,
    ScheduleSlot,
    Score,
    Track,
)
from events.services import DEFAULT_TRACKS, first_round_for

# Orders are unique per event: renumbering first moves every round out of the way by this much.
_RENUMBER_OFFSET = 1000
# A new round's rubric per default track (by code) and kind of round; other tracks start empty.
DEFAULT_RUBRICS = {code: rubric for code, _name, _requires, _ties, rubric in DEFAULT_TRACKS}
# A track added by the bureau breaks its ties by the lottery (rules on criteria: in the admin).
NEW_TRACK_TIE_BREAKS = ["lottery"]


def _lock_setup(event: Event) -> Event:
    """The event, locked against a concurrent change of its rounds or tracks; refused unless it
    is a competition whose setup is open."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not locked.is_competition:
        raise ValidationError(_("Only a competition has rounds and tracks."), code="not_competition")
    require_setup_open(locked)
    return locked


def _renumber(event: Event, rounds: list[Round]) -> None:
    """Give ``rounds`` (every round of ``event``) the orders 1, 2, ... in the order of the list."""
    Round.objects.filter(event=event).update(order=F("order") + _RENUMBER_OFFSET)
    for number, round in enumerate(rounds, start=1):
        round.order = number
    Round.objects.bulk_update(rounds, ["order"])


def _drop_stale_slots(event: Event) -> None:
    """Slots of a round that a group no longer reaches (it was moved back) are not kept."""
    ScheduleSlot.objects.filter(
        participant__event=event, round__order__gt=F("participant__current_round__order")
    ).delete()


def round_facts(event: Event) -> list[Round]:
    """The event's rounds in order, each with ``has_scores`` and ``has_assignments``. One query."""
    return list(
        event.rounds.annotate(
            has_scores=Exists(Score.objects.filter(round=OuterRef("pk"))),
            has_assignments=Exists(JuryAssignment.objects.filter(round=OuterRef("pk"))),
        ).order_by("order")
    )


@transaction.atomic
def round_add(*, event: Event, by, name: str, kind: str, position: int | None = None) -> Round:
    """A new round at ``position`` (1 is first; default: last), the later rounds moved on by one.

    Each default track (KBK Prestasi, KBK Kreatif) gets its default rubric for that kind of
    round (none: the track is not judged there); any other track starts with an empty rubric
    that the bureau fills in on the rubric page. Groups that had reached a later round and are
    judged in the new one go back to it: they reach the later round by advancing from it.
    Refused before a round that already has scores."""
    event = _lock_setup(event)
    rounds = list(event.rounds.order_by("order"))
    position = len(rounds) + 1 if position is None else position
    if not 1 <= position <= len(rounds) + 1:
        raise ValidationError({"position": _("Choose a position among the rounds.")}, code="bad_position")
    if Score.objects.filter(round__in=rounds[position - 1 :]).exists():
        raise ValidationError(
            {"position": _("A new round cannot go before a round that already has scores.")},
            code="before_scored_round",
        )
    round = Round(event=event, order=len(rounds) + _RENUMBER_OFFSET + 1, name=name.strip(), kind=kind)
    round.full_clean()
    round.save()
    rounds.insert(position - 1, round)
    _renumber(event, rounds)
    tracks = list(event.tracks.all())
    with translation.override(settings.LANGUAGE_CODE):
        Criterion.objects.bulk_create(
            Criterion(
                track=track,
                round=round,
                code=code,
                name=_(criterion_name),
                max_points=max_points,
                weight=weight,
                order=number,
            )
            for track in tracks
            for number, (code, criterion_name, max_points, weight) in enumerate(
                DEFAULT_RUBRICS.get(track.code, {}).get(RoundKind(kind), []), start=1
            )
        )
    judged = Criterion.objects.filter(round=round).values("track_id")
    Participant.objects.filter(event=event, current_round__order__gt=round.order, track_id__in=judged).update(
        current_round=round
    )
    _drop_stale_slots(event)
    history.record("round_added", event=event, by=by, target=round, position=round.order)
    return round


@transaction.atomic
def round_remove(*, round: Round, by) -> None:
    """Remove a round with its rubric and schedule.

    Refused when it is the only round, has scores or has juries assigned. Its groups go back to
    the previous round in which their track is judged (to be advanced again from there), or on
    to the next one when there is none before (a group registered in a first round that goes);
    refused when their track is judged in no other round."""
    event = _lock_setup(round.event)
    rounds = list(event.rounds.order_by("order"))
    round = next((r for r in rounds if r.pk == round.pk), None)
    if round is None:
        raise ValidationError(_("This event has no such round."), code="no_round")
    if len(rounds) == 1:
        raise ValidationError(
            _("%(name)s is the only round: a competition needs at least one.") % {"name": round.name},
            code="only_round",
        )
    if Score.objects.filter(round=round).exists():
        raise ValidationError(
            _("%(name)s already has scores and cannot be removed.") % {"name": round.name},
            code="round_scored",
        )
    if JuryAssignment.objects.filter(round=round).exists():
        raise ValidationError(
            _("Juries are assigned to %(name)s: take them off it before removing the round.")
            % {"name": round.name},
            code="round_assigned",
        )
    others = [r for r in rounds if r.pk != round.pk]
    judged = set(Criterion.objects.filter(round__in=others).values_list("track_id", "round_id"))
    for track in Track.objects.filter(participants__current_round=round).distinct().order_by("order"):
        earlier = [r for r in others if r.order < round.order and (track.pk, r.pk) in judged]
        later = [r for r in others if r.order > round.order and (track.pk, r.pk) in judged]
        target = earlier[-1] if earlier else (later[0] if later else None)
        if target is None:
            raise ValidationError(
                _(
                    "The groups of %(track)s are judged in no other round: give %(track)s a rubric "
                    "in another round or withdraw its groups first."
                )
                % {"track": track.name},
                code="track_has_no_other_round",
            )
        Participant.objects.filter(current_round=round, track=track).update(current_round=target)
    history.record("round_removed", event=event, by=by, target=round)
    round.delete()
    _renumber(event, others)
    _drop_stale_slots(event)


@transaction.atomic
def rounds_reorder(*, event: Event, by, rounds: list[Round]) -> list[Round]:
    """Put the event's rounds in the order of ``rounds`` (every one of them, each once).

    Refused once a round has scores. Every group is placed again in the first round in which
    its track is judged, as registration does."""
    event = _lock_setup(event)
    current = list(event.rounds.order_by("order"))
    by_pk = {r.pk: r for r in current}
    if sorted(r.pk for r in rounds) != sorted(by_pk):
        raise ValidationError(_("This event has no such round."), code="no_round")
    wanted = [by_pk[r.pk] for r in rounds]
    if wanted == current:
        return current
    if Score.objects.filter(round__event=event).exists():
        raise ValidationError(
            _("The rounds cannot be put in another order once a round has scores."), code="rounds_scored"
        )
    _renumber(event, wanted)
    for track in event.tracks.all():
        first = first_round_for(track)
        if first is not None:
            Participant.objects.filter(track=track).exclude(current_round=first).update(current_round=first)
    _drop_stale_slots(event)
    history.record("rounds_reordered", event=event, by=by, order=" → ".join(r.name for r in wanted))
    return wanted


class TrackRefused(ValidationError):
    """A refused change of one of several tracks: ``track`` says which (the message is by field)."""

    def __init__(self, message, *, track: Track, code: str):
        super().__init__(message, code=code)
        self.track = track


def _track_name(event: Event, name: str, track: Track | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("This field is required.")}, code="required")
    same = event.tracks.filter(name__iexact=name)
    if track is not None:
        same = same.exclude(pk=track.pk)
    if same.exists():
        raise ValidationError(
            {"name": _("This event already has a track called %(name)s.") % {"name": name}},
            code="duplicate_track",
        )
    return name


@transaction.atomic
def track_add(*, event: Event, by, name: str, requires_verified_risalah: bool = False) -> Track:
    """A new track, last in order, with an empty rubric in every round (filled in on the rubric
    page; until then no group can register in it)."""
    event = _lock_setup(event)
    name = _track_name(event, name)
    tracks = list(event.tracks.all())
    track = Track(
        event=event,
        code=free_code(name, {t.code for t in tracks}),
        name=name,
        order=max((t.order for t in tracks), default=0) + 1,
        requires_verified_risalah=requires_verified_risalah,
        tie_breaks=list(NEW_TRACK_TIE_BREAKS),
    )
    track.full_clean()
    track.save()
    history.record("track_added", event=event, by=by, target=track)
    return track


@transaction.atomic
def tracks_update(*, event: Event, by, changes: dict[Track, dict]) -> list[Track]:
    """Rename tracks and set whether they need a verified risalah; ``changes`` maps a track to
    its new ``name`` and ``requires_verified_risalah``. A track cannot start requiring a verified
    risalah while a group without one is registered in it."""
    event = _lock_setup(event)
    saved = []
    for track, values in changes.items():
        if track.event_id != event.pk:
            raise ValidationError(_("This event has no such track."), code="no_track")
        try:
            values = {**values, "name": _track_name(event, values["name"], track)}
        except ValidationError as error:
            raise TrackRefused(error.error_dict, track=track, code="bad_name") from None
        changed = [
            name for name in ("name", "requires_verified_risalah") if getattr(track, name) != values[name]
        ]
        if not changed:
            continue
        if (
            values["requires_verified_risalah"]
            and not track.requires_verified_risalah
            and track.participants.filter(risalah__isnull=True).exists()
        ):
            raise TrackRefused(
                {
                    "requires_verified_risalah": _(
                        "Groups without a verified risalah are registered in %(track)s; withdraw them first."
                    )
                    % {"track": track.name}
                },
                track=track,
                code="participants_without_risalah",
            )
        for name in changed:
            setattr(track, name, values[name])
        track.save(update_fields=changed)
        saved.append(track)
        history.record("track_edited", event=event, by=by, target=track, fields=", ".join(changed))
    return saved


@transaction.atomic
def track_remove(*, track: Track, by) -> None:
    """Remove a track with its rubric; refused while groups are registered in it, and for the
    event's only track."""
    event = _lock_setup(track.event)
    track = Track.objects.get(pk=track.pk)
    if track.participants.exists():
        raise ValidationError(
            _("Groups are registered in %(track)s; withdraw them before removing it.")
            % {"track": track.name},
            code="track_has_participants",
        )
    if event.tracks.count() == 1:
        raise ValidationError(
            _("%(track)s is the only track: a competition needs at least one.") % {"track": track.name},
            code="only_track",
        )
    history.record("track_removed", event=event, by=by, target=track)
    track.delete()
