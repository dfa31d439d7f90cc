"""The queries behind the dashboard's figures.

The flag figures of the dashboard and the trend are counted in one pass over the groups
(:class:`Tally`): each group joined to its record and its risalah of the year, each figure a
``COUNT(DISTINCT group) FILTER (...)``, rows grouped by the path prefix of the row unit
(``Substr("unit__path", 1, len(root.path) + STEPLEN)``); "has none" figures (not submitted,
overdue) are the groups less those that have one. The lists behind the numbers filter the groups
with the same conditions written as ``Exists`` subqueries (:class:`Flags`), and a test holds the
two together. The dashboard is therefore a fixed handful of queries whatever the number of units
and groups, and the trend is one query whatever the number of years (a subquery per year,
returning its counts as one JSON object). The member and meeting figures are grouped aggregates over joins (roster members,
meetings, attendances, steps), one query each, grouped by the same keys; the members, being
distinct people, are counted by ``COUNT(DISTINCT)`` once per grouping (rows, kinds, total) rather
than summed (:func:`count_members`). A filed risalah is counted as filed: the columns of its newest
snapshot (``RisalahSnapshot.is_latest``). The Bimtek attendees are distinct people too, few,
fetched as rows and counted here (:func:`attendee_rows`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThan

from core.models import PEMDA_KINDS, Unit
from events.models import BimtekParticipant, EventKind, EventStatus, Participant, Result, Round
from groups.models import Completeness, Group, GroupYear, ProgrammeYear, RosterMember
from reports.indicators import COUNTED_ROLES, STATE_FIELDS, Figures
from reports.models import MemberTally, TrendTally
from reports.tally_marks import flush
from risalah.models import Meeting, Risalah, RisalahSnapshot, RisalahStep, Status

# --- the year, as the queries see it ----------------------------------------------------------


@dataclass(frozen=True)
class YearRef:
    """How the conditions refer to the programme year: literal values of one year, or the columns
    of an outer ProgrammeYear query (the trend). ``*_inner`` are seen from a subquery on GroupYear
    or Risalah nested in the group query, the others from the group query itself."""

    pk: Any
    number: Any
    risalah_deadline_inner: Any
    risalah_deadline: Any
    sk_deadline: Any

    @classmethod
    def of(cls, year: ProgrammeYear) -> YearRef:
        return cls(year.pk, year.year, year.risalah_deadline, year.risalah_deadline, year.sk_deadline)

    @classmethod
    def outer(cls) -> YearRef:
        return cls(
            OuterRef(OuterRef("pk")),
            OuterRef("year"),
            OuterRef(OuterRef("risalah_deadline")),
            OuterRef("risalah_deadline"),
            OuterRef("sk_deadline"),
        )


def population(year_number: Any, prefix: str = "") -> Q:
    """The groups of a year: active and formed by the end of it (no formation date: always).
    ``prefix`` is the path from the queried model to Group (``"group_year__group__"``)."""
    return Q(**{f"{prefix}is_active": True}) & (
        Q(**{f"{prefix}formed_on__isnull": True}) | Q(**{f"{prefix}formed_on__year__lte": year_number})
    )


ALL = object()  # an indicator that keeps every group of the year
NOTHING = object()  # an indicator that keeps none (e.g. "overdue" before any deadline)


class Flags:
    """Per-group conditions for one year, as ``Exists`` expressions on an outer Group query."""

    def __init__(self, ref: YearRef, today: date):
        self.ref = ref
        self.today = today
        group_years = GroupYear.objects.filter(group=OuterRef("pk"), programme_year=ref.pk)
        risalah = Risalah.objects.filter(group=OuterRef("pk"), programme_year=ref.pk)
        self.has_sk = Exists(
            group_years.exclude(sk_number="").exclude(sk_scan="").filter(sk_date__isnull=False)
        )
        self.complete = Exists(group_years.filter(status=Completeness.COMPLETE))
        self.filed = Exists(risalah.exclude(status=Status.DRAFT))
        self.state = {status: Exists(risalah.filter(status=status)) for status in Status}
        self.awaiting_review = Exists(risalah.filter(status__in=Status.REVIEWABLE))
        # The Gelar of the year: the group took part; the group won an award of the last round
        # of a Gelar whose results are published.
        entries = Participant.objects.filter(event__programme_year=ref.pk, event__kind=EventKind.GELAR)
        self.in_gelar = Exists(entries.filter(group=OuterRef("pk")))
        later_round = Round.objects.filter(event=OuterRef("round__event"), order__gt=OuterRef("round__order"))
        awards = Result.objects.filter(
            participant__event__programme_year=ref.pk,
            participant__event__kind=EventKind.GELAR,
            participant__event__status=EventStatus.RESULTS_PUBLISHED,
            award_tier__isnull=False,
        ).filter(~Exists(later_round))
        self.awarded = Exists(awards.filter(participant__group=OuterRef("pk")))
        # The same two as ``pk IN`` lists of the year's (few) Gelar groups: not correlated with the
        # group, so PostgreSQL hashes each list once per year instead of probing per joined row.
        self.in_gelar_list = Q(pk__in=entries.values("group"))
        self.awarded_list = Q(pk__in=awards.values("participant__group"))
        if ref.risalah_deadline_inner is None:
            self.on_time = None
        else:
            # submitted_at__date is the date in the portal's time zone (Asia/Jakarta).
            self.on_time = Exists(risalah.filter(submitted_at__date__lte=ref.risalah_deadline_inner))

    def _passed(self, deadline: Any) -> Any:
        """True/False for a literal deadline; an SQL condition for a column of the outer year."""
        if deadline is None:
            return False
        if isinstance(deadline, date):
            return deadline < self.today
        return LessThan(deadline, Value(self.today, output_field=DateField()))

    def _late(self, deadline: Any, done: Any) -> Any:
        """Not ``done`` once ``deadline`` has passed; NOTHING when it cannot be (yet)."""
        passed = self._passed(deadline)
        if passed is False or done is None:
            return NOTHING
        return Q(~done) if passed is True else Q(passed) & Q(~done)

    def risalah_overdue(self) -> Any:
        return self._late(self.ref.risalah_deadline, self.on_time)

    def sk_overdue(self) -> Any:
        """After the SK and roster deadline: SK and roster not complete (none recorded included)."""
        return self._late(self.ref.sk_deadline, self.complete)

    def overdue(self) -> Any:
        parts = [part for part in (self.risalah_overdue(), self.sk_overdue()) if part is not NOTHING]
        if not parts:
            return NOTHING
        condition = parts[0]
        for part in parts[1:]:
            condition |= part
        return condition

    def condition(self, field_name: str) -> Any:
        """The condition of an indicator's field, or ALL / NOTHING."""
        state_of = {name: status for status, name in STATE_FIELDS.items()}
        if field_name == "groups":
            return ALL
        if field_name == "sk_valid":
            return self.has_sk
        if field_name == "complete":
            return self.complete
        if field_name in state_of:
            return self.state[state_of[field_name]]
        if field_name == "not_filed":
            return ~self.filed
        if field_name == "overdue":
            return self.overdue()
        if field_name == "sk_overdue":
            return self.sk_overdue()
        if field_name == "awaiting_review":
            return self.awaiting_review
        if field_name == "missing":
            return Q(~self.complete) | Q(~self.filed)
        if field_name == "gelar_groups":
            return self.in_gelar
        if field_name == "gelar_awarded":
            return self.awarded
        raise ValueError(f"{field_name} is not a group indicator")


