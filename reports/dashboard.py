"""The filing dashboard's figures, for one programme year and one unit subtree.

Who and what is counted
-----------------------
- **Units**: the active units of the subtree, except whole governments (Pemkab, Pemkot, Pemprov),
  which do not form groups themselves.
- **Groups of a year** ("groups formed"): active groups formed by the end of that year; a group
  without a formation date counts in every year. Every other group figure counts groups of this
  set, so no figure can exceed "groups formed".
- **Valid SK**: the group's record for the year has an SK number, an SK date and the scan.
- **SK and roster complete**: the year's record is marked complete (groups.services re-checks it).
- **Risalah states**: groups with a risalah of the year in that state.
- **Not submitted** ("belum menyerahkan"): groups with no risalah of the year past the draft state.
- **Overdue** ("terlambat"): once the risalah deadline has passed, groups with no risalah of the
  year submitted on or before the deadline day (Jakarta time); once the SK deadline has passed,
  groups whose SK and roster are not complete.

Queries
-------
Every figure is a conditional count (``Count("pk", filter=...)``) over one row per group (or
unit), whose conditions are ``Exists`` subqueries; rows are grouped by the path prefix of the row
unit (``Substr("unit__path", 1, len(root.path) + STEPLEN)``). The dashboard is therefore a fixed
handful of queries whatever the number of units and groups, and the trend is one query whatever
the number of years. Counting over ``Exists`` rather than over joins keeps one row per group, so
no ``distinct`` is needed and "has none" conditions (not submitted, overdue) are plain ``NOT
EXISTS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.models import PEMDA_KINDS, Unit, User
from groups.models import Completeness, Group, GroupYear, ProgrammeYear
from risalah.models import Risalah, Status

STEPLEN = Unit.steplen


# --- indicators ---------------------------------------------------------------------------


UNIT = "unit"
GROUP = "group"


@dataclass(frozen=True)
class Indicator:
    slug: str  # in the URL of the list behind a number
    field: str  # the attribute of Figures
    label: Any
    kind: str  # UNIT or GROUP: what the list behind the number shows
    column: bool = True  # a column of the matrix (others are lists only)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("unit", "units", _("Units"), UNIT),
    Indicator("unit-berkelompok", "units_with_group", _("Units with a group"), UNIT),
    Indicator("unit-tanpa-kelompok", "units_without_group", _("Units without a group"), UNIT, column=False),
    Indicator("kelompok", "groups", _("Groups formed"), GROUP),
    Indicator("sk-sah", "sk_valid", _("Valid SK"), GROUP),
    Indicator("susunan-lengkap", "complete", _("SK and roster complete"), GROUP),
    Indicator("draf", "draft", _("Draft"), GROUP),
    Indicator("diajukan", "submitted", _("Submitted"), GROUP),
    Indicator("diperiksa", "in_review", _("Under review"), GROUP),
    Indicator("perlu-perbaikan", "returned", _("Returned for revision"), GROUP),
    Indicator("terverifikasi", "verified", _("Verified"), GROUP),
    Indicator("ditolak", "rejected", _("Rejected"), GROUP),
    Indicator("belum-menyerahkan", "not_filed", _("Not submitted"), GROUP),
    Indicator("terlambat", "overdue", _("Overdue"), GROUP),
    Indicator("menunggu-pemeriksaan", "awaiting_review", _("Waiting for review"), GROUP, column=False),
    Indicator("perlu-dilengkapi", "missing", _("Something missing"), GROUP, column=False),
)
BY_SLUG = {indicator.slug: indicator for indicator in INDICATORS}
COLUMNS = tuple(indicator for indicator in INDICATORS if indicator.column)
# The ready filters at the top of the dashboard.
READY_FILTERS = ("belum-menyerahkan", "perlu-perbaikan", "terlambat")

STATE_FIELDS = {
    Status.DRAFT: "draft",
    Status.SUBMITTED: "submitted",
    Status.IN_REVIEW: "in_review",
    Status.RETURNED: "returned",
    Status.VERIFIED: "verified",
    Status.REJECTED: "rejected",
}


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        """Rounded down, so that 199 of 200 never reads as 100 %."""
        return None if not self.whole else self.part * 100 // self.whole

    @property
    def level(self) -> str:
        """good (80 % or more), fair (50 % to under 80 %), poor (under 50 %), none (nothing to count)."""
        if not self.whole:
            return "none"
        if self.part * 100 >= 80 * self.whole:
            return "good"
        if self.part * 100 >= 50 * self.whole:
            return "fair"
        return "poor"


@dataclass
class Figures:
    units: int = 0
    units_with_group: int = 0
    groups: int = 0
    sk_valid: int = 0
    complete: int = 0
    draft: int = 0
    submitted: int = 0
    in_review: int = 0
    returned: int = 0
    verified: int = 0
    rejected: int = 0
    not_filed: int = 0
    overdue: int = 0
    awaiting_review: int = 0
    missing: int = 0

    @property
    def units_without_group(self) -> int:
        return self.units - self.units_with_group

    @property
    def unit_coverage(self) -> Coverage:
        return Coverage(self.units_with_group, self.units)

    @property
    def verified_coverage(self) -> Coverage:
        return Coverage(self.verified, self.groups)

    def add(self, other: Figures) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def is_empty(self) -> bool:
        return not any(getattr(self, item.name) for item in fields(self))


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
class Dashboard:
    year: ProgrammeYear
    scope: Scope
    rows: list[Row]
    totals: Figures
    coverage: DashboardCoverage


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


def population(year_number: Any) -> Q:
    """The groups of a year: active and formed by the end of it (no formation date: always)."""
    return Q(is_active=True) & (Q(formed_on__isnull=True) | Q(formed_on__year__lte=year_number))


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

    def overdue(self) -> Any:
        parts = []
        for deadline, done in (
            (self.ref.risalah_deadline, self.on_time),
            (self.ref.sk_deadline, self.complete),
        ):
            passed = self._passed(deadline)
            if passed is False or done is None:
                continue
            parts.append(Q(~done) if passed is True else Q(passed) & Q(~done))
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
        if field_name == "awaiting_review":
            return Q(self.state[Status.SUBMITTED]) | Q(self.state[Status.IN_REVIEW])
        if field_name == "missing":
            return Q(~self.complete) | Q(~self.filed)
        raise ValueError(f"{field_name} is not a group indicator")


GROUP_FIELDS = tuple(item.name for item in fields(Figures) if item.name not in ("units", "units_with_group"))


def _group_counts(flags: Flags, counter: Callable[[Any], Any]) -> dict[str, Any]:
    """The count expression of every group figure; a figure that can match nothing is left out
    (its Figures default, 0, stands)."""
    counts = {}
    for name in GROUP_FIELDS:
        condition = flags.condition(name)
        if condition is not NOTHING:
            counts[name] = counter(None if condition is ALL else condition)
    return counts


def _has_groups(year_number: Any) -> Exists:
    """For an outer Unit query: the unit has at least one group of the year."""
    return Exists(Group.objects.filter(population(year_number), unit=OuterRef("pk")))


def counted_units() -> QuerySet:
    """Units that count in the figures: active, not a whole government."""
    return Unit.objects.filter(is_active=True).exclude(kind__in=PEMDA_KINDS)


# --- the dashboard --------------------------------------------------------------------------


def build_dashboard(year: ProgrammeYear, scope: Scope, *, today: date | None = None) -> Dashboard:
    """The unit x indicator matrix. Three queries (rows, unit figures, group figures)."""
    today = today or timezone.localdate()
    flags = Flags(YearRef.of(year), today)
    unit_figures = (
        counted_units()
        .filter(scope.condition())
        .annotate(row=scope.row_key())
        .order_by()
        .values("row")
        .annotate(units=Count("pk"), units_with_group=Count("pk", filter=_has_groups(year.year)))
    )
    group_figures = (
        Group.objects.filter(population(year.year), scope.condition("unit__"))
        .annotate(row=scope.row_key("unit__"))
        .order_by()
        .values("row")
        .annotate(**_group_counts(flags, lambda condition: Count("pk", filter=condition)))
    )
    by_row: dict[str, Figures] = {}
    for values in list(unit_figures) + list(group_figures):
        figures = by_row.setdefault(values.pop("row"), Figures())
        for name, value in values.items():
            setattr(figures, name, value)

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
    coverage = DashboardCoverage(units=totals.unit_coverage, verified=totals.verified_coverage)
    return Dashboard(year=year, scope=scope, rows=rows, totals=totals, coverage=coverage)


def build_totals(year: ProgrammeYear, scope: Scope, *, today: date | None = None) -> Figures:
    """The dashboard's totals only (the home page). Two queries."""
    today = today or timezone.localdate()
    flags = Flags(YearRef.of(year), today)
    figures = Figures(
        **counted_units()
        .filter(scope.condition())
        .aggregate(units=Count("pk"), units_with_group=Count("pk", filter=_has_groups(year.year)))
    )
    counts = Group.objects.filter(population(year.year), scope.condition("unit__")).aggregate(
        **_group_counts(flags, lambda condition: Count("pk", filter=condition))
    )
    for name, value in counts.items():
        setattr(figures, name, value)
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


