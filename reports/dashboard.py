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
  groups whose SK and roster are not complete. **SK or roster overdue** is the second half alone.
- **Members**: the people on the year's rosters of the groups (Pembina excluded, as in the
  risalah's own figures); a person in two groups counts once. **Share of ASN involved**: the members
  in groups of units that recorded their number of ASN, out of the sum of those numbers (units
  that did not are left out; none known: no percentage).
- **Filed risalah** (meetings, attendance, targets, standards): per group, the highest revision of
  the year that is submitted, under review or verified; a newer revision still in draft, returned
  or rejected does not replace the one filed before it.
- **Meetings** and **average attendance**: the meetings of the filed risalah; attendance is the
  roster members present over the roster members expected, summed over those meetings.
- **Targets reached**: groups whose filed risalah says at step 6 (before and after) that the target
  was reached. **Standards adopted**: groups whose filed risalah names a standard (a title or a
  number) at step 7.
- **Unit kind**: a group counts under its own unit's kind; a filter by kind keeps the units of
  that kind and their groups.

Queries
-------
Every flag figure is a conditional count (``Count("pk", filter=...)``) over one row per group (or
unit), whose conditions are ``Exists`` subqueries; rows are grouped by the path prefix of the row
unit (``Substr("unit__path", 1, len(root.path) + STEPLEN)``). The dashboard is therefore a fixed
handful of queries whatever the number of units and groups, and the trend is one query whatever
the number of years. Counting over ``Exists`` rather than over joins keeps one row per group, so
no ``distinct`` is needed and "has none" conditions (not submitted, overdue) are plain ``NOT
EXISTS``. The member and meeting figures are grouped aggregates over joins (roster members,
meetings, attendances, steps), one query each, grouped by the same keys; the members, being
distinct people, are counted once per grouping (rows, kinds, total) rather than summed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
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
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Coalesce, Substr
from django.db.models.lookups import GreaterThan, LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.models import PEMDA_KINDS, Unit, UnitKind, User
from groups.models import Completeness, Group, GroupYear, ProgrammeYear, RosterMember, RosterRole
from risalah.models import Meeting, Risalah, Status

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
    trend: bool = True  # also a column of the year-on-year trend
    percent: bool = False  # the field is a percentage (None: nothing to divide by)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("unit", "units", _("Units"), UNIT),
    Indicator("unit-berkelompok", "units_with_group", _("Units with a group"), UNIT),
    Indicator("unit-tanpa-kelompok", "units_without_group", _("Units without a group"), UNIT, column=False),
    Indicator("kelompok", "groups", _("Groups formed"), GROUP),
    Indicator("sk-sah", "sk_valid", _("Valid SK"), GROUP),
    Indicator("susunan-lengkap", "complete", _("SK and roster complete"), GROUP),
    Indicator("sk-terlambat", "sk_overdue", _("SK or roster overdue"), GROUP),
    Indicator("anggota", "members", _("Members"), GROUP, trend=False),
    Indicator("asn-terlibat", "asn_percent", _("Share of ASN involved"), UNIT, trend=False, percent=True),
    Indicator("draf", "draft", _("Draft"), GROUP),
    Indicator("diajukan", "submitted", _("Submitted"), GROUP),
    Indicator("diperiksa", "in_review", _("Under review"), GROUP),
    Indicator("perlu-perbaikan", "returned", _("Returned for revision"), GROUP),
    Indicator("terverifikasi", "verified", _("Verified"), GROUP),
    Indicator("ditolak", "rejected", _("Rejected"), GROUP),
    Indicator("belum-menyerahkan", "not_filed", _("Not submitted"), GROUP),
    Indicator("terlambat", "overdue", _("Overdue"), GROUP),
    Indicator("rapat", "meetings", _("Meetings"), GROUP, trend=False),
    Indicator("kehadiran", "attendance_percent", _("Average attendance"), GROUP, trend=False, percent=True),
    Indicator("target-tercapai", "targets_reached", _("Targets reached (step 6)"), GROUP, trend=False),
    Indicator("standar", "standards", _("Standards adopted (step 7)"), GROUP, trend=False),
    Indicator("menunggu-pemeriksaan", "awaiting_review", _("Waiting for review"), GROUP, column=False),
    Indicator("perlu-dilengkapi", "missing", _("Something missing"), GROUP, column=False),
)
BY_SLUG = {indicator.slug: indicator for indicator in INDICATORS}
COLUMNS = tuple(indicator for indicator in INDICATORS if indicator.column)
TREND_COLUMNS = tuple(indicator for indicator in COLUMNS if indicator.trend)
# The ready filters at the top of the dashboard.
READY_FILTERS = ("belum-menyerahkan", "perlu-perbaikan", "terlambat", "sk-terlambat")

