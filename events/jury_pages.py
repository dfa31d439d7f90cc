"""The queries behind the jury pages: a jury member's own events and groups ("Penilaian saya"),
the bureau's assignment page and the progress grid. Reads only; the writes are in
events.judging and events.jury_mail. Each function runs a fixed number of queries, whatever the
number of juries and groups.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from events import permissions
from events.judging import participants_judged_in
from events.models import (
    ConflictOfInterest,
    Criterion,
    Event,
    EventStatus,
    Jury,
    JuryAssignment,
    Participant,
    Round,
    Score,
)
from risalah.models import Status

# The session key of the menu's "Scoring" item: whether the account is an active jury member
# (see jury_flag_refresh). Kept in the session so that the menu, on every page, costs no query.
JURY_SESSION_KEY = "kbk_jury"


def _score_counts(**filters) -> dict[tuple[int, int, int], int]:
    """(jury, participant, round) -> how many criteria have a score."""
    return {
        (row["jury_id"], row["participant_id"], row["round_id"]): row["n"]
        for row in Score.objects.filter(**filters)
        .values("jury_id", "participant_id", "round_id")
        .annotate(n=Count("pk"))
    }


def _criteria_counts(**filters) -> dict[tuple[int, int], int]:
    """(track, round) -> how many criteria its rubric has."""
    return {
        (row["track_id"], row["round_id"]): row["n"]
        for row in Criterion.objects.filter(**filters).values("track_id", "round_id").annotate(n=Count("pk"))
    }


# --- the jury member's own page -----------------------------------------------------------------


@dataclass
class MySeat:
    participant: Participant
    round: Round
    scored: int
    criteria: int

    @property
    def done(self) -> bool:
        return self.criteria > 0 and self.scored >= self.criteria

    @property
    def has_risalah(self) -> bool:
        risalah = self.participant.risalah
        return risalah is not None and risalah.status == Status.VERIFIED


@dataclass
class MyEvent:
    jury: Jury
    rounds: list[tuple[Round, list[MySeat]]] = field(default_factory=list)
    conflicts: list[ConflictOfInterest] = field(default_factory=list)

    @property
    def event(self) -> Event:
        return self.jury.event

    @property
    def is_running(self) -> bool:
        return self.jury.event.status == EventStatus.RUNNING

    @property
    def open_seats(self) -> int:
        """Groups not fully scored in rounds still open."""
        return sum(
            1 for round, seats in self.rounds if not round.is_locked for seat in seats if not seat.done
        )


def my_events(user) -> list[MyEvent]:
    """The events where ``user`` is an active jury member, the newest first; for a running one,
    the assigned groups per round (conflicts left out) with how far they are scored, and the
    conflicts of interest. Groups are shown only while the event runs. Five queries at most."""
    juries = list(
        Jury.objects.filter(user=user, is_active=True)
        .select_related("event")
        .order_by("-event__starts_on", "event__title", "pk")
    )
    result = [MyEvent(jury) for jury in juries]
    running = {item.jury.pk: item for item in result if item.is_running}
    if not running:
        return result
    conflicts = list(
        ConflictOfInterest.objects.filter(jury_id__in=running)
        .select_related("participant__group")
        .order_by("participant__group__name", "pk")
    )
    barred = {(c.jury_id, c.participant_id) for c in conflicts}
    for conflict in conflicts:
        running[conflict.jury_id].conflicts.append(conflict)
    assignments = (
        JuryAssignment.objects.filter(jury_id__in=running)
        .select_related("participant__group__unit", "participant__track", "participant__risalah", "round")
        .order_by("round__order", "participant__lottery_order", "participant__group__name", "participant_id")
    )
    scored = _score_counts(jury_id__in=running)
    criteria = _criteria_counts(round__event_id__in=[item.event.pk for item in running.values()])
    by_round: dict[int, dict[int, list[MySeat]]] = {jury_id: {} for jury_id in running}
    rounds: dict[int, Round] = {}
    for assignment in assignments:
        if (assignment.jury_id, assignment.participant_id) in barred:
            continue
        participant, round = assignment.participant, assignment.round
        rounds[round.pk] = round
        by_round[assignment.jury_id].setdefault(round.pk, []).append(
            MySeat(
                participant,
                round,
                scored.get((assignment.jury_id, participant.pk, round.pk), 0),
                criteria.get((participant.track_id, round.pk), 0),
            )
        )
    for jury_id, seats in by_round.items():
        running[jury_id].rounds = [(rounds[pk], seats[pk]) for pk in seats]
    return result


def jury_flag_refresh(request, *, user=None, is_jury: bool | None = None) -> bool:
    """Store in the session whether the user is an active jury member (for the menu); one query
    unless ``is_jury`` is known. Written only when it changed.

    Refreshed on login, on the home page and on "Penilaian saya": someone made a jury member
    while logged in finds the item after their next visit to either page."""
    user = user or request.user
    if is_jury is None:
        is_jury = permissions.is_jury(user)
    if request.session.get(JURY_SESSION_KEY) != is_jury:
        request.session[JURY_SESSION_KEY] = is_jury
    return is_jury


def remember_jury_on_login(sender, request, user, **kwargs):
    """user_logged_in receiver (connected in events.apps)."""
    if request is not None and hasattr(request, "session"):
        jury_flag_refresh(request, user=user)


def menu_flag(request) -> bool:
    """Whether the menu shows the jury's "Scoring" item: from the session, no query."""
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(JURY_SESSION_KEY))