def indicator_groups(
    year: ProgrammeYear, within: Within, indicator: Indicator, *, today: date | None = None
) -> QuerySet:
    """The groups behind a number, with the year's SK record and risalah prefetched.

    Each group carries ``is_overdue``, ``has_sk`` and ``is_filed``; ``year_record`` and ``year_risalah`` are set by
    :func:`attach_year`. The list has the same conditions as the count, so they always agree.
    """
    today = today or timezone.localdate()
    flags = Flags(YearRef.of(year), today)
    condition = flags.condition(indicator.field)
    groups = Group.objects.filter(population(year.year), within.condition("unit__"))
    if condition is NOTHING:
        groups = groups.none()
    elif condition is not ALL:
        groups = groups.filter(condition)
    overdue = flags.overdue()
    return (
        groups.annotate(
            is_overdue=Value(False)
            if overdue is NOTHING
            else ExpressionWrapper(Q(overdue), output_field=BooleanField()),
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
                queryset=Risalah.objects.filter(programme_year=year).order_by("-version", "-created_at"),
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


def indicator_units(year: ProgrammeYear, within: Within, indicator: Indicator) -> QuerySet:
    """The units behind a number, each with ``group_count`` (groups of the year)."""
    units = counted_units().filter(within.condition())
    if indicator.field == "units_with_group":
        units = units.filter(_has_groups(year.year))
    elif indicator.field == "units_without_group":
        units = units.exclude(_has_groups(year.year))
    elif indicator.field != "units":
        raise ValueError(f"{indicator.field} is not a unit indicator")
    group_count = (
        Group.objects.filter(population(year.year), unit=OuterRef("pk"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return units.annotate(group_count=Coalesce(Subquery(group_count, output_field=IntegerField()), 0))


# --- trend ----------------------------------------------------------------------------------


def _subquery_count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of ``queryset`` as a correlated scalar subquery (no GROUP BY: always one row)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def build_trend(scope: Scope, *, today: date | None = None) -> list[TrendPoint]:
    """The totals of every programme year, oldest first: one query, whatever the number of years.

    Units are not versioned, so "units" is today's count in every year; "units with a group" uses
    each year's groups.
    """
    today = today or timezone.localdate()
    flags = Flags(YearRef.outer(), today)
    groups = Group.objects.filter(population(OuterRef("year")), scope.condition("unit__"))

    def count_groups(condition):
        return _subquery_count(groups if condition is None else groups.filter(condition))

    units = counted_units().filter(scope.condition())
    annotations = {
        "units": _subquery_count(units),
        "units_with_group": _subquery_count(units.filter(_has_groups(OuterRef(OuterRef("year"))))),
        **_group_counts(flags, count_groups),
    }
    names = list(annotations)
    points = []
    for year in ProgrammeYear.objects.order_by("year").annotate(
        **{f"n_{name}": annotations[name] for name in names}
    ):
        figures = Figures(**{name: getattr(year, f"n_{name}") for name in names})
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
