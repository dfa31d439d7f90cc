"""The lists of the events pages (events, participants, scores, rankings, Bimtek attendance):
their rows and columns, in one place.

A page and its export (core.exports) take their rows from the functions here, so the file holds
exactly what the page counts and shows.
"""

from collections import defaultdict
from decimal import Decimal
from itertools import count

from django.db.models import Count, Q, QuerySet
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import DATE, DATETIME, DECIMAL, INTEGER, Column, Table, yes_no
from core.nip import normalise_nip
from events import permissions, scoring
from events.models import BimtekParticipant, Criterion, Event, Participant, Result, Round, Score, Track

# --- the event list -----------------------------------------------------------------------------


def events_listed(user, filters: dict) -> QuerySet[Event]:
    """The events ``user`` may see, filtered (year, kind, status), with ``participant_count``."""
    events = permissions.visible_events(user)
    if filters.get("year"):
        events = events.filter(programme_year=filters["year"])
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("status"):
        events = events.filter(status=filters["status"])
    return events.annotate(participant_count=Count("participants")).order_by("-starts_on", "title")


def events_table() -> Table:
    return Table(
        name="kegiatan",
        title=gettext_lazy("Events"),
        columns=(
            Column(gettext_lazy("Event"), lambda event: event.title, width=36),
            Column(gettext_lazy("Kind"), lambda event: event.get_kind_display(), width=16),
            Column(gettext_lazy("Status"), lambda event: event.get_status_display(), width=20),
            Column(gettext_lazy("First day"), lambda event: event.starts_on, DATE),
            Column(gettext_lazy("Last day"), lambda event: event.ends_on, DATE),
            Column(gettext_lazy("Year"), lambda event: event.programme_year.year, INTEGER),
            Column(gettext_lazy("Organising unit"), lambda event: str(event.organiser), width=30),
            Column(gettext_lazy("Participating units"), lambda event: str(event.scope), width=30),
            Column(gettext_lazy("Venue"), lambda event: event.venue, width=30),
            Column(gettext_lazy("Participants"), lambda event: event.participant_count, INTEGER),
        ),
    )


# --- the participants of an event ---------------------------------------------------------------


def participants_listed(event: Event) -> QuerySet[Participant]:
    return event.participants.select_related("group__unit", "track", "current_round").order_by(
        "track__order", "group__name"
    )


def participants_table(event: Event) -> Table:
    return Table(
        name=f"peserta-{slugify(event.title) or event.uuid}",
        title=gettext_lazy("Participants"),
        columns=(
            Column(gettext_lazy("Group"), lambda p: p.group.name, width=30),
            Column(gettext_lazy("Unit"), lambda p: str(p.group.unit), width=30),
            Column(gettext_lazy("Track"), lambda p: p.track.name, width=20),
            Column(gettext_lazy("Round reached"), lambda p: p.current_round.name, width=22),
            Column(gettext_lazy("Verified risalah"), lambda p: yes_no(p.risalah_id is not None), width=12),
            Column(gettext_lazy("Presentation order"), lambda p: p.lottery_order, INTEGER),
        ),
    )


# --- scores and rankings ------------------------------------------------------------------------


def scores_listed(event: Event) -> QuerySet[Score]:
    """Every score of the event: one row per jury member, group and criterion."""
    return (
        Score.objects.filter(round__event=event)
        .select_related("round", "participant__track", "participant__group__unit", "jury__user", "criterion")
        .order_by(
            "round__order",
            "participant__track__order",
            "participant__group__name",
            "jury__pk",
            "criterion__order",
            "pk",
        )
    )