# The figures counted from the per-group conditions of Flags (the others: see additive, count_members).
GROUP_FIELDS = (
    "groups",
    "sk_valid",
    "complete",
    "sk_overdue",
    *STATE_FIELDS.values(),
    "not_filed",
    "overdue",
    "awaiting_review",
    "missing",
    "gelar_groups",
    "gelar_awarded",
)


# The Tally counts that are stored per unit and year (reports.models.TrendTally, kept by
# reports.trend_tally); the Gelar's are read live: a few rows per year.
TALLIED = (
    "groups",
    "sk_valid",
    "complete",
    *STATE_FIELDS.values(),
    "filed",
    "complete_and_filed",
    "awaiting_review",
    "on_time",
    "complete_and_on_time",
)
# The filed risalah's figures stored beside them per unit (the sums of :func:`live_outcomes`
# grouped by unit), so that the dashboard's figures over whole units read no meeting nor step.
TALLIED_OUTCOMES = ("meetings", "present", "expected", "targets_reached", "standards")


class Tally:
    """The group figures of a year counted in one pass over the groups: each group joined to its
    record of the year (at most one) and to its risalah of the year (one per revision), each
    figure a ``COUNT(DISTINCT group) FILTER (...)`` of the groups with a joined row that meets the
    condition, which is what the ``Exists`` of :class:`Flags` asks. A "has none" figure is the
    groups less those that have one, and the deadlines are applied in Python
    (:meth:`figures`), the same way as :meth:`Flags.overdue`. The Gelar figures are ``pk IN`` the
    year's (few) Gelar groups, a list hashed once per year (an ``EXISTS`` per joined row cost the
    trend about a third of its time). The lists behind the numbers keep the conditions of Flags.

    ``year_pk`` and ``risalah_deadline`` are seen from the group query: a value, or an
    ``OuterRef`` to the ProgrammeYear query of the trend.
    """

    YEAR = "tally_year"
    RISALAH = "tally_risalah"

    def __init__(self, ref: YearRef, today: date, *, year_pk: Any, risalah_deadline: Any):
        self.flags = Flags(ref, today)
        self.today = today
        self.year_pk = year_pk
        self.risalah_deadline = risalah_deadline

    def join(self, groups: QuerySet) -> QuerySet:
        return groups.annotate(
            **{
                self.YEAR: FilteredRelation("years", condition=Q(years__programme_year=self.year_pk)),
                self.RISALAH: FilteredRelation("risalah", condition=Q(risalah__programme_year=self.year_pk)),
            }
        )

    def counts(self) -> dict[str, Any]:
        """The count expressions, on a queryset from :meth:`join`."""
        year, risalah = f"{self.YEAR}__", f"{self.RISALAH}__"
        complete = Q(**{f"{year}status": Completeness.COMPLETE})
        filed = Q(**{f"{risalah}status__in": sorted(set(Status) - {Status.DRAFT})})
        conditions: dict[str, Any] = {
            "groups": None,
            # "> ''" rather than an exclude: a negated lookup on a joined reverse relation would
            # become a subquery again.
            "sk_valid": Q(
                **{f"{year}sk_number__gt": "", f"{year}sk_scan__gt": "", f"{year}sk_date__isnull": False}
            ),
            "complete": complete,
            **{name: Q(**{f"{risalah}status": status}) for status, name in STATE_FIELDS.items()},
            "filed": filed,
            "complete_and_filed": complete & filed,
            "awaiting_review": Q(**{f"{risalah}status__in": sorted(Status.REVIEWABLE)}),
            "gelar_groups": self.flags.in_gelar_list,
            "gelar_awarded": self.flags.awarded_list,
        }
        if self.risalah_deadline is not None:
            on_time = Q(**{f"{risalah}submitted_at__date__lte": self.risalah_deadline})
            conditions["on_time"] = on_time
            conditions["complete_and_on_time"] = complete & on_time
        return {
            f"tally_{name}": Count("pk", distinct=True, filter=condition)
            for name, condition in conditions.items()
        }

    def figures(
        self, values: dict[str, Any], risalah_deadline: date | None, sk_deadline: date | None
    ) -> dict:
        """The group figures from the counts of :meth:`counts` (keys ``tally_*``) and the year's
        deadlines: the groups that meet each indicator's condition in :class:`Flags`."""
        tally = {name.removeprefix("tally_"): value or 0 for name, value in values.items()}
        groups = tally["groups"]
        figures = {name: tally[name] for name in GROUP_FIELDS if name in tally}
        figures["not_filed"] = groups - tally["filed"]
        figures["missing"] = groups - tally["complete_and_filed"]
        risalah_late = risalah_deadline is not None and risalah_deadline < self.today and "on_time" in tally
        sk_late = sk_deadline is not None and sk_deadline < self.today
        if sk_late:
            figures["sk_overdue"] = groups - tally["complete"]
        if risalah_late and sk_late:
            figures["overdue"] = groups - tally["complete_and_on_time"]
        elif risalah_late:
            figures["overdue"] = groups - tally["on_time"]
        elif sk_late:
            figures["overdue"] = groups - tally["complete"]
        return figures


