"""The sheets of the yearly recap workbook (:mod:`reports.recap`), one per indicator family.

Each sheet is a :class:`core.exports.Table` over a queryset read in batches of
``Table.batch_size`` rows with one round of prefetches per batch, so its queries do not grow with
the number of groups. The figures of a group (members, meetings, attendance) are the dashboard's
own, counted once for the whole subtree with the group as key (:func:`reports.queries.additive`),
so a sheet's column adds up to the summary's number. What each figure counts:
:mod:`reports.indicators`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.db.models import Case, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import DATE, DATETIME, DECIMAL, INTEGER, Column, Table
from core.models import PEMDA_KINDS, Unit, UnitKind
from events.models import BimtekParticipant, EventKind, EventStatus, Participant, Result
from groups.models import (
    ROSTER_ROLE_ORDER,
    Completeness,
    Group,
    GroupYear,
    ProgrammeYear,
    RosterMember,
    RosterRole,
    SeatConfirmation,
)
from reports.dashboard import (
    INDICATORS,
    Dashboard,
    Figures,
    Scope,
    TrendPoint,
    build_dashboard,
    build_trend,
    scope_for_unit,
)
from reports.indicators import TREND_COLUMNS
from reports.queries import (
    GROUP_KEY,
    Flags,
    Selection,
    YearRef,
    additive,
    count_members,
    filed_risalah,
    set_members,
    subquery_count,
)
from reports.tables import dashboard_table, matrix_lines
from risalah.models import Meeting, Risalah, RisalahStep, Status, Transition
from risalah.tools import normalise

# Figures that are a share of something: the summary shows the part, the whole and the percentage.
COVERAGES = {
    "units_with_group": "unit_coverage",
    "verified": "verified_coverage",
    "asn_percent": "asn_coverage",
    "attendance_percent": "attendance",
}


class Words:
    """The texts the cells repeat, translated once per workbook (in the language it is written
    in): ``get_FOO_display`` and ``gettext`` per cell cost more than writing the cell."""

    def __init__(self):
        self.yes, self.no = _("Yes"), _("No")
        self.none_yet = _("None yet")
        self.no_record = _("No SK/roster yet")
        self.not_stated = _("Not stated")
        self.kinds = _labels(UnitKind)
        self.completeness = _labels(Completeness)
        self.status = _labels(Status)
        self.roles = _labels(RosterRole)
        self.confirmations = _labels(SeatConfirmation)

    def yes_no(self, value: bool) -> str:
        return self.yes if value else self.no


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


@dataclass
class Recap:
    """What one recap covers, and what its sheets share (each computed once, when first read)."""

    year: ProgrammeYear
    unit: Unit
    today: date

    @cached_property
    def words(self) -> Words:
        return Words()

    @cached_property
    def scope(self) -> Scope:
        return scope_for_unit(self.unit)

    @cached_property
    def selection(self) -> Selection:
        return Selection(year=self.year, place=self.scope.condition)

    @cached_property
    def flags(self) -> Flags:
        return Flags(YearRef.of(self.year), self.today)

    @cached_property
    def dashboard(self) -> Dashboard:
        """Eleven queries (see build_dashboard)."""
        return build_dashboard(self.year, self.scope, today=self.today)

    @cached_property
    def filed(self) -> list[Risalah]:
        return filed_rows(self)

    @cached_property
    def trend(self) -> list[TrendPoint]:
        """One query."""
        return build_trend(self.scope, today=self.today)

    @cached_property
    def group_figures(self) -> dict[int, Figures]:
        """The dashboard's figures of every group of the subtree, by group id. Eight queries."""
        by_group = {
            key[0]: figures for key, figures in additive(self.selection, GROUP_KEY, self.today).items()
        }
        for (group_id,), counted in count_members(self.selection, GROUP_KEY, (("group",),))[
            ("group",)
        ].items():
            set_members(by_group.setdefault(group_id, Figures()), counted)
        return by_group

    def figures_of(self, group: Group) -> Figures:
        return self.group_figures.get(group.pk) or Figures()

    @cached_property
    def row_names(self) -> dict[str, str]:
        """The dashboard's row units by path (the root itself for its own groups). No query once
        the dashboard is built."""
        return {row.unit.path: str(row.unit) for row in self.dashboard.rows}

    def row_of(self, unit: Unit) -> str:
        """The name of the dashboard row a unit counts in: its OPD in a Pemda's recap."""
        return self.row_names.get(unit.path[: len(self.unit.path) + Unit.steplen], "")

    @property
    def row_header(self) -> str:
        return _("OPD") if self.unit.kind in PEMDA_KINDS else _("Sub-unit")

    def row_columns(self, unit_of) -> tuple[Column, ...]:
        """The first columns of a sheet: the dashboard row, the unit. ``unit_of``: item -> Unit."""
        return (
            Column(self.row_header, lambda item: self.row_of(unit_of(item)), width=28),
            Column(gettext_lazy("Unit"), lambda item: str(unit_of(item)), width=28),
        )