STATE_FIELDS = {
    Status.DRAFT: "draft",
    Status.SUBMITTED: "submitted",
    Status.IN_REVIEW: "in_review",
    Status.RETURNED: "returned",
    Status.VERIFIED: "verified",
    Status.REJECTED: "rejected",
}
COUNTED_ROLES = tuple(role for role in RosterRole if role != RosterRole.PEMBINA)


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
    sk_overdue: int = 0
    # Units' recorded ASN (those that said) and the members of their groups.
    asn: int = 0
    asn_members: int = 0
    members: int = 0
    # The filed risalah: meetings, roster members present and expected over them, results.
    meetings: int = 0
    present: int = 0
    expected: int = 0
    targets_reached: int = 0
    standards: int = 0

    @property
    def units_without_group(self) -> int:
        return self.units - self.units_with_group

    @property
    def unit_coverage(self) -> Coverage:
        return Coverage(self.units_with_group, self.units)

    @property
    def verified_coverage(self) -> Coverage:
        return Coverage(self.verified, self.groups)

    @property
    def asn_coverage(self) -> Coverage:
        return Coverage(self.asn_members, self.asn)

    @property
    def asn_percent(self) -> int | None:
        return self.asn_coverage.percent

    @property
    def attendance(self) -> Coverage:
        return Coverage(self.present, self.expected)

    @property
    def attendance_percent(self) -> int | None:
        return self.attendance.percent

    def add(self, other: Figures) -> None:
        """Sum every figure; the distinct people (members, asn_members) are then set by the caller."""
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
        raise ValueError(f"{field_name} is not a group indicator")


# The figures counted from the per-group conditions of Flags (the others: see _additive, _members).
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
)


def _group_counts(flags: Flags, counter: Callable[[Any], Any]) -> dict[str, Any]:
    """The count expression of every group figure; a figure that can match nothing is left out
    (its Figures default, 0, stands)."""
    counts = {}
    for name in GROUP_FIELDS:
        condition = flags.condition(name)
        if condition is not NOTHING:
            counts[name] = counter(None if condition is ALL else condition)
    return counts


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


@dataclass(frozen=True)
class Key:
    """What figures are grouped by: an expression seen from a model whose path to Group is the
    prefix, and (for the units query) seen from Unit; None when units are not grouped this way."""

    on_group: Callable[[str], Any]
    on_unit: Callable[[], Any] | None = None


Keys = dict[str, Key]


def row_keys(scope: Scope) -> Keys:
    """Rows of the matrix crossed with unit kinds: summed either way, they give both tables."""
    return {
        "row": Key(lambda prefix: scope.row_key(f"{prefix}unit__"), lambda: scope.row_key()),
        "kind": Key(lambda prefix: F(f"{prefix}unit__kind"), lambda: F("kind")),
    }


GROUP_KEY: Keys = {"group": Key(lambda prefix: F(f"{prefix}pk"))}
UNIT_KEY: Keys = {"unit": Key(lambda prefix: F(f"{prefix}unit"))}