# --- which groups are counted, and the grouped aggregates ------------------------------------


@dataclass(frozen=True)
class Selection:
    """The groups (and units) a set of figures counts: the year's groups within a place, optionally
    of one unit kind, optionally only some groups (a page of a list)."""

    year: ProgrammeYear
    place: Callable[[str], Q]  # unit prefix -> condition (Scope.condition, Within.condition)
    kind: str | None = None
    group_ids: tuple[int, ...] | None = None

    def groups(self, prefix: str = "") -> Q:
        """The condition on Group, seen from a model whose path to Group is ``prefix``."""
        condition = population(self.year.year, prefix) & self.place(f"{prefix}unit__")
        if self.kind:
            condition &= Q(**{f"{prefix}unit__kind": self.kind})
        if self.group_ids is not None:
            condition &= Q(**{f"{prefix}pk__in": self.group_ids})
        return condition

    def units(self) -> Q:
        condition = self.place("")
        if self.kind:
            condition &= Q(kind=self.kind)
        return condition

    def attendees(self) -> Q:
        """The condition on BimtekParticipant: registered for a unit of the place (and kind).
        ``group_ids`` does not apply: an attendee belongs to no group."""
        condition = self.place("unit__")
        if self.kind:
            condition &= Q(unit__kind=self.kind)
        return condition