# --- the bureau's assignment page --------------------------------------------------------------


@dataclass
class AssignmentRow:
    participant: Participant
    juries: list[JuryAssignment] = field(default_factory=list)
    conflicts: list[ConflictOfInterest] = field(default_factory=list)


def assignment_rows(round: Round, track=None) -> list[AssignmentRow]:
    """The round's groups that have a rubric in it (of ``track`` when given), in presentation
    order, each with its assigned juries and its conflicts of interest. Three queries."""
    participants = (
        participants_judged_in(round)
        .select_related("group__unit", "track")
        .order_by("lottery_order", "group__name", "pk")
    )
    if track is not None:
        participants = participants.filter(track=track)
    rows = {p.pk: AssignmentRow(p) for p in participants}
    for assignment in (
        JuryAssignment.objects.filter(round=round, participant_id__in=rows)
        .select_related("jury__user")
        .order_by("jury_id")
    ):
        rows[assignment.participant_id].juries.append(assignment)
    for conflict in (
        ConflictOfInterest.objects.filter(participant_id__in=rows)
        .select_related("jury__user")
        .order_by("jury_id")
    ):
        rows[conflict.participant_id].conflicts.append(conflict)
    return list(rows.values())


def jury_loads(round: Round) -> list[Jury]:
    """The event's active jury members, each with ``load``: their groups in the round. One query."""
    return list(
        Jury.objects.filter(event_id=round.event_id, is_active=True)
        .select_related("user__unit")
        .annotate(load=Count("assignments", filter=Q(assignments__round=round)))
        .order_by("pk")
    )


# --- the bureau's progress grid ----------------------------------------------------------------


@dataclass
class Cell:
    assigned: bool
    scored: int = 0
    criteria: int = 0
    conflict: str = ""

    @property
    def done(self) -> bool:
        return self.assigned and self.criteria > 0 and self.scored >= self.criteria


@dataclass
class ProgressRow:
    participant: Participant
    cells: list[Cell]

    @property
    def assigned(self) -> int:
        return sum(cell.assigned for cell in self.cells)

    @property
    def done(self) -> int:
        return sum(cell.done for cell in self.cells)


@dataclass
class Progress:
    juries: list[Jury]  # the columns; each with ``assigned`` and ``done`` (groups)
    rows: list[ProgressRow]

    @property
    def assigned(self) -> int:
        return sum(row.assigned for row in self.rows)

    @property
    def done(self) -> int:
        return sum(row.done for row in self.rows)


def progress(round: Round) -> Progress:
    """Which jury member has scored which group of the round: a cell per jury member (active,
    or with groups in the round) and group, with the counts per group, per jury member and in
    all. Six queries."""
    participants = list(
        participants_judged_in(round)
        .select_related("group__unit", "track")
        .order_by("lottery_order", "group__name", "pk")
    )
    assigned = set(JuryAssignment.objects.filter(round=round).values_list("jury_id", "participant_id"))
    juries = list(
        Jury.objects.filter(Q(is_active=True) | Q(assignments__round=round), event_id=round.event_id)
        .select_related("user")
        .distinct()
        .order_by("pk")
    )
    conflicts = {
        (jury_id, participant_id): reason
        for jury_id, participant_id, reason in ConflictOfInterest.objects.filter(
            jury__event_id=round.event_id
        ).values_list("jury_id", "participant_id", "reason")
    }
    scored = _score_counts(round=round)
    criteria = _criteria_counts(round=round)
    rows = []
    for participant in participants:
        rubric = criteria.get((participant.track_id, round.pk), 0)
        cells = [
            Cell(
                # A conflict found after the round was locked leaves its assignment; it does not count.
                assigned=(jury.pk, participant.pk) in assigned and (jury.pk, participant.pk) not in conflicts,
                scored=scored.get((jury.pk, participant.pk, round.pk), 0),
                criteria=rubric,
                conflict=conflicts.get((jury.pk, participant.pk), ""),
            )
            for jury in juries
        ]
        rows.append(ProgressRow(participant, cells))
    for index, jury in enumerate(juries):
        column = [row.cells[index] for row in rows]
        jury.assigned = sum(cell.assigned for cell in column)
        jury.done = sum(cell.done for cell in column)
    return Progress(juries, rows)
