"""The filing dashboard: for one programme year and one unit subtree, the unit x indicator
matrix, its totals and subtotals by unit kind, the lists behind its numbers, the trend over the
years and the next deadline. What is counted: :mod:`reports.indicators`; how: :mod:`reports.queries`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    JSONField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, JSONObject, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.models import Unit, UnitKind, User
from events.models import EventKind, EventStatus, Participant, Result, Round
from groups.models import Group, GroupYear, ProgrammeYear
from reports.indicators import (  # re-exported: callers read the indicators from the dashboard
    BY_SLUG,
    COLUMNS,
    GROUP,
    INDICATORS,
    PERSON,
    READY_FILTERS,
    TREND_COLUMNS,
    UNIT,
    Coverage,
    Figures,
    Indicator,
)
from reports.models import TrendTally
from reports.queries import (
    ALL,
    GROUP_FIELDS,
    GROUP_KEY,
    NOTHING,
    TALLIED,
    UNIT_KEY,
    Flags,
    Key,
    Keys,
    Selection,
    Tally,
    YearRef,
    additive,
    attendee_rows,
    bimtek_attendances,
    count_members,
    count_people,
    counted_units,
    filed_live,
    filed_risalah,
    filed_snapshots,
    has_groups,
    member_sources,
    population,
    set_members,
    standard_named,
    stored_rows_ready,
    subquery_count,
    subquery_count_distinct,
    target_reached,
)
from risalah.models import Meeting, Risalah, RisalahSnapshot

__all__ = [
    "BY_SLUG",
    "COLUMNS",
    "GROUP",
    "GROUP_FIELDS",
    "INDICATORS",
    "PERSON",
    "READY_FILTERS",
    "TREND_COLUMNS",
    "UNIT",
    "Coverage",
    "Figures",
    "Indicator",
]

STEPLEN = Unit.steplen


@dataclass
class Row:
    unit: Unit
    figures: Figures
    direct: bool = False  # the groups attached to the root unit itself


@dataclass(frozen=True)
class DashboardCoverage:
    units: Coverage  # units with at least one group / units
    verified: Coverage  # groups with a verified risalah / groups


@dataclass
class KindRow:
    kind: str  # a UnitKind value
    label: Any
    figures: Figures


@dataclass
class Dashboard:
    year: ProgrammeYear
    scope: Scope
    rows: list[Row]
    totals: Figures
    coverage: DashboardCoverage
    kinds: list[KindRow] = field(default_factory=list)  # subtotals by unit kind
    kind: str | None = None  # the unit kind filter


@dataclass
class TrendPoint:
    year: ProgrammeYear
    figures: Figures


# --- scope: which subtree, and which rows ----------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The units a dashboard covers.

    With a ``root``, the rows are the root's children (each with its whole subtree) and a row for
    the groups attached to the root itself. Without one (a user whose roles sit on several
    unrelated units), the rows are those ``tops`` units.
    """

    tops: tuple[Unit, ...]
    root: Unit | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(unit.path for unit in self.tops)

    def condition(self, prefix: str = "") -> Q:
        condition = Q()
        for path in self.paths:
            condition |= Q(**{f"{prefix}path__startswith": path})
        return condition

    def row_key(self, prefix: str = "") -> Any:
        """The expression naming a unit's row: its path cut at the row level."""
        if self.root is not None:
            return Substr(f"{prefix}path", 1, len(self.root.path) + STEPLEN)
        return Case(
            *[When(Q(**{f"{prefix}path__startswith": path}), then=Value(path)) for path in self.paths],
            default=Value(""),
            output_field=CharField(),
        )


def scope_for_unit(unit: Unit) -> Scope:
    return Scope(tops=(unit,), root=unit)


def default_scope(user: User, roles=permissions.READ_ROLES, *, admin_sees_all: bool = True) -> Scope | None:
    """The user's highest units for ``roles`` (an admin: every tree). Runs a query."""
    access = permissions.access_for(user)
    if access.is_admin and admin_sees_all:
        tops = list(Unit.objects.get_root_nodes())
    else:
        paths = sorted(set(access.paths_for(roles)))
        highest = [
            path for path in paths if not any(path != other and path.startswith(other) for other in paths)
        ]
        tops = list(Unit.objects.filter(path__in=highest)) if highest else []
    if not tops:
        return None
    if len(tops) == 1:
        return scope_for_unit(tops[0])
    return Scope(tops=tuple(tops))