@dataclass(frozen=True)
class Key:
    """What figures are grouped by: an expression seen from a model whose path to Group is the
    prefix, and (for the units query) seen from Unit; None when units are not grouped this way.
    ``per_group``: the expression reads the group itself, not only its unit (``<prefix>unit...``),
    so the per-unit stored counts cannot be grouped by it."""

    on_group: Callable[[str], Any]
    on_unit: Callable[[], Any] | None = None
    per_group: bool = False


Keys = dict[str, Key]


GROUP_KEY: Keys = {"group": Key(lambda prefix: F(f"{prefix}pk"), per_group=True)}
UNIT_KEY: Keys = {"unit": Key(lambda prefix: F(f"{prefix}unit"))}


def grouped(queryset: QuerySet, keys: Keys, prefix: str | None, **aggregates) -> list[tuple[tuple, dict]]:
    """(key values, aggregates) per group of ``keys``; without keys, one aggregate over everything.
    ``prefix`` is the path from the queryset's model to Group; None for the units query."""
    if not keys:
        return [((), queryset.aggregate(**aggregates))]
    names = [f"key_{name}" for name in keys]
    expressions = {
        f"key_{name}": key.on_unit() if prefix is None else key.on_group(prefix) for name, key in keys.items()
    }
    rows = queryset.annotate(**expressions).order_by().values(*names).annotate(**aggregates)
    return [(tuple(row.pop(name) for name in names), row) for row in rows]


def filed_risalah(year: ProgrammeYear, prefix: str = "") -> Q:
    """The risalah counted for meetings and results: of the year, filed, and not followed by a
    newer filed revision (a revision is only started from a verified one, so the next one is
    enough to look at).

    The "not followed" part is a ``NOT IN`` the (few) risalah followed by a filed revision, one
    hashed list PostgreSQL reads from the unique index on ``previous_revision`` (a LEFT JOIN to
    the next revision read the whole risalah table)."""
    condition = Q(**{f"{prefix}programme_year": year.pk, f"{prefix}status__in": Status.STANDING})
    followed = Risalah.objects.filter(previous_revision__isnull=False, status__in=Status.STANDING)
    return condition & ~Q(**{f"{prefix}pk__in": followed.values("previous_revision")})


def latest_snapshot(prefix: str = "") -> Q:
    """The snapshot (``prefix``: the path to RisalahSnapshot) is the newest of its risalah (the
    flag kept by ``risalah.snapshots.record``)."""
    return Q(**{f"{prefix}is_latest": True})


def live_filed(year: ProgrammeYear) -> QuerySet:
    """The pks of the counted filed risalah with no snapshot (filed before snapshots existed),
    whose figures are read live: few, found through the partial index of the newest snapshots."""
    snapshot = RisalahSnapshot.objects.filter(latest_snapshot(), risalah=OuterRef("pk"))
    return Risalah.objects.filter(filed_risalah(year), ~Exists(snapshot)).values("pk")