def _grouped(queryset: QuerySet, keys: Keys, prefix: str | None, **aggregates) -> list[tuple[tuple, dict]]:
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
    enough to look at)."""
    return Q(**{f"{prefix}programme_year": year.pk, f"{prefix}status__in": Status.STANDING}) & (
        Q(**{f"{prefix}next_revision__isnull": True})
        | Q(**{f"{prefix}next_revision__status__in": frozenset(Status) - Status.STANDING})
    )


def target_reached(prefix: str = "") -> Q:
    """A step of the risalah says the target was reached (the before-and-after tool of step 6)."""
    return Q(**{f"{prefix}data__before_after__target_reached": True})


def standard_named(prefix: str = "") -> Q:
    """A step of the risalah names a standard (the standard tool of step 7): a title or a number."""

    # KT() does not follow relations; a KeyTextTransform over the related field does.
    def text(key: str) -> KeyTextTransform:
        return KeyTextTransform(key, KeyTransform("standard", f"{prefix}data"))

    return Q(GreaterThan(text("title"), Value(""))) | Q(GreaterThan(text("number"), Value("")))


def _additive(
    selection: Selection, keys: Keys, today: date, *, outcomes: bool = True
) -> dict[tuple, Figures]:
    """Every figure that sums over disjoint parts, per key. Six queries (five with no unit key);
    without the ``outcomes`` (meetings, attendance, results), two."""
    year = selection.year
    flags = Flags(YearRef.of(year), today)
    results: list[tuple[tuple, dict]] = []
    if all(key.on_unit is not None for key in keys.values()):
        results += _grouped(
            counted_units().filter(selection.units()),
            keys,
            None,
            units=Count("pk"),
            units_with_group=Count("pk", filter=_has_groups(year.year)),
            asn=Coalesce(Sum("asn_count"), 0),
        )
    results += _grouped(
        Group.objects.filter(selection.groups()),
        keys,
        "",
        **_group_counts(flags, lambda condition: Count("pk", filter=condition)),
    )
    if not outcomes:
        return _collect(results)
    meetings = Meeting.objects.filter(selection.groups("risalah__group__"), filed_risalah(year, "risalah__"))
    results += _grouped(meetings, keys, "risalah__group__", meetings=Count("pk"))
    attendances = Meeting.attendees.through.objects.filter(
        selection.groups("meeting__risalah__group__"),
        filed_risalah(year, "meeting__risalah__"),
        person__memberships__group_year__group=F("meeting__risalah__group"),
        person__memberships__group_year__programme_year=year.pk,
        person__memberships__role__in=COUNTED_ROLES,
    )
    results += _grouped(attendances, keys, "meeting__risalah__group__", present=Count("pk"))
    # One row per roster member and meeting of the group's filed risalah: the seats expected.
    seats = RosterMember.objects.filter(
        selection.groups("group_year__group__"),
        filed_risalah(year, "group_year__group__risalah__"),
        group_year__programme_year=year.pk,
        role__in=COUNTED_ROLES,
    )
    results += _grouped(
        seats, keys, "group_year__group__", expected=Count("group_year__group__risalah__meetings")
    )
    steps = Risalah.objects.filter(selection.groups("group__"), filed_risalah(year))
    results += _grouped(
        steps,
        keys,
        "group__",
        targets_reached=Count("group", distinct=True, filter=target_reached("steps__")),
        standards=Count("group", distinct=True, filter=standard_named("steps__")),
    )
    return _collect(results)


def _collect(results: list[tuple[tuple, dict]]) -> dict[tuple, Figures]:
    by_key: dict[tuple, Figures] = {}
    for key, values in results:
        figures = by_key.setdefault(key, Figures())
        for name, value in values.items():
            setattr(figures, name, value or 0)
    return by_key


def _members(selection: Selection, keys: Keys) -> dict[tuple, tuple[int, int]]:
    """(members, members in units that recorded their ASN) per key: distinct people. One query."""
    members = RosterMember.objects.filter(
        selection.groups("group_year__group__"),
        group_year__programme_year=selection.year.pk,
        role__in=COUNTED_ROLES,
    )
    known = Q(group_year__group__unit__asn_count__isnull=False) & ~Q(
        group_year__group__unit__kind__in=PEMDA_KINDS
    )
    return {
        key: (values["members"], values["asn_members"])
        for key, values in _grouped(
            members,
            keys,
            "group_year__group__",
            members=Count("person", distinct=True),
            asn_members=Count("person", distinct=True, filter=known),
        )
    }


def _set_members(figures: Figures, counted: tuple[int, int] | None) -> None:
    figures.members, figures.asn_members = counted or (0, 0)


def _has_groups(year_number: Any) -> Exists:
    """For an outer Unit query: the unit has at least one group of the year."""
    return Exists(Group.objects.filter(population(year_number), unit=OuterRef("pk")))


def counted_units() -> QuerySet:
    """Units that count in the figures: active, not a whole government."""
    return Unit.objects.filter(is_active=True).exclude(kind__in=PEMDA_KINDS)


# --- the dashboard --------------------------------------------------------------------------


def build_dashboard(
    year: ProgrammeYear, scope: Scope, *, kind: str | None = None, today: date | None = None
) -> Dashboard:
    """The unit x indicator matrix and its subtotals by unit kind. Ten queries whatever the data:
    six grouped aggregates by row and kind, the distinct members by row, by kind and in total,
    and the row units."""
    today = today or timezone.localdate()
    selection = Selection(year=year, place=scope.condition, kind=kind)
    cells = _additive(selection, row_keys(scope), today)
    by_row: dict[str, Figures] = {}
    by_kind: dict[str, Figures] = {}
    for (row_key, kind_key), figures in cells.items():
        by_row.setdefault(row_key, Figures()).add(figures)
        by_kind.setdefault(kind_key, Figures()).add(figures)
    keys = row_keys(scope)
    row_members = _members(selection, {"row": keys["row"]})
    for row_key, figures in by_row.items():
        _set_members(figures, row_members.get((row_key,)))
    kind_members = _members(selection, {"kind": keys["kind"]})
    for kind_key, figures in by_kind.items():
        _set_members(figures, kind_members.get((kind_key,)))

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
    _set_members(totals, _members(selection, {}).get(()))
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
    """The dashboard's totals only. Seven queries; ``filing_only`` (the home page, which shows no
    member or meeting figure): the units and the flag figures, two queries."""
    today = today or timezone.localdate()
    selection = Selection(year=year, place=scope.condition, kind=kind)
    figures = _additive(selection, {}, today, outcomes=not filing_only).get((), Figures())
    if not filing_only:
        _set_members(figures, _members(selection, {}).get(()))
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
        members = RosterMember.objects.filter(group_year__programme_year=year.pk, role__in=COUNTED_ROLES)
        return Q(pk__in=members.values("group_year__group"))
    if field_name in ("meetings", "attendance_percent"):
        return Q(pk__in=Meeting.objects.filter(filed_risalah(year, "risalah__")).values("risalah__group"))
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
    by_group = _additive(selection, GROUP_KEY, today)
    members = _members(selection, GROUP_KEY)
    for group in groups:
        group.figures = by_group.get((group.pk,), Figures())
        _set_members(group.figures, members.get((group.pk,)))


def indicator_units(
    year: ProgrammeYear, within: Within, indicator: Indicator, *, kind: str | None = None
) -> QuerySet:
    """The units behind a number, each with ``group_count`` (groups of the year)."""
    units = counted_units().filter(Selection(year=year, place=within.condition, kind=kind).units())
    if indicator.field == "units_with_group":
        units = units.filter(_has_groups(year.year))
    elif indicator.field == "units_without_group":
        units = units.exclude(_has_groups(year.year))
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
    members = _members(selection, UNIT_KEY)
    for unit in units:
        unit.members = members.get((unit.pk,), (0, 0))[0]
        unit.asn_percent = Coverage(unit.members, unit.asn_count).percent if unit.asn_count else None


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