def scores_table(event: Event) -> Table:
    return Table(
        name=f"nilai-{event.uuid}",
        title=gettext_lazy("Scores"),
        columns=(
            Column(gettext_lazy("Round"), lambda score: score.round.name, width=20),
            Column(gettext_lazy("Track"), lambda score: score.participant.track.name, width=18),
            Column(gettext_lazy("Group"), lambda score: score.participant.group.name, width=28),
            Column(gettext_lazy("Unit"), lambda score: score.participant.group.unit.name, width=28),
            Column(gettext_lazy("Jury member"), lambda score: str(score.jury.user), width=24),
            Column(gettext_lazy("Criterion"), lambda score: score.criterion.name, width=24),
            Column(gettext_lazy("Points"), lambda score: score.points, DECIMAL),
            Column(gettext_lazy("Comment"), lambda score: score.comment, width=40),
        ),
    )


def tie_text(result: Result, names: dict, criterion_names: dict) -> str:
    """The ranking's sentence for a tie stored with a result (empty without a tie)."""
    stored = result.tie_break or {}
    if not stored:
        return ""
    rule, value = stored.get("rule"), stored.get("value")
    if value is not None and rule != scoring.LOTTERY:
        value = number_format(Decimal(value), decimal_pos=2)  # "26,00", not "26.0000"
    tie = scoring.TieBreak(tuple(stored.get("tied_with", ())), rule, value)
    return scoring.describe_tie(tie, names, criterion_names)


def ranking_tables(round: Round) -> list[dict]:
    """Per track of the round: its criteria and its stored results as rows. Two queries."""
    criteria = list(Criterion.objects.filter(round=round).select_related("track").order_by("order", "pk"))
    tracks: dict[int, Track] = {}
    by_track: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        tracks.setdefault(criterion.track_id, criterion.track)
        by_track[criterion.track_id].append(criterion)
    results = defaultdict(list)
    for result in (
        Result.objects.filter(round=round)
        .select_related("participant__group__unit", "award_tier", "track")
        .order_by("rank", "participant__group__name")
    ):
        # A track whose rubric lost its criteria still shows its results (every result counted).
        tracks.setdefault(result.track_id, result.track)
        results[result.track_id].append(result)
    tables = []
    for track in sorted(tracks.values(), key=lambda t: (t.order, t.pk)):
        track_criteria = by_track[track.pk]
        criterion_names = {c.code: c.name for c in track_criteria}
        names = {r.participant_id: r.participant.group.name for r in results[track.pk]}
        rows = [
            {
                "round": round,
                "track": track,
                "result": result,
                "group": result.participant.group,
                "averages": [result.criterion_scores.get(c.code, "") for c in track_criteria],
                "tie": tie_text(result, names, criterion_names),
            }
            for result in results[track.pk]
        ]
        tables.append({"track": track, "criteria": track_criteria, "rows": rows})
    return tables


def ranking_listed(rounds) -> list[dict]:
    """The ranking rows of ``rounds`` (in their order), as the ranking pages show them. Two
    queries per round."""
    return [row for round in rounds for table in ranking_tables(round) for row in table["rows"]]


def _average(criterion: Criterion):
    def value(row: dict):
        if row["track"].pk != criterion.track_id:
            return None
        stored = row["result"].criterion_scores.get(criterion.code)
        return Decimal(stored) if stored not in (None, "") else None

    return value


def ranking_table(event: Event, round: Round | None = None, tables: list[dict] = ()) -> Table:
    """The ranking of the whole event, or (``round``, with its ``ranking_tables``) of one round:
    then also a column per criterion of the round, as the ranking page shows them per track."""
    stem = f"peringkat-{event.uuid}" + (f"-babak-{round.order}" if round else "")
    several = len(tables) > 1
    criteria = tuple(
        Column(
            f"{criterion.name} ({table['track'].name})" if several else criterion.name,
            _average(criterion),
            DECIMAL,
        )
        for table in tables
        for criterion in table["criteria"]
    )
    return Table(
        name=stem,
        title=gettext_lazy("Ranking"),
        columns=(
            Column(gettext_lazy("Round"), lambda row: row["round"].name, width=20),
            Column(gettext_lazy("Track"), lambda row: row["track"].name, width=18),
            Column(gettext_lazy("Rank"), lambda row: row["result"].rank, INTEGER),
            Column(gettext_lazy("Group"), lambda row: row["group"].name, width=28),
            Column(gettext_lazy("Unit"), lambda row: row["group"].unit.name, width=28),
            Column(gettext_lazy("Total"), lambda row: row["result"].total, DECIMAL),
            Column(gettext_lazy("Total before normalisation"), lambda row: row["result"].raw_total, DECIMAL),
            *criteria,
            Column(gettext_lazy("Juries counted"), lambda row: row["result"].jury_count, INTEGER),
            Column(
                gettext_lazy("Award"),
                lambda row: row["result"].award_tier.name if row["result"].award_tier else "",
                width=16,
            ),
            Column(gettext_lazy("How the tie was broken"), lambda row: row["tie"], width=50),
        ),
    )