def filed_live(year: ProgrammeYear, prefix: str = "") -> Q:
    """The risalah (``prefix``: the path to Risalah) is one of :func:`live_filed`. A condition on
    its pk alone, so in the ``filter()`` of a prefix that crosses a multi-valued relation
    (``group_year__group__risalah__``) an aggregate over that risalah's rows speaks of the same
    risalah."""
    # A LEFT JOIN to the snapshots (or a NOT EXISTS per risalah of the outer rows) read the whole
    # snapshot table; a hashed pk list of (usually) no risalah is read once. The year and status
    # repeated outside (positive lookups: the same join) let PostgreSQL start from the year's
    # risalah rather than from every attendance.
    return Q(
        **{
            f"{prefix}programme_year": year.pk,
            f"{prefix}status__in": Status.STANDING,
            f"{prefix}pk__in": live_filed(year),
        }
    )


def without_snapshot(queryset: QuerySet, year: ProgrammeYear, prefix: str) -> QuerySet:
    """The rows of ``queryset`` whose risalah (``prefix``: the path to Risalah, a single-valued
    one) is a counted filed risalah with no snapshot: :func:`filed_live` written as a LEFT JOIN
    to the risalah's newest snapshot. PostgreSQL applies that join to the year's risalah before
    the meetings and attendances (reading the partial index of the newest snapshots), where it
    put a ``pk IN`` or a ``NOT EXISTS`` after joining every attendance."""
    newest = FilteredRelation(f"{prefix}snapshots", condition=Q(**{f"{prefix}snapshots__is_latest": True}))
    return (
        queryset.filter(filed_risalah(year, prefix))
        .annotate(filed_snapshot=newest)
        .filter(filed_snapshot__isnull=True)
    )


def filed_snapshots(year: ProgrammeYear, prefix: str = "") -> Q:
    """The snapshot (``prefix``: the path to RisalahSnapshot) holds the figures as filed of the
    counted risalah: the newest snapshot of a counted filed risalah."""
    return filed_risalah(year, f"{prefix}risalah__") & latest_snapshot(prefix)


def member_sources(year: ProgrammeYear) -> list[tuple[QuerySet, str]]:
    """Where the members of the year's groups are read, with each source's path to Group: the
    rosters, except for a group whose counted filed risalah has a snapshot, whose members as
    filed count instead (a roster change after filing changes no figure of that risalah)."""
    as_filed = RisalahSnapshot.objects.filter(
        filed_snapshots(year), risalah__group=OuterRef("group_year__group")
    )
    live = RosterMember.objects.filter(group_year__programme_year=year.pk, role__in=COUNTED_ROLES).exclude(
        Exists(as_filed)
    )
    filed = RisalahSnapshot.members.through.objects.filter(filed_snapshots(year, "risalahsnapshot__"))
    return [(live, "group_year__group__"), (filed, "risalahsnapshot__risalah__group__")]


def target_reached(prefix: str = "") -> Q:
    """A step of the risalah says the target was reached (the before-and-after tool of step 6)."""
    return Q(**{f"{prefix}data__before_after__target_reached": True})


def standard_named(prefix: str = "") -> Q:
    """A step of the risalah names a standard (the standard tool of step 7): a title or a number."""

    # KT() does not follow relations; a KeyTextTransform over the related field does.
    def text(key: str) -> KeyTextTransform:
        return KeyTextTransform(key, KeyTransform("standard", f"{prefix}data"))

    return Q(GreaterThan(text("title"), Value(""))) | Q(GreaterThan(text("number"), Value("")))


def additive(selection: Selection, keys: Keys, today: date, *, outcomes: bool = True) -> dict[tuple, Figures]:
    """Every figure that sums over disjoint parts, per key. Over whole units (:func:`reads_stored`)
    two queries, the units and the stored group figures with the filed risalah's; for a list of
    groups or a key that reads the group, seven (the outcomes live, :func:`live_outcomes`).
    Without the ``outcomes`` (meetings, attendance, results), two."""
    year = selection.year
    results: list[tuple[tuple, dict]] = []
    if all(key.on_unit is not None for key in keys.values()):
        results += grouped(
            counted_units().filter(selection.units()),
            keys,
            None,
            units=Count("pk"),
            units_with_group=Count("pk", filter=has_groups(year.year)),
            asn=Coalesce(Sum("asn_count"), 0),
        )
    results += group_figures(selection, keys, today)
    if outcomes and not reads_stored(selection, keys):
        results += live_outcomes(selection, keys)
    return collect(results)


