"""Writes to events: creating a competition, registration, rounds, lottery, schedule and results.

Views call these; nothing else changes an event's status, a participant's round or a ranking.
Every function is keyword-only, runs in one transaction and writes its audit row there. The
juries' side (invitations, conflicts of interest, assignments, scores) is in events.judging.
"""

import secrets
import zoneinfo
from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.models import Unit
from events import history, planning, scoring
from events.attendance import (  # re-exported like events.judging
    bimtek_check_in,
    bimtek_register,
    certificate_issue,
    certificate_verify,
)
from events.judging import (  # re-exported: events.services is the one place views call
    Balance,
    ScoreSaved,
    assignment_remove,
    assignments_add,
    assignments_balance,
    conflict_declare,
    conflicts_detect,
    jury_accept_invitation,
    jury_add,
    jury_for_invitation,
    jury_invite_guest,
    jury_set_active,
    score_save,
)
from events.jury_mail import juries_remind, jury_invite, jury_reinvite  # re-exported likewise
from events.models import (
    AwardTier,
    ConflictOfInterest,
    Criterion,
    Event,
    EventKind,
    EventStatus,
    Participant,
    Result,
    Round,
    RoundKind,
    ScheduleSlot,
    Score,
    Track,
)
from events.models.events import DEFAULT_TIE_BREAKS
from groups.models import Group, ProgrammeYear
from risalah.models import Risalah, Status

__all__ = [
    "Balance",
    "ScoreSaved",
    "assignment_remove",
    "assignments_add",
    "assignments_balance",
    "bimtek_check_in",
    "bimtek_register",
    "certificate_issue",
    "certificate_verify",
    "conflict_declare",
    "conflicts_detect",
    "event_change_status",
    "event_create",
    "juries_remind",
    "jury_accept_invitation",
    "jury_add",
    "jury_for_invitation",
    "jury_invite",
    "jury_invite_guest",
    "jury_reinvite",
    "jury_set_active",
    "lottery_draw",
    "participant_register",
    "ranking",
    "results_compute",
    "round_advance",
    "round_lock",
    "round_unlock",
    "schedule_build",
    "score_save",
]

# The defaults of DOMAIN.md; the names are data, written in the portal's language.
DEFAULT_ROUNDS = [
    (RoundKind.DESK, gettext_noop("Desk screening of the risalah")),
    (RoundKind.PRESENTATION, gettext_noop("Final presentation")),
]
# (code, name, requires a verified risalah, tie-breaks, {round kind: [(code, name, max points, weight)]})
DEFAULT_TRACKS = [
    (
        "prestasi",
        gettext_noop("KBK Prestasi"),
        True,
        DEFAULT_TIE_BREAKS,
        {
            RoundKind.DESK: [("risalah", gettext_noop("Risalah"), 100, 100)],
            RoundKind.PRESENTATION: [
                ("risalah", gettext_noop("Risalah"), 50, 50),
                ("presentasi", gettext_noop("Presentation"), 25, 25),
                ("tanya_jawab", gettext_noop("Questions and answers"), 15, 15),
                ("dampak", gettext_noop("Impact"), 10, 10),
            ],
        },
    ),
    (
        "kreatif",
        gettext_noop("KBK Kreatif"),
        False,
        ["criterion:yel_yel", "criterion:atraksi", "lottery"],
        {
            RoundKind.PRESENTATION: [
                ("yel_yel", gettext_noop("Yel-yel"), 30, 30),
                ("atraksi", gettext_noop("Attraction / fragment"), 30, 30),
                ("kostum", gettext_noop("Costume"), 20, 20),
                ("kekompakan", gettext_noop("Teamwork"), 20, 20),
            ],
        },
    ),
]
# (rank, name, goes on to the provincial round)
DEFAULT_AWARD_TIERS = [
    (1, gettext_noop("Juara I"), True),
    (2, gettext_noop("Juara II"), True),
    (3, gettext_noop("Juara III"), True),
    (4, gettext_noop("Harapan I"), False),
    (5, gettext_noop("Harapan II"), False),
]