# --- the summary, the matrix and the trend: the dashboard's own figures ----------------------


@dataclass(frozen=True)
class SummaryLine:
    label: str
    number: int | None
    whole: int | None = None
    percent: int | None = None


def summary_lines(figures: Figures) -> list[SummaryLine]:
    """Every indicator of the dashboard once; a share with its part and whole. No query."""
    lines = []
    for indicator in INDICATORS:
        coverage = COVERAGES.get(indicator.field)
        if coverage is None:
            lines.append(SummaryLine(str(indicator.label), getattr(figures, indicator.field)))
        else:
            share = getattr(figures, coverage)
            lines.append(SummaryLine(str(indicator.label), share.part, share.whole, share.percent))
    return lines


def summary_preamble(recap: Recap, made_by: str = "") -> tuple[str, ...]:
    made = date_format(recap.today, "DATE_FORMAT")
    return (
        _("Yearly work-culture report %(year)s: %(unit)s")
        % {"year": recap.year.year, "unit": recap.unit.name},
        _("%(unit)s and the units under it, programme year %(year)s.")
        % {"unit": recap.unit.name, "year": recap.year.year},
        _("Made on %(date)s by %(user)s.") % {"date": made, "user": made_by}
        if made_by
        else _("Made on %(date)s.") % {"date": made},
    )


def summary_table(recap: Recap) -> Table:
    return Table(
        name="ringkasan",
        title=gettext_lazy("Summary"),
        columns=(
            Column(gettext_lazy("Indicator"), lambda line: line.label, width=36),
            Column(gettext_lazy("Count"), lambda line: line.number, INTEGER, width=12),
            Column(gettext_lazy("Out of"), lambda line: line.whole, INTEGER, width=12),
            Column(gettext_lazy("Percent (%)"), lambda line: line.percent, INTEGER, width=12),
        ),
    )


def by_unit_table(recap: Recap) -> Table:
    """The dashboard's matrix as its own export writes it (reports.tables)."""
    matrix = dashboard_table(recap.year)
    return Table(name="per-unit", title=gettext_lazy("By unit"), columns=matrix.columns)


def by_unit_lines(recap: Recap) -> list:
    return matrix_lines(recap.dashboard)


def trend_table(recap: Recap) -> Table:
    def figure(field):
        return lambda point: getattr(point.figures, field)

    return Table(
        name="tren",
        title=gettext_lazy("Year on year"),
        columns=(
            Column(gettext_lazy("Year"), lambda point: point.year.year, INTEGER, width=8),
            *(
                Column(indicator.label, figure(indicator.field), INTEGER, width=12)
                for indicator in TREND_COLUMNS
            ),
        ),
    )


# --- groups and their SK ---------------------------------------------------------------------


# The columns the sheets read (a big kabupaten's recap builds tens of thousands of instances;
# the risalah's long texts are never read). Reading another field would be a query per row: the
# query count test would see it.
UNIT_FIELDS = ("path", "short_name", "name", "kind")
RISALAH_FIELDS = (
    "pk",
    "group_id",
    "status",
    "title",
    "theme",
    "revision",
    "created_at",
    "submitted_at",
    "metric",
)


def year_groups(recap: Recap) -> QuerySet:
    """The groups of the year in the subtree, as the dashboard counts them, in tree order."""
    return (
        Group.objects.filter(recap.selection.groups())
        .select_related("unit")
        .only("pk", "name", "formed_on", "unit", *(f"unit__{name}" for name in UNIT_FIELDS))
        .order_by("unit__path", "name")
    )