def row_keys(scope: Scope) -> Keys:
    """Rows of the matrix crossed with unit kinds: summed either way, they give both tables."""
    return {
        "row": Key(lambda prefix: scope.row_key(f"{prefix}unit__"), lambda: scope.row_key()),
        "kind": Key(lambda prefix: F(f"{prefix}unit__kind"), lambda: F("kind")),
    }


# --- the dashboard --------------------------------------------------------------------------


def build_dashboard(
    year: ProgrammeYear, scope: Scope, *, kind: str | None = None, today: date | None = None
) -> Dashboard:
    """The unit x indicator matrix and its subtotals by unit kind. Five queries whatever the
    data: the units and the stored per-unit figures (groups, filed risalah) grouped by row and
    kind (two), the distinct members and ASN members by row, by kind and in total (one), the
    distinct Bimtek attendees the same way (one), and the row units."""
    today = today or timezone.localdate()
    selection = Selection(year=year, place=scope.condition, kind=kind)
    cells = additive(selection, row_keys(scope), today)
    by_row: dict[str, Figures] = {}
    by_kind: dict[str, Figures] = {}
    for (row_key, kind_key), figures in cells.items():
        by_row.setdefault(row_key, Figures()).add(figures)
        by_kind.setdefault(kind_key, Figures()).add(figures)
    members = count_members(selection, row_keys(scope), (("row",), ("kind",), ()))
    for row_key, figures in by_row.items():
        set_members(figures, members[("row",)].get((row_key,)))
    for kind_key, figures in by_kind.items():
        set_members(figures, members[("kind",)].get((kind_key,)))
    # Attendees need not belong to a unit that has a figure yet (the root itself, a unit kind
    # with no counted unit): their rows and kinds are made here if need be.
    attendees = attendee_rows(selection, row_keys(scope))
    for (row_key,), count in count_people(attendees, lambda key: key[:1]).items():
        by_row.setdefault(row_key, Figures()).bimtek_attendees = count
    for (kind_key,), count in count_people(attendees, lambda key: key[1:]).items():
        by_kind.setdefault(kind_key, Figures()).bimtek_attendees = count

    rows: list[Row] = []
    if scope.root is not None:
        root = scope.root
        own = by_row.pop(root.path, Figures())
        if not own.is_empty():
            rows.append(Row(unit=root, figures=own, direct=True))
        for child in Unit.objects.filter(path__startswith=root.path, depth=root.depth + 1):
            figures = by_row.pop(child.path, Figures())
            if child.is_active or not figures.is_empty():
                rows.append(Row(unit=child, figures=figures))
    else:
        rows = [Row(unit=unit, figures=by_row.pop(unit.path, Figures())) for unit in scope.tops]
    totals = Figures()
    for row in rows:
        totals.add(row.figures)
    set_members(totals, members[()].get(()))
    totals.bimtek_attendees = count_people(attendees, lambda key: ()).get((), 0)
    kinds = [
        KindRow(kind=choice.value, label=choice.label, figures=by_kind[choice.value])
        for choice in UnitKind
        if choice.value in by_kind and not by_kind[choice.value].is_empty()
    ]
    coverage = DashboardCoverage(units=totals.unit_coverage, verified=totals.verified_coverage)
    return Dashboard(
        year=year, scope=scope, rows=rows, totals=totals, coverage=coverage, kinds=kinds, kind=kind
    )


def build_totals(
    year: ProgrammeYear,
    scope: Scope,
    *,
    kind: str | None = None,
    today: date | None = None,
    filing_only: bool = False,
) -> Figures:
    """The dashboard's totals only. Four queries (the units, the stored figures, the members, the
    Bimtek attendees); ``filing_only`` (the home page, which shows no member figure): three."""
    today = today or timezone.localdate()
    selection = Selection(year=year, place=scope.condition, kind=kind)
    figures = additive(selection, {}, today, outcomes=not filing_only).get((), Figures())
    if not filing_only:
        set_members(figures, count_members(selection, {})[()].get(()))
    figures.bimtek_attendees = count_people(attendee_rows(selection, {})).get((), 0)
    return figures