# Which status may follow which (one step forward, or one step back to correct a mistake).
STATUS_MOVES = {
    EventStatus.DRAFT: {EventStatus.REGISTRATION_OPEN},
    EventStatus.REGISTRATION_OPEN: {EventStatus.DRAFT, EventStatus.RUNNING},
    EventStatus.RUNNING: {EventStatus.REGISTRATION_OPEN, EventStatus.RESULTS_PUBLISHED},
    EventStatus.RESULTS_PUBLISHED: {EventStatus.RUNNING},
}
REGISTRATION_STATUSES = frozenset({EventStatus.DRAFT, EventStatus.REGISTRATION_OPEN})


@transaction.atomic
def event_create(
    *,
    kind: str,
    title: str,
    programme_year: ProgrammeYear,
    organiser: Unit,
    scope: Unit,
    starts_on: date,
    ends_on: date,
    by,
    venue: str = "",
    description: str = "",
) -> Event:
    """A new draft event; a competition gets the default rounds, tracks, rubrics and award tiers."""
    event = Event(
        kind=kind,
        title=title.strip(),
        programme_year=programme_year,
        organiser=organiser,
        scope=scope,
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue.strip(),
        description=description.strip(),
        created_by=by,
    )
    event.full_clean()
    event.save()
    if event.kind == EventKind.GELAR:
        with translation.override(settings.LANGUAGE_CODE):
            _add_defaults(event)
    history.record("created", event=event, by=by)
    return event


def _add_defaults(event: Event) -> None:
    rounds = {}
    for order, (kind, name) in enumerate(DEFAULT_ROUNDS, start=1):
        rounds[kind] = Round.objects.create(event=event, order=order, kind=kind, name=_(name))
    rounds[RoundKind.DESK].advance_count = 10
    rounds[RoundKind.DESK].save(update_fields=["advance_count"])
    for order, (code, name, requires, tie_breaks, rubric) in enumerate(DEFAULT_TRACKS, start=1):
        track = Track.objects.create(
            event=event,
            code=code,
            name=_(name),
            order=order,
            requires_verified_risalah=requires,
            tie_breaks=list(tie_breaks),
        )
        Criterion.objects.bulk_create(
            Criterion(
                track=track,
                round=rounds[round_kind],
                code=criterion_code,
                name=_(criterion_name),
                max_points=max_points,
                weight=weight,
                order=position,
            )
            for round_kind, criteria in rubric.items()
            for position, (criterion_code, criterion_name, max_points, weight) in enumerate(criteria, start=1)
        )
    AwardTier.objects.bulk_create(
        AwardTier(event=event, rank=rank, name=_(name), goes_onward=onward)
        for rank, name, onward in DEFAULT_AWARD_TIERS
    )


@transaction.atomic
def event_change_status(*, event: Event, to: str, by) -> Event:
    """Move the event to ``to`` (see STATUS_MOVES); publishing needs the last round's results."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if to not in STATUS_MOVES[locked.status]:
        raise ValidationError(
            _("This event is %(status)s; it cannot become %(to)s now.")
            % {"status": locked.get_status_display().lower(), "to": EventStatus(to).label.lower()},
            code="invalid_transition",
        )
    if to == EventStatus.RESULTS_PUBLISHED and locked.is_competition:
        last = locked.rounds.order_by("-order").first()
        if last is None or not last.is_locked or not last.results.exists():
            raise ValidationError(
                _("Lock the last round and compute its results before publishing them."), code="no_results"
            )
    from_status, locked.status = locked.status, to
    locked.save(update_fields=["status", "updated_at"])
    event.status = to
    history.record("status", event=event, by=by, from_event_status=from_status, to_event_status=to)
    return event


def verified_risalah(group: Group, programme_year: ProgrammeYear) -> Risalah | None:
    """The group's verified risalah of the year: its highest verified revision. One query."""
    return (
        Risalah.objects.filter(group=group, programme_year=programme_year, status=Status.VERIFIED)
        .order_by("-revision")
        .first()
    )