def groups_rows(recap: Recap) -> QuerySet:
    """Each with ``has_sk`` and ``year_records`` (the year's GroupYear, none or one)."""
    return (
        year_groups(recap)
        .annotate(has_sk=recap.flags.has_sk)
        .prefetch_related(
            Prefetch(
                "years",
                queryset=GroupYear.objects.filter(programme_year=recap.year).only(
                    "pk", "group_id", "sk_number", "sk_date", "sk_signed_by", "status"
                ),
                to_attr="year_records",
            )
        )
    )


def _record(group) -> GroupYear | None:
    return group.year_records[0] if group.year_records else None


def _record_value(name: str):
    return lambda group: getattr(_record(group), name) if _record(group) else None


def groups_table(recap: Recap) -> Table:
    words = recap.words

    def record_status(group) -> str:
        record = _record(group)
        return words.completeness[record.status] if record else words.no_record

    return Table(
        name="kelompok",
        title=gettext_lazy("Groups and SK"),
        columns=(
            *recap.row_columns(lambda group: group.unit),
            Column(gettext_lazy("Unit kind"), lambda group: words.kinds.get(group.unit.kind), width=18),
            Column(gettext_lazy("Group"), lambda group: group.name, width=28),
            Column(gettext_lazy("Date formed"), lambda group: group.formed_on, DATE),
            Column(gettext_lazy("SK number"), _record_value("sk_number"), width=24),
            Column(gettext_lazy("SK date"), _record_value("sk_date"), DATE),
            Column(gettext_lazy("Signed by"), _record_value("sk_signed_by"), width=24),
            Column(gettext_lazy("Valid SK"), lambda group: words.yes_no(group.has_sk), width=9),
            Column(gettext_lazy("SK and roster"), record_status, width=22),
            Column(gettext_lazy("Members"), lambda group: recap.figures_of(group).members, INTEGER),
        ),
    )


# --- rosters ---------------------------------------------------------------------------------

SEAT_FIELDS = (
    "group_year__group__unit__path",
    "group_year__group__unit__short_name",
    "group_year__group__unit__name",
    "group_year__group__name",
    "role",
    "confirmation",
    "person__nip",
    "person__name",
    "person__jabatan",
    "person__unit__short_name",
    "person__unit__name",
)


def roster_rows(recap: Recap) -> QuerySet:
    """Every seat of the year's rosters of the groups (Pembina included: the roster as the SK
    names it; the members figure leaves the Pembina out), as dicts of SEAT_FIELDS: some 20,000
    seats in a big kabupaten, too many to build five model instances each. One query."""
    role_order = Case(
        *[When(role=role, then=Value(order)) for role, order in ROSTER_ROLE_ORDER.items()],
        output_field=IntegerField(),
    )
    return (
        RosterMember.objects.filter(
            recap.selection.groups("group_year__group__"), group_year__programme_year=recap.year
        )
        .annotate(role_order=role_order)
        .order_by(
            "group_year__group__unit__path", "group_year__group__name", "role_order", "person__name", "pk"
        )
        .values(*SEAT_FIELDS)
    )


def _shown_name(short: str, name: str) -> str:
    """As ``str(unit)``: the short name, else the official one."""
    return short or name


def rosters_table(recap: Recap) -> Table:
    words = recap.words

    def row_of(seat) -> str:
        return recap.row_names.get(
            seat["group_year__group__unit__path"][: len(recap.unit.path) + Unit.steplen], ""
        )

    def jabatan(seat) -> str:
        # "Anggota dari unit lain": not another unit's record (RosterMember.shown_jabatan).
        return seat["person__jabatan"] if seat["confirmation"] == SeatConfirmation.OWN else ""

    return Table(
        name="susunan",
        title=gettext_lazy("Rosters"),
        columns=(
            Column(recap.row_header, row_of, width=28),
            Column(
                gettext_lazy("Unit"),
                lambda seat: _shown_name(
                    seat["group_year__group__unit__short_name"], seat["group_year__group__unit__name"]
                ),
                width=28,
            ),
            Column(gettext_lazy("Group"), lambda seat: seat["group_year__group__name"], width=28),
            Column(gettext_lazy("Role in the group"), lambda seat: words.roles.get(seat["role"]), width=14),
            Column(gettext_lazy("NIP"), lambda seat: seat["person__nip"], width=20),
            Column(gettext_lazy("Name"), lambda seat: seat["person__name"], width=30),
            Column(gettext_lazy("Position (jabatan)"), jabatan, width=28),
            Column(
                gettext_lazy("Unit of the ASN"),
                lambda seat: _shown_name(seat["person__unit__short_name"], seat["person__unit__name"]),
                width=28,
            ),
            Column(
                gettext_lazy("Confirmation"),
                lambda seat: words.confirmations.get(seat["confirmation"]),
                width=20,
            ),
        ),
    )