# --- the lists behind the numbers -----------------------------------------------------------


@dataclass(frozen=True)
class Within:
    """Where a list looks: the whole scope, one unit's subtree, or only one unit's own groups."""

    scope: Scope
    unit: Unit | None = None
    direct: bool = False

    def condition(self, prefix: str = "") -> Q:
        if self.unit is None:
            return self.scope.condition(prefix)
        if self.direct:
            return Q(**{f"{prefix}pk": self.unit.pk})
        return Q(**{f"{prefix}path__startswith": self.unit.path})


def _outcome_condition(year: ProgrammeYear, field_name: str) -> Q | None:
    """The list condition of a member or filed-risalah figure (a non-correlated ``pk IN``)."""
    if field_name == "members":
        condition = Q()
        for queryset, prefix in member_sources(year):
            condition |= Q(pk__in=queryset.values(prefix.removesuffix("__")))
        return condition
    if field_name in ("meetings", "attendance_percent"):
        as_filed = RisalahSnapshot.objects.filter(filed_snapshots(year), meetings__gt=0)
        live = Meeting.objects.filter(filed_live(year, "risalah__"))
        return Q(pk__in=as_filed.values("risalah__group")) | Q(pk__in=live.values("risalah__group"))
    if field_name == "targets_reached":
        return Q(
            pk__in=Risalah.objects.filter(filed_risalah(year), target_reached("steps__")).values("group")
        )
    if field_name == "standards":
        return Q(
            pk__in=Risalah.objects.filter(filed_risalah(year), standard_named("steps__")).values("group")
        )
    return None


def indicator_groups(
    year: ProgrammeYear,
    within: Within,
    indicator: Indicator,
    *,
    kind: str | None = None,
    today: date | None = None,
) -> QuerySet:
    """The groups behind a number, with the year's SK record and risalah prefetched.

    Each group carries ``is_overdue``, ``is_sk_overdue``, ``is_risalah_overdue``, ``has_sk`` and
    ``is_filed``; ``year_record`` and ``year_risalah`` are set by :func:`attach_year`, the member
    and meeting figures by :func:`attach_figures`. The list has the same conditions as the count,
    so they always agree.
    """
    today = today or timezone.localdate()
    flags = Flags(YearRef.of(year), today)
    selection = Selection(year=year, place=within.condition, kind=kind)
    groups = Group.objects.filter(selection.groups())
    condition = _outcome_condition(year, indicator.field)
    if condition is None:
        condition = flags.condition(indicator.field)
    if condition is NOTHING:
        groups = groups.none()
    elif condition is not ALL:
        groups = groups.filter(condition)

    def flag(condition):
        if condition is NOTHING:
            return Value(False)
        return ExpressionWrapper(Q(condition), output_field=BooleanField())

    return (
        groups.annotate(
            is_overdue=flag(flags.overdue()),
            is_sk_overdue=flag(flags.sk_overdue()),
            is_risalah_overdue=flag(flags.risalah_overdue()),
            has_sk=flags.has_sk,
            is_filed=flags.filed,
        )
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "years", queryset=GroupYear.objects.filter(programme_year=year), to_attr="selected_years"
            ),
            Prefetch(
                "risalah",
                # "The" risalah of a year is its latest revision, not the one saved most often.
                queryset=Risalah.objects.filter(programme_year=year).order_by("-revision", "-created_at"),
                to_attr="selected_risalah",
            ),
        )
        .order_by("unit__path", "name")
    )


def attach_year(groups) -> None:
    """Set ``year_record`` (GroupYear or None) and ``year_risalah`` on groups of indicator_groups()."""
    for group in groups:
        group.year_record = group.selected_years[0] if group.selected_years else None
        group.year_risalah = group.selected_risalah[0] if group.selected_risalah else None