def first_round_for(track: Track) -> Round | None:
    """The first round in which the track has a rubric (KBK Kreatif skips the desk screening)."""
    return Round.objects.filter(criteria__track=track).order_by("order").distinct().first()


def next_round(round: Round) -> Round | None:
    return Round.objects.filter(event_id=round.event_id, order__gt=round.order).order_by("order").first()


@transaction.atomic
def participant_register(*, event: Event, group: Group, track: Track, by) -> Participant:
    """Enter a group in a track of a competition.

    Refused (ValidationError with a code) when registration is closed, the group lies outside
    the event's units, it is already registered, or the track needs a verified risalah of the
    event's programme year and the group has none. The verified risalah is attached when found.
    """
    if not event.is_competition:
        raise ValidationError(_("Only a competition takes groups as participants."), code="not_competition")
    if event.status not in REGISTRATION_STATUSES:
        raise ValidationError(_("Registration for this event is closed."), code="registration_closed")
    if track.event_id != event.pk:
        raise ValidationError(_("That track belongs to another event."), code="foreign_track")
    if not group.is_active or not group.unit.is_within(event.scope):
        raise ValidationError(_("This group may not take part in this event."), code="outside_scope")
    if Participant.objects.filter(event=event, group=group).exists():
        raise ValidationError(_("This group is already registered."), code="already_registered")
    risalah = verified_risalah(group, event.programme_year)
    if track.requires_verified_risalah and risalah is None:
        raise ValidationError(
            _("%(track)s takes only groups with a verified risalah of %(year)s.")
            % {"track": track.name, "year": event.programme_year},
            code="no_verified_risalah",
        )
    first = first_round_for(track)
    if first is None:
        raise ValidationError(_("This track has no rubric yet."), code="no_rubric")
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                event=event, group=group, track=track, risalah=risalah, current_round=first, registered_by=by
            )
    except IntegrityError:  # registered by someone else at the same moment
        raise ValidationError(_("This group is already registered."), code="already_registered") from None
    history.record("registered", event=event, by=by, target=participant, group=group.name)
    return participant