def live_outcomes(selection: Selection, keys: Keys) -> list[tuple[tuple, dict]]:
    """The filed risalah's figures (:data:`TALLIED_OUTCOMES`) per key, counted from the snapshots,
    meetings, attendances, rosters and steps. Five queries."""
    year = selection.year
    results: list[tuple[tuple, dict]] = []
    # The meetings and attendance of a risalah as filed; of one filed before snapshots, live.
    as_filed = RisalahSnapshot.objects.filter(selection.groups("risalah__group__"), filed_snapshots(year))
    results += grouped(
        as_filed,
        keys,
        "risalah__group__",
        meetings=Sum("meetings"),
        present=Sum("present"),
        expected=Sum("expected"),
    )
    meetings = without_snapshot(
        Meeting.objects.filter(selection.groups("risalah__group__")), year, "risalah__"
    )
    results += grouped(meetings, keys, "risalah__group__", meetings=Count("pk"))
    # The LEFT JOIN before the roster joins: past eight joins PostgreSQL keeps the written order.
    attendances = without_snapshot(
        Meeting.attendees.through.objects.filter(selection.groups("meeting__risalah__group__")),
        year,
        "meeting__risalah__",
    ).filter(
        person__memberships__group_year__group=F("meeting__risalah__group"),
        person__memberships__group_year__programme_year=year.pk,
        person__memberships__role__in=COUNTED_ROLES,
    )
    results += grouped(attendances, keys, "meeting__risalah__group__", present=Count("pk"))
    # One row per roster member and meeting of the group's filed risalah: the seats expected.
    seats = RosterMember.objects.filter(
        selection.groups("group_year__group__"),
        filed_live(year, "group_year__group__risalah__"),
        group_year__programme_year=year.pk,
        role__in=COUNTED_ROLES,
    )
    results += grouped(
        seats, keys, "group_year__group__", expected=Count("group_year__group__risalah__meetings")
    )
    # Per filed risalah, whether a step says so (EXISTS, not a join: a join sorted every step's
    # data with the rows).
    steps = Risalah.objects.filter(selection.groups("group__"), filed_risalah(year))
    of_risalah = RisalahStep.objects.filter(risalah=OuterRef("pk"))
    results += grouped(
        steps,
        keys,
        "group__",
        targets_reached=Count("group", distinct=True, filter=Exists(of_risalah.filter(target_reached()))),
        standards=Count("group", distinct=True, filter=Exists(of_risalah.filter(standard_named()))),
    )
    return results


def group_figures(selection: Selection, keys: Keys, today: date) -> list[tuple[tuple, dict]]:
    """The group figures (:data:`GROUP_FIELDS`) per key. One query. Over whole units (no key
    reads the group, no list of groups): the sums of the stored per-unit counts (:data:`TALLIED`,
    kept equal to a recount by :mod:`reports.trend_tally`), each unit's row with its number of
    the year's (few) Gelar groups and award winners counted live beside it. Otherwise the one
    pass of :class:`Tally` over the groups."""
    year = selection.year
    tally = Tally(YearRef.of(year), today, year_pk=year.pk, risalah_deadline=year.risalah_deadline)
    if not reads_stored(selection, keys):
        rows = grouped(tally.join(Group.objects.filter(selection.groups())), keys, "", **tally.counts())
    else:
        stored_rows_ready()
        # A row reaches its unit as a group does ("unit__..."): the place, the kind, the keys apply.
        stored = TrendTally.objects.filter(selection.place("unit__"), programme_year=year.pk)
        if selection.kind:
            stored = stored.filter(unit__kind=selection.kind)
        # As Tally.counts: without a risalah deadline nothing is "on time" (and none applies).
        late = () if year.risalah_deadline is not None else ("on_time", "complete_and_on_time")
        sums = {f"tally_{name}": Sum(name) for name in TALLIED if name not in late}
        outcomes = {name: Sum(name) for name in TALLIED_OUTCOMES}
        unit_groups = Group.objects.filter(population(year.year), unit=OuterRef("unit"))
        for name, condition in (
            ("gelar_groups", tally.flags.in_gelar_list),
            ("gelar_awarded", tally.flags.awarded_list),
        ):
            sums[f"tally_{name}"] = Sum(subquery_count(unit_groups.filter(condition)))
        return [
            (key, {**tally.figures(values, year.risalah_deadline, year.sk_deadline), **results})
            for key, values in grouped(stored, keys, "", **sums, **outcomes)
            for results in [{name: values.pop(name) or 0 for name in TALLIED_OUTCOMES}]
        ]
    return [(key, tally.figures(values, year.risalah_deadline, year.sk_deadline)) for key, values in rows]