def attach_figures(groups, year: ProgrammeYear, *, today: date | None = None) -> None:
    """Set ``figures`` (a Figures with the members and the filed risalah's meetings, attendance
    and results) on each of ``groups``: the same queries as the dashboard, grouped by group, over
    these groups only. Six queries whatever their number."""
    groups = list(groups)
    if not groups:
        return
    today = today or timezone.localdate()
    selection = Selection(year=year, place=lambda prefix: Q(), group_ids=tuple(group.pk for group in groups))
    by_group = additive(selection, GROUP_KEY, today)
    members = count_members(selection, GROUP_KEY, (("group",),))[("group",)]
    for group in groups:
        group.figures = by_group.get((group.pk,), Figures())
        set_members(group.figures, members.get((group.pk,)))


def indicator_units(
    year: ProgrammeYear, within: Within, indicator: Indicator, *, kind: str | None = None
) -> QuerySet:
    """The units behind a number, each with ``group_count`` (groups of the year)."""
    units = counted_units().filter(Selection(year=year, place=within.condition, kind=kind).units())
    if indicator.field == "units_with_group":
        units = units.filter(has_groups(year.year))
    elif indicator.field == "units_without_group":
        units = units.exclude(has_groups(year.year))
    elif indicator.field not in ("units", "asn_percent"):
        raise ValueError(f"{indicator.field} is not a unit indicator")
    group_count = (
        Group.objects.filter(population(year.year), unit=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return units.annotate(group_count=Coalesce(Subquery(group_count, output_field=IntegerField()), 0))


def attach_unit_members(units, year: ProgrammeYear) -> None:
    """Set ``members`` (distinct people on the year's rosters of the unit's own groups) and
    ``asn_percent`` (None when the unit has not recorded its ASN) on each unit. One query."""
    units = list(units)
    if not units:
        return
    selection = Selection(
        year=year, place=lambda prefix: Q(**{f"{prefix}pk__in": [unit.pk for unit in units]})
    )
    members = count_members(selection, UNIT_KEY, (("unit",),))[("unit",)]
    for unit in units:
        unit.members = members.get((unit.pk,), (0, 0))[0]
        unit.asn_percent = Coverage(unit.members, unit.asn_count).percent if unit.asn_count else None


def indicator_people(year: ProgrammeYear, within: Within, *, kind: str | None = None) -> QuerySet:
    """The people behind the Bimtek number: one row (a dict: ``nip``, ``name``, ``unit_path``) per
    person who attended a Bimtek of the year, in unit then name order; the same conditions as the
    count, so the list's length is the number. :func:`attach_attendances` adds what they attended."""
    selection = Selection(year=year, place=within.condition, kind=kind)
    return (
        bimtek_attendances(year.pk)
        .filter(selection.attendees())
        .values("nip")
        .annotate(name=Min("name"), unit_path=Min("unit__path"))
        .order_by("unit_path", "name", "nip")
    )


def attach_attendances(people, year: ProgrammeYear, within: Within, *, kind: str | None = None) -> None:
    """Set ``attendances`` (their check-ins, with the Bimtek and the unit registered for, by date)
    and ``units`` (those units' names, once each) on each row of :func:`indicator_people`. One
    query whatever their number."""
    people = list(people)
    if not people:
        return
    selection = Selection(year=year, place=within.condition, kind=kind)
    by_nip: dict[str, list] = {person["nip"]: [] for person in people}
    attendances = (
        bimtek_attendances(year.pk)
        .filter(selection.attendees(), nip__in=list(by_nip))
        .select_related("event", "unit")
        .order_by("event__starts_on", "event__title", "pk")
    )
    for attendance in attendances:
        by_nip[attendance.nip].append(attendance)
    for person in people:
        person["attendances"] = by_nip[person["nip"]]
        person["units"] = list(dict.fromkeys(attendance.unit.name for attendance in person["attendances"]))


# --- trend ----------------------------------------------------------------------------------


def build_trend(scope: Scope, *, today: date | None = None) -> list[TrendPoint]:
    """The totals of every programme year, oldest first: one query, whatever the number of years.

    The group figures are the sums of the year's rows of :class:`reports.models.TrendTally` for
    the scope's units (the counts of :class:`Tally` per unit, kept equal to a recount by
    :mod:`reports.trend_tally`), the deadlines applied here as the dashboard does; the Gelar
    figures, the units and the Bimtek attendees are small subqueries of their own.

    Units are not versioned, so "units" is today's count in every year; "units with a group" uses
    each year's groups.
    """
    today = today or timezone.localdate()
    stored_rows_ready()
    # The scope's units as pk lists (not correlated with the year: read and hashed once, where a
    # join to the units scanned them again for every year).
    rows = TrendTally.objects.filter(
        programme_year=OuterRef("pk"), unit__in=Unit.objects.filter(scope.condition()).values("pk")
    )
    sums = {f"tally_{name}": Sum(name) for name in TALLIED}
    # A unit has a row for a year only when it has groups that year: has_groups() of the rows.
    units_with_group = Count(
        "unit", filter=Q(unit__in=counted_units().filter(scope.condition()).values("pk"))
    )
    # One row of aggregates (a constant "GROUP BY" is no GROUP BY), as one JSON column.
    per_year = (
        rows.annotate(one=Value(1))
        .order_by()
        .values("one")
        .annotate(tally=JSONObject(**sums, units_with_group=units_with_group))
        .values("tally")
    )
    # The Gelar's groups (Tally's conditions seen from the few entries and awards of the year).
    entries = Participant.objects.filter(
        population(OuterRef("year"), "group__"),
        scope.condition("group__unit__"),
        event__programme_year=OuterRef("pk"),
        event__kind=EventKind.GELAR,
    )
    later_round = Round.objects.filter(event=OuterRef("round__event"), order__gt=OuterRef("round__order"))
    awards = Result.objects.filter(
        population(OuterRef("year"), "participant__group__"),
        scope.condition("participant__group__unit__"),
        participant__event__programme_year=OuterRef("pk"),
        participant__event__kind=EventKind.GELAR,
        participant__event__status=EventStatus.RESULTS_PUBLISHED,
        award_tier__isnull=False,
    ).filter(~Exists(later_round))
    annotations = {
        "units": subquery_count(counted_units().filter(scope.condition())),
        "bimtek_attendees": subquery_count_distinct(
            bimtek_attendances(OuterRef("pk")).filter(scope.condition("unit__")), "nip"
        ),
    }
    gelar = {
        "tally_gelar_groups": subquery_count_distinct(entries, "group"),
        "tally_gelar_awarded": subquery_count_distinct(awards, "participant__group"),
    }
    tally = Tally(YearRef.outer(), today, year_pk=None, risalah_deadline=None)
    points = []
    for year in ProgrammeYear.objects.order_by("year").annotate(
        tally=Subquery(per_year, output_field=JSONField()),
        **gelar,
        **{f"n_{name}": value for name, value in annotations.items()},
    ):
        values = {**(year.tally or {}), **{name: getattr(year, name) for name in gelar}}
        if year.risalah_deadline is None:  # as Tally.counts: no "on time" without a deadline
            values.pop("tally_on_time", None)
            values.pop("tally_complete_and_on_time", None)
        figures = Figures(
            units_with_group=values.pop("units_with_group", 0) or 0,
            **tally.figures(values, year.risalah_deadline, year.sk_deadline),
            **{name: getattr(year, f"n_{name}") for name in annotations},
        )
        points.append(TrendPoint(year=year, figures=figures))
    return points


@dataclass(frozen=True)
class Deadline:
    label: Any
    day: date
    days_left: int


def next_deadline(year: ProgrammeYear | None, *, today: date | None = None) -> Deadline | None:
    """The nearest of the year's SK, risalah and Gelar dates from today on (today counts). No query."""
    if year is None:
        return None
    today = today or timezone.localdate()
    candidates = [
        (year.sk_deadline, _("SK and roster deadline")),
        (year.risalah_deadline, _("Risalah deadline")),
        (year.gelar_date, _("Gelar Budaya Kerja")),
    ]
    upcoming = sorted(
        ((day, label) for day, label in candidates if day is not None and day >= today),
        key=lambda item: item[0],
    )
    if not upcoming:
        return None
    day, label = upcoming[0]
    return Deadline(label=label, day=day, days_left=(day - today).days)