# --- risalah by state ------------------------------------------------------------------------


def risalah_rows(recap: Recap) -> QuerySet:
    """Every group of the year with ``shown_risalah`` (the year's latest revision, none or one),
    which carries ``returns`` (times returned for revision) and ``decided_at`` (verified or
    rejected), and ``on_time`` (a risalah of the year submitted by the deadline day)."""
    transitions = Transition.objects.filter(risalah=OuterRef("pk"))
    latest = (
        Risalah.objects.filter(programme_year=recap.year)
        .only(*RISALAH_FIELDS)
        .annotate(
            returns=subquery_count(transitions.filter(to_status=Status.RETURNED)),
            decided_at=Subquery(
                transitions.filter(to_status__in=Status.DECIDED).order_by("-at", "-pk").values("at")[:1]
            ),
        )
        .order_by("-revision", "-created_at")
    )
    groups = year_groups(recap).prefetch_related(
        Prefetch("risalah", queryset=latest, to_attr="shown_risalah")
    )
    if recap.flags.on_time is not None:
        groups = groups.annotate(on_time=recap.flags.on_time)
    return groups


def _shown(group) -> Risalah | None:
    return group.shown_risalah[0] if group.shown_risalah else None


def _shown_value(name: str):
    return lambda group: getattr(_shown(group), name) if _shown(group) else None


def _risalah_title(risalah: Risalah | None) -> str:
    return (risalah.title or risalah.theme) if risalah else ""


def risalah_table(recap: Recap) -> Table:
    deadline = recap.year.risalah_deadline

    words = recap.words

    def on_time(group) -> str | None:
        """Yes, No (the deadline has passed), or empty (no deadline, or not passed yet)."""
        if deadline is None:
            return None
        if group.on_time:
            return words.yes
        return words.no if deadline < recap.today else None

    def status(group) -> str:
        risalah = _shown(group)
        return words.status[risalah.status] if risalah else words.none_yet

    return Table(
        name="risalah",
        title=gettext_lazy("Risalah"),
        columns=(
            *recap.row_columns(lambda group: group.unit),
            Column(gettext_lazy("Group"), lambda group: group.name, width=28),
            Column(gettext_lazy("Title"), lambda group: _risalah_title(_shown(group)), width=48),
            Column(gettext_lazy("Status"), status, width=20),
            Column(gettext_lazy("Revision"), _shown_value("revision"), INTEGER),
            Column(gettext_lazy("Started"), _shown_value("created_at"), DATE),
            Column(gettext_lazy("Submitted"), _shown_value("submitted_at"), DATETIME),
            Column(gettext_lazy("On time"), on_time, width=10),
            Column(gettext_lazy("Returned for revision (times)"), _shown_value("returns"), INTEGER),
            Column(gettext_lazy("Decided on"), _shown_value("decided_at"), DATE),
        ),
    )


# --- meetings and attendance -----------------------------------------------------------------


def meetings_rows(recap: Recap) -> QuerySet:
    """The groups with a filed risalah (the one the figures count), each with ``filed`` (that
    risalah, with ``first_meeting`` and ``last_meeting``)."""
    meetings = Meeting.objects.filter(risalah=OuterRef("pk")).values("date")
    filed = (
        Risalah.objects.filter(filed_risalah(recap.year))
        .only(*RISALAH_FIELDS)
        .annotate(
            first_meeting=Subquery(meetings.order_by("date")[:1]),
            last_meeting=Subquery(meetings.order_by("-date")[:1]),
        )
    )
    return (
        year_groups(recap)
        .filter(pk__in=Risalah.objects.filter(filed_risalah(recap.year)).values("group"))
        .prefetch_related(Prefetch("risalah", queryset=filed, to_attr="filed"))
    )


def _filed_value(name: str):
    return lambda group: getattr(group.filed[0], name) if group.filed else None