# --- Bimtek attendance --------------------------------------------------------------------------


def attendees_listed(user, event: Event, q: str = "") -> QuerySet[BimtekParticipant]:
    """The attendees ``user`` may see (the bureau: all; an operator: those of their units), in
    name order; ``q`` searches the name, or the NIP when it is digits (spaces allowed)."""
    attendees = permissions.visible_attendees(user, event)
    q = q.strip()
    if q:
        condition = Q(name__icontains=q)
        digits = normalise_nip(q)
        if digits.isdigit():
            condition |= Q(nip__contains=digits)
        attendees = attendees.filter(condition)
    return attendees.select_related("unit").order_by("name", "pk")


def attendance_table(event: Event) -> Table:
    """The attendance sheet; "No." numbers the rows in the order written (a table per export)."""
    numbers = count(1)

    def number(attendees: list) -> None:
        for attendee in attendees:
            attendee.number = next(numbers)

    return Table(
        name=f"kehadiran-{slugify(event.title) or 'bimtek'}",
        title=gettext_lazy("Attendance"),
        columns=(
            Column(gettext_lazy("No."), lambda a: a.number, INTEGER, width=6),
            Column(gettext_lazy("Name"), lambda a: a.name, width=30),
            Column(gettext_lazy("NIP"), lambda a: a.nip, width=20),
            Column(gettext_lazy("Unit"), lambda a: a.unit.name, width=30),
            Column(gettext_lazy("Attended"), lambda a: yes_no(a.attended), width=8),
            Column(gettext_lazy("Checked in at"), lambda a: a.attended_at, DATETIME),
        ),
        prepare=number,
    )


# --- scoring progress of a round ----------------------------------------------------------------


def _progress_cell(cell) -> str:
    """A cell of the progress grid in words, as the page shows it (never "2/4": a CSV read by a
    spreadsheet program would take it for a date)."""
    if cell.conflict:
        return _("conflict")
    if not cell.assigned:
        return ""
    if cell.done:
        return _("scored")
    if cell.scored:
        return _("%(scored)s of %(criteria)s criteria") % {"scored": cell.scored, "criteria": cell.criteria}
    return _("not yet")


def _jury_header(jury) -> str:
    return str(jury.user) if jury.is_active else f"{jury.user} ({_('inactive')})"


def progress_table(round: Round, juries: list) -> Table:
    """The progress grid of ``round``: a row per group, a column per jury member (``juries``,
    the grid's columns), then the counts."""
    jury_columns = tuple(
        Column(_jury_header(jury), lambda row, index=index: _progress_cell(row.cells[index]), width=18)
        for index, jury in enumerate(juries)
    )
    return Table(
        name=f"kemajuan-{round.event.uuid}-babak-{round.order}",
        title=gettext_lazy("Scoring progress"),
        columns=(
            Column(gettext_lazy("Group"), lambda row: row.participant.group.name, width=28),
            Column(gettext_lazy("Unit"), lambda row: str(row.participant.group.unit), width=24),
            Column(gettext_lazy("Track"), lambda row: row.participant.track.name, width=18),
            *jury_columns,
            Column(gettext_lazy("Juries done"), lambda row: row.done, INTEGER),
            Column(gettext_lazy("Juries assigned"), lambda row: row.assigned, INTEGER),
        ),
    )
