"""What the bureau's documents share: the recap PDF (:mod:`reports.recap_pdf`), the evaluation
letter of an OPD (:mod:`reports.letters`) and its evidence pack (:mod:`reports.evidence`).

Each document is built by a plain function of a programme year and a unit (the unit's whole
subtree is covered), so that a background job can build it the same way a view does. The reads
here run a fixed number of queries whatever the number of groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.models import PEMDA_KINDS, Unit
from events.models import EventKind, EventStatus, Result, Round
from groups.models import ProgrammeYear
from reports.indicators import COLUMNS, Figures
from reports.models import DocumentSignatory
from reports.queries import population
from risalah import tools
from risalah.charts.plotting import fmt
from risalah.models import Risalah, RisalahStep, Status

PDF_CONTENT_TYPE = "application/pdf"
ZIP_CONTENT_TYPE = "application/zip"

# The kinds of document, as the audit log and a job registry name them.
RECAP_PDF = "recap_pdf"
LETTER_PDF = "letter_pdf"
EVIDENCE_ZIP = "evidence_zip"


def document_labels() -> dict[str, str]:
    return {
        RECAP_PDF: _("Yearly recap (PDF)"),
        LETTER_PDF: _("Evaluation letter (PDF)"),
        EVIDENCE_ZIP: _("Evidence pack (ZIP)"),
    }


def is_pemda(unit: Unit) -> bool:
    return unit.kind in PEMDA_KINDS


# --- the Pemda and its signatory ------------------------------------------------------------


def _ancestor_paths(unit: Unit) -> list[str]:
    """The paths of the unit and of every unit above it, root first."""
    return [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]


@dataclass(frozen=True)
class Heading:
    """Who a document comes from: the Pemda (the nearest whole government at or above the unit;
    the root if none is marked as one) and its signatory (None until the bureau enters one)."""

    pemda: Unit
    signatory: DocumentSignatory | None
    signed_on: datetime

    @property
    def place(self) -> str:
        return self.signatory.place if self.signatory and self.signatory.place else ""


def heading_for(unit: Unit, *, now: datetime | None = None) -> Heading:
    """Two queries."""
    above = list(Unit.objects.filter(path__in=_ancestor_paths(unit)))
    governments = [candidate for candidate in above if is_pemda(candidate)]
    pemda = governments[-1] if governments else above[0]
    signatory = DocumentSignatory.objects.filter(unit=pemda).first()
    return Heading(pemda=pemda, signatory=signatory, signed_on=timezone.localtime(now))


# --- figures as the documents print them --------------------------------------------------------


def shown_value(figures: Figures, field_name: str, percent: bool) -> str:
    value = getattr(figures, field_name)
    if percent:
        return "–" if value is None else f"{value} %"
    return number_format(value, force_grouping=True)


def figure_lines(figures: Figures) -> list[tuple[str, str]]:
    """(label, value) of every indicator of the dashboard's matrix, in its order."""
    return [
        (str(indicator.label), shown_value(figures, indicator.field, indicator.percent))
        for indicator in COLUMNS
    ]


def pairs(lines: list[Any]) -> list[tuple[Any, Any | None]]:
    """Two lines per table row, so that a figures table takes half the height."""
    half = (len(lines) + 1) // 2
    left, right = lines[:half], lines[half:]
    return [(item, right[index] if index < len(right) else None) for index, item in enumerate(left)]


# --- verified risalah and their results ----------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a verified risalah achieved: step 6's before and after against the target, and the
    standard named at step 7."""

    metric: str
    before: float | None
    after: float | None
    target: float | None
    target_reached: bool | None
    standard: str

    @property
    def reached_label(self) -> str:
        if self.target_reached is None:
            return "–"
        return _("Yes") if self.target_reached else _("No")


def _number(value: float | None) -> str:
    """As the risalah's charts print a number: 12, 41,5, 4,25 (in the active language)."""
    return "–" if value is None else fmt(value)