def meetings_table(recap: Recap) -> Table:
    def figure(name: str):
        return lambda group: getattr(recap.figures_of(group), name)

    return Table(
        name="pertemuan",
        title=gettext_lazy("Meetings and attendance"),
        columns=(
            *recap.row_columns(lambda group: group.unit),
            Column(gettext_lazy("Group"), lambda group: group.name, width=28),
            Column(
                gettext_lazy("Risalah"),
                lambda group: recap.words.status[group.filed[0].status] if group.filed else None,
                width=18,
            ),
            Column(gettext_lazy("Meetings"), figure("meetings"), INTEGER),
            Column(gettext_lazy("Members present"), figure("present"), INTEGER),
            Column(gettext_lazy("Members expected"), figure("expected"), INTEGER),
            Column(f"{_('Average attendance')} (%)", figure("attendance_percent"), INTEGER),
            Column(gettext_lazy("First meeting"), _filed_value("first_meeting"), DATE),
            Column(gettext_lazy("Last meeting"), _filed_value("last_meeting"), DATE),
        ),
    )


# --- results of the filed risalah: targets (step 6) and standards (step 7) --------------------


RESULT_TOOLS = ("before_after", "standard")


def filed_rows(recap: Recap) -> list[Risalah]:
    """The filed risalah of the year's groups, each with ``result_steps`` (its steps holding the
    data of a RESULT_TOOLS tool, by step number). Two queries; kept in the Recap, as both
    sheets read them (one risalah per group: a few thousand in a big kabupaten)."""
    steps = (
        RisalahStep.objects.filter(Q(data__has_key=RESULT_TOOLS[0]) | Q(data__has_key=RESULT_TOOLS[1]))
        .only("pk", "risalah_id", "data")
        .order_by("method_step__number")
    )
    return list(
        Risalah.objects.filter(filed_risalah(recap.year), recap.selection.groups("group__"))
        .select_related("group__unit")
        .only(
            *RISALAH_FIELDS,
            "group__name",
            "group__unit",
            *(f"group__unit__{name}" for name in UNIT_FIELDS),
        )
        .prefetch_related(Prefetch("steps", queryset=steps, to_attr="result_steps"))
        .order_by("group__unit__path", "group__name")
    )


def _raws(risalah: Risalah, tool: str) -> list:
    return [step.data[tool] for step in risalah.result_steps if tool in step.data]


def _tool_data(risalah: Risalah, tool: str, counts) -> dict:
    """The tool's data of the step the dashboard counts (the first that ``counts``), else of the
    first step that has the tool; the empty shape if none."""
    raws = _raws(risalah, tool)
    chosen = next((raw for raw in raws if counts(raw)), raws[0] if raws else None)
    return normalise(tool, chosen)


def _reached(raw) -> bool:
    # As the dashboard's condition reads the JSON: only a stored true counts.
    return isinstance(raw, dict) and raw.get("target_reached") is True


def _named(raw) -> bool:
    # As the dashboard's condition reads the JSON: a title or a number that is not empty.
    return isinstance(raw, dict) and any(raw.get(key) not in (None, "") for key in ("title", "number"))


def targets_table(recap: Recap) -> Table:
    def value(name: str):
        return lambda risalah: _tool_data(risalah, "before_after", _reached)[name]

    words = recap.words

    def reached(risalah) -> str:
        if any(_reached(raw) for raw in _raws(risalah, "before_after")):
            return words.yes
        data = _tool_data(risalah, "before_after", _reached)
        return words.not_stated if data["target_reached"] is None else words.no

    return Table(
        name="target",
        title=gettext_lazy("Targets (step 6)"),
        columns=(
            *recap.row_columns(lambda risalah: risalah.group.unit),
            Column(gettext_lazy("Group"), lambda risalah: risalah.group.name, width=28),
            Column(gettext_lazy("Title"), _risalah_title, width=48),
            Column(
                gettext_lazy("What is measured"),
                lambda risalah: _tool_data(risalah, "before_after", _reached)["metric"] or risalah.metric,
                width=28,
            ),
            Column(gettext_lazy("Before"), value("before"), DECIMAL),
            Column(gettext_lazy("After"), value("after"), DECIMAL),
            Column(gettext_lazy("Target"), value("target"), DECIMAL),
            Column(gettext_lazy("Target reached"), reached, width=12),
        ),
    )