@transaction.atomic
def round_lock(*, round: Round, by) -> Round:
    """Freeze the round's scores: from now on no score of the round can be written."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.locked_at is None:
        locked.locked_at, locked.locked_by = timezone.now(), by
        locked.save(update_fields=["locked_at", "locked_by"])
        history.record("round_locked", event=round.event, by=by, target=round)
    round.locked_at, round.locked_by = locked.locked_at, locked.locked_by
    return round


@transaction.atomic
def round_unlock(*, round: Round, by, reason: str) -> Round:
    """Open a locked round again (say why); refused once the next round has scores."""
    if not reason.strip():
        raise ValidationError(_("Say why the round is opened again."), code="reason_required")
    locked = Round.objects.select_for_update().get(pk=round.pk)
    later = next_round(locked)
    if later is not None and Score.objects.filter(round=later).exists():
        raise ValidationError(_("The next round already has scores."), code="next_round_scored")
    if locked.locked_at is not None:
        locked.locked_at, locked.locked_by = None, None
        locked.save(update_fields=["locked_at", "locked_by"])
        history.record("round_unlocked", event=round.event, by=by, target=round, reason=reason.strip())
    round.locked_at, round.locked_by = None, None
    return round


def ranking(*, round: Round, track: Track) -> list[scoring.Ranked]:
    """The ranking of a track in a round from the stored scores (keys are participant pks).

    Scores of a jury member with a conflict of interest are left out. Runs three queries.
    """
    criteria = list(Criterion.objects.filter(round=round, track=track))
    specs = [scoring.CriterionSpec(c.code, c.max_points, c.weight) for c in criteria]
    code_of = {c.pk: c.code for c in criteria}
    conflicted = set(
        ConflictOfInterest.objects.filter(participant__event_id=round.event_id).values_list(
            "jury_id", "participant_id"
        )
    )
    sheets: dict[tuple[int, int], dict[str, object]] = {}
    lottery: dict[int, int | None] = {}
    rows = Score.objects.filter(round=round, participant__track=track, criterion__in=criteria).values_list(
        "jury_id", "participant_id", "criterion_id", "points", "participant__lottery_order"
    )
    for jury_id, participant_id, criterion_id, points, lottery_order in rows:
        if (jury_id, participant_id) in conflicted:
            continue
        sheets.setdefault((jury_id, participant_id), {})[code_of[criterion_id]] = points
        lottery[participant_id] = lottery_order
    return scoring.rank_track(
        sheets,
        specs,
        method=track.aggregation,
        normalised=track.normalise,
        tie_breaks=track.tie_breaks,
        lottery=lottery,
    )


@transaction.atomic
def results_compute(*, round: Round, by) -> dict[Track, list[Result]]:
    """Store the ranking of every track of a locked round; the last round gets the award tiers."""
    round = Round.objects.select_for_update().select_related("event").get(pk=round.pk)
    if not round.is_locked:
        raise ValidationError(_("Lock the round before computing its results."), code="not_locked")
    is_last = next_round(round) is None
    tiers = {tier.rank: tier for tier in round.event.award_tiers.all()} if is_last else {}
    results: dict[Track, list[Result]] = {}
    for track in Track.objects.filter(criteria__round=round).distinct():
        ranked = ranking(round=round, track=track)
        awards = scoring.assign_awards(ranked, tiers)
        Result.objects.filter(round=round, track=track).delete()
        results[track] = Result.objects.bulk_create(
            Result(
                round=round,
                track=track,
                participant_id=item.entry.key,
                rank=item.rank,
                total=scoring.rounded(item.entry.total),
                raw_total=scoring.rounded(item.entry.raw_total),
                jury_count=item.entry.jury_count,
                criterion_scores={code: str(scoring.rounded(v)) for code, v in item.entry.criteria.items()},
                tie_break=_tie_json(item.tie_break),
                award_tier=awards.get(item.entry.key),
            )
            for item in ranked
        )
    history.record("results", event=round.event, by=by, target=round)
    return results


def _tie_json(tie: scoring.TieBreak | None) -> dict:
    if tie is None:
        return {}
    return {
        "tied_with": list(tie.tied_with),
        "rule": tie.rule,
        "value": None if tie.value is None else str(tie.value),
    }


@transaction.atomic
def round_advance(*, round: Round, by, count: int | None = None) -> list[Participant]:
    """Send the best ``count`` (default: the round's ``advance_count``) of each track to the next
    round, from the results of the locked round (computed afresh). Groups tied at the boundary
    all go on. Running it again after a correction moves the groups again. Returns those who
    went on, best first."""
    count = round.advance_count if count is None else count
    if not count:
        raise ValidationError(_("Say how many groups go on to the next round."), code="count_required")
    following = next_round(round)
    if following is None:
        raise ValidationError(_("This is the last round."), code="last_round")
    if following.is_locked or Score.objects.filter(round=following).exists():
        raise ValidationError(_("The next round has already started."), code="next_round_started")
    results = results_compute(round=round, by=by)
    advanced: list[Participant] = []
    for track, rows in results.items():
        if not Criterion.objects.filter(round=following, track=track).exists():
            continue
        going = {row.participant_id for row in rows if row.rank <= count}
        Result.objects.filter(round=round, track=track, participant_id__in=going).update(advanced=True)
        Participant.objects.filter(track=track, current_round__order__gte=round.order).exclude(
            pk__in=going
        ).update(current_round=round)
        Participant.objects.filter(pk__in=going).update(current_round=following)
        rank_of = {row.participant_id: row.rank for row in rows}
        moved = Participant.objects.filter(pk__in=going).select_related("group")
        advanced.extend(sorted(moved, key=lambda p: (rank_of[p.pk], p.group.name)))
    history.record("advanced", event=round.event, by=by, target=round, count=count, groups=len(advanced))
    return advanced


def last_round(event: Event) -> Round | None:
    return event.rounds.order_by("-order").first()


@transaction.atomic
def lottery_draw(
    *, event: Event, by, seed: int | None = None, round: Round | None = None
) -> list[Participant]:
    """Draw the presentation order of the groups in ``round`` (default: the last round).

    The groups are taken by name (then id) and shuffled with ``random.Random(seed)``; the seed
    (a new random one unless given) is recorded on the event and in the audit log, so the draw
    can be repeated. Refused once the round is locked. Returns the groups in their order.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    round = round or last_round(event)
    if round is None or round.event_id != event.pk:
        raise ValidationError(_("This event has no such round."), code="no_round")
    if round.is_locked:
        raise ValidationError(_("The round is locked."), code="locked")
    seed = secrets.randbelow(2**31) if seed is None else seed
    base = list(Participant.objects.in_round(round).select_related("group").order_by("group__name", "pk"))
    drawn = planning.draw_order(base, seed)
    Participant.objects.filter(event=event).update(lottery_order=None)
    for number, participant in enumerate(drawn, start=1):
        participant.lottery_order = number
    Participant.objects.bulk_update(drawn, ["lottery_order"])
    event.lottery_seed, event.lottery_drawn_at, event.lottery_drawn_by = seed, timezone.now(), by
    event.save(update_fields=["lottery_seed", "lottery_drawn_at", "lottery_drawn_by", "updated_at"])
    history.record("lottery", event=event, by=by, seed=seed, groups=len(drawn))
    return drawn


@transaction.atomic
def schedule_build(
    *, event: Event, days: Sequence[date], by, round: Round | None = None
) -> list[ScheduleSlot]:
    """Slots for the groups of ``round`` (default: the last) in their lottery order, over ``days``
    with the event's slot length, groups per day and breaks. Replaces the round's schedule."""
    round = round or last_round(event)
    participants = list(Participant.objects.in_round(round).order_by("lottery_order", "pk"))
    if any(p.lottery_order is None for p in participants):
        raise ValidationError(_("Draw the presentation order first."), code="no_lottery")
    try:
        plan = planning.plan_slots(
            len(participants),
            days=sorted(days),
            day_starts_at=event.day_starts_at,
            slot_minutes=event.slot_minutes,
            slots_per_day=event.slots_per_day,
            gap_minutes=event.slot_gap_minutes,
            break_every=event.break_every,
            break_minutes=event.break_minutes,
            tz=zoneinfo.ZoneInfo(settings.TIME_ZONE),
        )
    except planning.NotEnoughDays as error:
        raise ValidationError(
            _("%(needed)s groups do not fit in %(available)s slots; add a day or more groups per day.")
            % {"needed": error.needed, "available": error.available},
            code="not_enough_days",
        ) from None
    ScheduleSlot.objects.filter(round=round).delete()
    slots = ScheduleSlot.objects.bulk_create(
        ScheduleSlot(participant=participant, round=round, starts_at=slot.starts_at, ends_at=slot.ends_at)
        for participant, slot in zip(participants, plan.slots, strict=True)
    )
    history.record("schedule", event=event, by=by, target=round, groups=len(slots))
    return slots


def schedule_breaks(event: Event, days: Sequence[date], count: int) -> list[planning.Slot]:
    """The breaks of a schedule of ``count`` groups over ``days``, for the printed schedule."""
    return planning.plan_slots(
        count,
        days=sorted(days),
        day_starts_at=event.day_starts_at,
        slot_minutes=event.slot_minutes,
        slots_per_day=event.slots_per_day,
        gap_minutes=event.slot_gap_minutes,
        break_every=event.break_every,
        break_minutes=event.break_minutes,
        tz=zoneinfo.ZoneInfo(settings.TIME_ZONE),
    ).breaks