def outcome_of(risalah: Risalah) -> Outcome:
    """From the steps prefetched by :func:`verified_risalah` (no query)."""
    before_after = tools.normalise("before_after", None)
    standard = tools.normalise("standard", None)
    for step in risalah.result_steps:
        if "before_after" in step.data:
            before_after = tools.normalise("before_after", step.data["before_after"])
        if "standard" in step.data:
            standard = tools.normalise("standard", step.data["standard"])
    named = " — ".join(part for part in (standard["number"], standard["title"]) if part)
    return Outcome(
        metric=before_after["metric"] or risalah.metric,
        before=before_after["before"],
        after=before_after["after"],
        target=before_after["target"],
        target_reached=before_after["target_reached"],
        standard=named,
    )


def outcome_text(outcome: Outcome) -> str:
    """ "12 → 4 (target 5)", or a dash when step 6 says nothing."""
    if outcome.before is None and outcome.after is None:
        return "–"
    text = f"{_number(outcome.before)} → {_number(outcome.after)}"
    if outcome.target is not None:
        text += " " + _("(target %(target)s)") % {"target": _number(outcome.target)}
    return text


def verified_risalah(year: ProgrammeYear, unit: Unit) -> QuerySet:
    """One verified risalah per group of the year in the subtree that has one (its newest
    verified revision): as many as the dashboard's "Verified". Each carries ``result_steps``,
    the steps that hold step 6's before and after or step 7's standard. Two queries."""
    newer = Risalah.objects.filter(
        group=OuterRef("group"),
        programme_year=year,
        status=Status.VERIFIED,
        revision__gt=OuterRef("revision"),
    )
    steps = RisalahStep.objects.filter(Q(data__has_key="before_after") | Q(data__has_key="standard"))
    return (
        Risalah.objects.filter(population(year.year, "group__"), programme_year=year, status=Status.VERIFIED)
        .filter(group__unit__path__startswith=unit.path)
        .filter(~Exists(newer))
        .select_related("group__unit", "programme_year", "method")
        .prefetch_related(Prefetch("steps", queryset=steps, to_attr="result_steps"))
        .order_by("group__unit__path", "group__name", "pk")
    )


# --- Gelar results ----------------------------------------------------------------------------


def gelar_results(year: ProgrammeYear, unit: Unit) -> QuerySet:
    """The results of the subtree's groups in the last round of every Gelar of the year whose
    results are published, event by event, track by track, by rank. One query."""
    later_round = Round.objects.filter(event=OuterRef("round__event"), order__gt=OuterRef("round__order"))
    return (
        Result.objects.filter(
            round__event__programme_year=year,
            round__event__kind=EventKind.GELAR,
            round__event__status=EventStatus.RESULTS_PUBLISHED,
            participant__group__unit__path__startswith=unit.path,
        )
        .filter(~Exists(later_round))
        .select_related("round__event", "track", "participant__group__unit", "award_tier")
        .order_by(
            "round__event__starts_on",
            "round__event__title",
            "round__event__pk",
            "track__order",
            "track__pk",
            "rank",
            "participant__group__name",
        )
    )


def results_by_event(results) -> list[dict]:
    """[{"event", "tracks": [{"track", "results"}]}] in the order of :func:`gelar_results`."""
    events: dict[int, dict] = {}
    for result in results:
        event = events.setdefault(result.round.event_id, {"event": result.round.event, "tracks": {}})
        event["tracks"].setdefault(result.track_id, {"track": result.track, "results": []})
        event["tracks"][result.track_id]["results"].append(result)
    return [{"event": item["event"], "tracks": list(item["tracks"].values())} for item in events.values()]


# --- file names ---------------------------------------------------------------------------------


def file_stem(*parts: Any) -> str:
    """A download's name: the parts slugified and joined ("rekap-2026-dinkes")."""
    return "-".join(slug for slug in (slugify(str(part)) for part in parts) if slug) or "dokumen"