def standards_table(recap: Recap) -> Table:
    def value(name: str):
        return lambda risalah: _tool_data(risalah, "standard", _named)[name]

    def adopted(risalah) -> str:
        return recap.words.yes_no(any(_named(raw) for raw in _raws(risalah, "standard")))

    return Table(
        name="standar",
        title=gettext_lazy("Standards (step 7)"),
        columns=(
            *recap.row_columns(lambda risalah: risalah.group.unit),
            Column(gettext_lazy("Group"), lambda risalah: risalah.group.name, width=28),
            Column(gettext_lazy("Title"), _risalah_title, width=48),
            Column(gettext_lazy("Standard adopted"), adopted, width=12),
            Column(gettext_lazy("Standard"), value("title"), width=36),
            Column(gettext_lazy("Number of the standard"), value("number"), width=20),
            Column(gettext_lazy("Socialisation"), value("socialisation"), width=40),
        ),
    )


# --- the Gelar and the Bimtek of the year ----------------------------------------------------


def gelar_rows(recap: Recap) -> QuerySet:
    """The year's groups registered in a Gelar of the year, each with ``all_results``."""
    return (
        Participant.objects.filter(
            recap.selection.groups("group__"),
            event__programme_year=recap.year,
            event__kind=EventKind.GELAR,
        )
        .select_related("event", "track", "group__unit", "current_round")
        .prefetch_related(
            Prefetch("results", queryset=Result.objects.select_related("award_tier"), to_attr="all_results")
        )
        .order_by(
            "event__starts_on",
            "event__title",
            "event__pk",
            "track__order",
            "group__unit__path",
            "group__name",
        )
    )


def _outcome(participant) -> Result | None:
    """The result in the round the group reached, once the event's results are published
    (before that, ranks are the juries' working figures)."""
    if participant.event.status != EventStatus.RESULTS_PUBLISHED:
        return None
    return next((r for r in participant.all_results if r.round_id == participant.current_round_id), None)


def _outcome_value(read):
    def value(participant) -> Any:
        result = _outcome(participant)
        return read(result) if result is not None else None

    return value


def gelar_table(recap: Recap) -> Table:
    return Table(
        name="gelar",
        title=gettext_lazy("Gelar and results"),
        columns=(
            Column(gettext_lazy("Event"), lambda participant: participant.event.title, width=32),
            Column(gettext_lazy("First day"), lambda participant: participant.event.starts_on, DATE),
            Column(gettext_lazy("Track"), lambda participant: participant.track.name, width=16),
            *recap.row_columns(lambda participant: participant.group.unit),
            Column(gettext_lazy("Group"), lambda participant: participant.group.name, width=28),
            Column(
                gettext_lazy("Round reached"), lambda participant: participant.current_round.name, width=20
            ),
            Column(gettext_lazy("Rank"), _outcome_value(lambda result: result.rank), INTEGER, width=8),
            Column(gettext_lazy("Total"), _outcome_value(lambda result: result.total), DECIMAL),
            Column(
                gettext_lazy("Award"),
                _outcome_value(lambda result: result.award_tier.name if result.award_tier else None),
                width=16,
            ),
            Column(
                gettext_lazy("Results published"),
                lambda participant: recap.words.yes_no(
                    participant.event.status == EventStatus.RESULTS_PUBLISHED
                ),
                width=12,
            ),
        ),
    )


def bimtek_rows(recap: Recap) -> QuerySet:
    """Every registration for a Bimtek of the year for a unit of the subtree (a seminar is not a
    Bimtek); the people checked in are the dashboard's attendees."""
    return (
        BimtekParticipant.objects.filter(
            recap.selection.attendees(), event__programme_year=recap.year, event__kind=EventKind.BIMTEK
        )
        .select_related("event", "unit")
        .order_by("event__starts_on", "event__title", "event__pk", "unit__path", "name", "pk")
    )


def bimtek_table(recap: Recap) -> Table:
    return Table(
        name="bimtek",
        title=gettext_lazy("Bimtek"),
        columns=(
            Column(gettext_lazy("Event"), lambda attendee: attendee.event.title, width=32),
            Column(gettext_lazy("First day"), lambda attendee: attendee.event.starts_on, DATE),
            *recap.row_columns(lambda attendee: attendee.unit),
            Column(gettext_lazy("NIP"), lambda attendee: attendee.nip, width=20),
            Column(gettext_lazy("Name"), lambda attendee: attendee.name, width=30),
            Column(gettext_lazy("Attended"), lambda attendee: recap.words.yes_no(attendee.attended), width=9),
            Column(gettext_lazy("Checked in at"), lambda attendee: attendee.attended_at, DATETIME),
        ),
    )