def reads_stored(selection: Selection, keys: Keys) -> bool:
    """The figures are over whole units (no list of groups, no key that reads the group): the
    stored per-unit counts apply."""
    return selection.group_ids is None and not any(key.per_group for key in keys.values())


def stored_rows_ready() -> None:
    """Before reading the stored rows: count what this thread changed and has not committed yet
    (:func:`reports.tally_marks.flush`; no query when nothing is pending)."""
    flush()


def collect(results: list[tuple[tuple, dict]]) -> dict[tuple, Figures]:
    """Figures per key; a figure given by two queries (as filed and live) is their sum."""
    by_key: dict[tuple, Figures] = {}
    for key, values in results:
        figures = by_key.setdefault(key, Figures())
        for name, value in values.items():
            setattr(figures, name, getattr(figures, name) + (value or 0))
    return by_key


Grouping = tuple[str, ...]  # names of keys to count by; () counts over everything


def count_members(
    selection: Selection, keys: Keys, groupings: tuple[Grouping, ...] = ((),)
) -> dict[Grouping, dict[tuple, tuple[int, int]]]:
    """(members, members in units that recorded their ASN) per value of each grouping of
    ``keys``: distinct people, counted by the database. One query, whatever the number of
    groupings.

    People are distinct per key and the same person may come from a roster and from a risalah as
    filed, so the query stacks the two sources (:func:`member_sources`), each row marked whether
    its group's unit recorded its ASN, and counts ``COUNT(DISTINCT person)`` and
    ``COUNT(DISTINCT CASE WHEN marked THEN person END)`` over them once per grouping (a
    ``UNION ALL`` of one ``GROUP BY`` each: GROUPING SETS would do on PostgreSQL but not on
    SQLite). Both figures from one pass: building the rows is most of the cost."""
    counts: dict[Grouping, dict[tuple, tuple[int, int]]] = {grouping: {} for grouping in groupings}
    for index, key_values, members, known in _count_people_sql(selection, keys, groupings):
        counts[groupings[index]][key_values] = (members, known)
    return counts


def _count_people_sql(
    selection: Selection, keys: Keys, groupings: tuple[Grouping, ...]
) -> list[tuple[int, tuple, int, int]]:
    """(grouping index, key values of the grouping, distinct people, of them in units that
    recorded their ASN) per row. One query."""
    names = [f"key_{name}" for name in keys]
    parts, params = [], []
    for queryset, prefix in people_sources(selection, keys):
        known = Q(**{f"{prefix}unit__asn_count__isnull": False}) & ~Q(
            **{f"{prefix}unit__kind__in": PEMDA_KINDS}
        )
        expressions = {f"key_{name}": key.on_group(prefix) for name, key in keys.items()}
        rows = (
            queryset.annotate(
                **expressions,
                member=F("person"),
                known=Case(When(known, then=Value(1)), default=Value(0), output_field=IntegerField()),
            )
            .order_by()
            .values_list(*names, "member", "known")
        )
        sql, part_params = rows.query.sql_with_params()
        parts.append(sql)
        params.extend(part_params)
    quote = connection.ops.quote_name
    member, known = quote("member"), quote("known")
    selects = []
    for index, grouping in enumerate(groupings):
        columns = ", ".join(
            [str(index), *(quote(f"key_{name}") if name in grouping else "NULL" for name in keys)]
        )
        group_by = ", ".join(quote(f"key_{name}") for name in grouping)
        selects.append(
            f"SELECT {columns}, COUNT(DISTINCT {member}),"  # noqa: S608 (our names)
            f" COUNT(DISTINCT CASE WHEN {known} = 1 THEN {member} END) FROM people"
            + (f" GROUP BY {group_by}" if group_by else "")
        )
    # The SQL of our own querysets (the values in them are parameters) and names of our keys.
    sql = f"WITH people AS ({' UNION ALL '.join(parts)}) {' UNION ALL '.join(selects)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    positions = {name: position for position, name in enumerate(keys)}
    return [
        (row[0], tuple(row[1 + positions[name]] for name in groupings[row[0]]), row[-2], row[-1])
        for row in rows
    ]


def people_sources(selection: Selection, keys: Keys) -> list[tuple[QuerySet, str]]:
    """The rows of the selection's members (a ``person`` and a path to its unit), with each one's
    path to the unit's prefix. Over whole units (:func:`reads_stored`) the stored rows of
    :class:`reports.models.MemberTally` (one per person and unit, kept equal to
    :func:`member_rows` by :mod:`reports.trend_tally`); otherwise :func:`member_sources`."""
    if reads_stored(selection, keys):
        stored_rows_ready()
        stored = MemberTally.objects.filter(selection.place("unit__"), programme_year=selection.year.pk)
        if selection.kind:
            stored = stored.filter(unit__kind=selection.kind)
        return [(stored, "")]
    return [
        (queryset.filter(selection.groups(prefix)), prefix)
        for queryset, prefix in member_sources(selection.year)
    ]


def member_rows(year: ProgrammeYear, units: list[int] | None = None) -> set[tuple[int, int]]:
    """(unit, person) of everyone counted as a member of the year's groups (of ``units``, else
    of every unit): what :class:`reports.models.MemberTally` holds. Two queries."""
    rows: set[tuple[int, int]] = set()
    for queryset, prefix in member_sources(year):
        queryset = queryset.filter(population(year.year, prefix))
        if units is not None:
            queryset = queryset.filter(**{f"{prefix}unit__in": units})
        rows |= set(queryset.order_by().values_list(f"{prefix}unit", "person").distinct())
    return rows


def set_members(figures: Figures, counted: tuple[int, int] | None) -> None:
    figures.members, figures.asn_members = counted or (0, 0)


def bimtek_attendances(year_pk: Any) -> QuerySet:
    """The check-ins at a Bimtek of the year (``year_pk``: a value or an outer reference): one row
    per person and Bimtek. A seminar is not a Bimtek; a registration without check-in is not an
    attendance."""
    return BimtekParticipant.objects.filter(
        event__programme_year=year_pk, event__kind=EventKind.BIMTEK, attended=True
    )


AttendeeRows = set[tuple[tuple, str]]


def attendee_rows(selection: Selection, keys: Keys) -> AttendeeRows:
    """(key values, NIP) of every person who attended a Bimtek of the year in the selection. One
    query. The keys must read only the unit (``<prefix>unit__...``, as the row and kind keys do):
    an attendee has a unit but no group."""
    expressions = {f"key_{name}": key.on_group("") for name, key in keys.items()}
    values = (
        bimtek_attendances(selection.year.pk)
        .filter(selection.attendees())
        .annotate(**expressions)
        .order_by()
        .values_list(*expressions, "nip")
        .distinct()
    )
    return {(tuple(row[:-1]), row[-1]) for row in values}


def count_people(rows: AttendeeRows, by: Callable[[tuple], tuple] = lambda key: key) -> dict[tuple, int]:
    """Distinct NIPs per ``by(key)``."""
    people: dict[tuple, set[str]] = {}
    for key, nip in rows:
        people.setdefault(by(key), set()).add(nip)
    return {key: len(nips) for key, nips in people.items()}


def has_groups(year_number: Any) -> Exists:
    """For an outer Unit query: the unit has at least one group of the year."""
    return Exists(Group.objects.filter(population(year_number), unit=OuterRef("pk")))


def counted_units() -> QuerySet:
    """Units that count in the figures: active, not a whole government."""
    return Unit.objects.filter(is_active=True).exclude(kind__in=PEMDA_KINDS)


def subquery_count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of ``queryset`` as a correlated scalar subquery (no GROUP BY: always one row)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def subquery_count_distinct(queryset: QuerySet, field_name: str) -> Coalesce:
    """COUNT(DISTINCT field) of ``queryset`` as a correlated scalar subquery (see subquery_count)."""
    counted = (
        queryset.order_by()
        .annotate(n=Func(F(field_name), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
