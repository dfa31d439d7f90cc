"""The arithmetic of a ranking, with no database: weighted totals, aggregation over the juries,
optional z-score normalisation per jury, tie-breaks that explain themselves, award tiers.

A jury's *sheet* is its points per criterion for one participant. Its weighted total is
sum(points / max_points * weight). Only complete sheets (every criterion scored) count. A
participant's total is the mean (default) or median of its sheets' totals; with normalisation,
each sheet's total is first replaced by ``overall mean + z * overall standard deviation``, where z
is the sheet's distance from that jury's own mean in that jury's standard deviations (population
formulas), so a strict and a lenient jury weigh the same. A jury whose sheets are all equal
(or who scored one group) has z = 0 for them.

Totals are compared rounded to four decimals (what Result stores). Equal totals go through the
tie-break rules in order:

- ``criterion:<code>``: the higher aggregated weighted score of that criterion wins;
- ``raw_total``: the higher total before normalisation wins;
- ``lottery``: the earlier lottery number wins (a group without one comes last).

Ranks are competition ranks (1, 2, 2, 4): groups still tied after every rule share a rank.
"""

import statistics
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

QUANTUM = Decimal("0.0001")

LOTTERY = "lottery"
RAW_TOTAL = "raw_total"
CRITERION_PREFIX = "criterion:"


def rounded(value: Decimal) -> Decimal:
    return value.quantize(QUANTUM, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    max_points: Decimal
    weight: Decimal


def weighted(points: Decimal, criterion: CriterionSpec) -> Decimal:
    """One criterion's share of the total: points / max_points * weight."""
    return Decimal(points) / Decimal(criterion.max_points) * Decimal(criterion.weight)


def weighted_total(points: Mapping[str, Decimal], criteria: Sequence[CriterionSpec]) -> Decimal | None:
    """A sheet's weighted total; None when a criterion is not scored yet."""
    if any(criterion.code not in points for criterion in criteria):
        return None
    return sum((weighted(points[c.code], c) for c in criteria), Decimal(0))


def aggregate(values: Sequence[Decimal], method: str = "mean") -> Decimal:
    """The mean or the median of the juries' values."""
    if not values:
        raise ValueError("nothing to aggregate")
    if method == "mean":
        return sum(values, Decimal(0)) / len(values)
    if method == "median":
        return Decimal(statistics.median(values))
    raise ValueError(f"unknown aggregation {method!r}")


def _mean_and_sd(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    mean = sum(values, Decimal(0)) / len(values)
    variance = sum(((value - mean) ** 2 for value in values), Decimal(0)) / len(values)
    return mean, variance.sqrt()


def normalise(
    totals: Mapping[tuple[Hashable, Hashable], Decimal],
) -> dict[tuple[Hashable, Hashable], Decimal]:
    """Each (jury, participant) total on a common scale: overall mean + z * overall sd."""
    if not totals:
        return {}
    overall_mean, overall_sd = _mean_and_sd(list(totals.values()))
    by_jury: dict[Hashable, list[Decimal]] = defaultdict(list)
    for (jury, _participant), total in totals.items():
        by_jury[jury].append(total)
    spread = {jury: _mean_and_sd(values) for jury, values in by_jury.items()}
    result = {}
    for (jury, participant), total in totals.items():
        mean, sd = spread[jury]
        z = (total - mean) / sd if sd else Decimal(0)
        result[(jury, participant)] = overall_mean + z * overall_sd
    return result


@dataclass
class Entry:
    """A participant's aggregated scores in one round and track."""

    key: Hashable
    total: Decimal
    raw_total: Decimal
    criteria: dict[str, Decimal] = field(default_factory=dict)
    lottery: int | None = None
    jury_count: int = 0


@dataclass(frozen=True)
class TieBreak:
    """How an entry's tie on the total was settled: the entries it was tied with, the rule that
    separated it from the others (None: not broken, the rank is shared) and its value under it."""

    tied_with: tuple[Hashable, ...]
    rule: str | None
    value: Decimal | int | None


@dataclass(frozen=True)
class Ranked:
    entry: Entry
    rank: int
    tie_break: TieBreak | None = None


def rule_value(entry: Entry, rule: str) -> Decimal | int | None:
    if rule == LOTTERY:
        return entry.lottery
    if rule == RAW_TOTAL:
        return rounded(entry.raw_total)
    if rule.startswith(CRITERION_PREFIX):
        value = entry.criteria.get(rule.removeprefix(CRITERION_PREFIX))
        return None if value is None else rounded(value)
    raise ValueError(f"unknown tie-break rule {rule!r}")


def validate_tie_breaks(rules: Sequence[str], criterion_codes: Sequence[str]) -> None:
    """Raise ValueError for a rule that names no rule or no criterion of the rubric."""
    for rule in rules:
        if rule in (LOTTERY, RAW_TOTAL):
            continue
        if rule.startswith(CRITERION_PREFIX) and rule.removeprefix(CRITERION_PREFIX) in criterion_codes:
            continue
        raise ValueError(f"unknown tie-break rule {rule!r}")


def _sort_key(rule: str, value):
    # Missing values last; the lottery ranks the earlier number first, everything else the higher.
    if value is None:
        return (1, 0)
    return (0, value if rule == LOTTERY else -value)


def _settle(block: list[Entry], rules: Sequence[str], settled: dict) -> list[list[Entry]]:
    """Split a block of tied entries by the rules in order; returns the sub-blocks best first.
    ``settled`` gets, per entry, the last rule that separated it (and its value)."""
    if len(block) == 1 or not rules:
        return [block]
    rule, rest = rules[0], rules[1:]
    by_value: dict = defaultdict(list)
    for entry in block:
        by_value[rule_value(entry, rule)].append(entry)
    if len(by_value) == 1:  # the rule does not separate them: try the next one
        return _settle(block, rest, settled)
    blocks = []
    for value in sorted(by_value, key=lambda v: _sort_key(rule, v)):
        part = by_value[value]
        for entry in part:
            settled[entry.key] = (rule, value)
        blocks.extend(_settle(part, rest, settled))
    return blocks


def rank_entries(entries: Sequence[Entry], tie_breaks: Sequence[str]) -> list[Ranked]:
    """Entries by total, best first, with competition ranks and how each tie was broken."""
    by_total: dict[Decimal, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_total[rounded(entry.total)].append(entry)
    ranked: list[Ranked] = []
    position = 1
    for total in sorted(by_total, reverse=True):
        group = sorted(by_total[total], key=lambda e: str(e.key))
        if len(group) == 1:
            ranked.append(Ranked(group[0], position))
            position += 1
            continue
        settled: dict = {}
        for block in _settle(group, list(tie_breaks), settled):
            for entry in block:
                others = tuple(other.key for other in group if other.key != entry.key)
                if len(block) > 1:
                    tie = TieBreak(others, None, None)  # still tied after every rule
                else:
                    rule, value = settled[entry.key]
                    tie = TieBreak(others, rule, value)
                ranked.append(Ranked(entry, position, tie))
            position += len(block)
    return ranked


def rank_track(
    sheets: Mapping[tuple[Hashable, Hashable], Mapping[str, Decimal]],
    criteria: Sequence[CriterionSpec],
    *,
    method: str = "mean",
    normalised: bool = False,
    tie_breaks: Sequence[str] = (),
    lottery: Mapping[Hashable, int | None] | None = None,
) -> list[Ranked]:
    """The ranking of one track in one round from the juries' sheets.

    ``sheets`` maps (jury, participant) to points per criterion code. Incomplete sheets are left
    out; a participant with no complete sheet is not ranked.
    """
    lottery = lottery or {}
    totals = {}
    for key, points in sheets.items():
        total = weighted_total(points, criteria)
        if total is not None:
            totals[key] = total
    counted = normalise(totals) if normalised else totals
    per_participant: dict[Hashable, list[tuple[Hashable, Hashable]]] = defaultdict(list)
    for key in totals:
        per_participant[key[1]].append(key)
    entries = []
    for participant, keys in per_participant.items():
        entries.append(
            Entry(
                key=participant,
                total=aggregate([counted[key] for key in keys], method),
                raw_total=aggregate([totals[key] for key in keys], method),
                criteria={
                    c.code: aggregate([weighted(sheets[key][c.code], c) for key in keys], method)
                    for c in criteria
                },
                lottery=lottery.get(participant),
                jury_count=len(keys),
            )
        )
    return rank_entries(entries, tie_breaks)


def assign_awards(ranked: Sequence[Ranked], tiers: Mapping[int, object]) -> dict[Hashable, object]:
    """The award of each entry whose rank has a tier (groups sharing a rank share its award)."""
    return {item.entry.key: tiers[item.rank] for item in ranked if item.rank in tiers}


def describe_rule(rule: str, criterion_names: Mapping[str, str]) -> str:
    if rule == LOTTERY:
        return _("the lottery order")
    if rule == RAW_TOTAL:
        return _("the total before normalisation")
    code = rule.removeprefix(CRITERION_PREFIX)
    return _("the score for %(criterion)s") % {"criterion": criterion_names.get(code, code)}


def describe_tie(
    tie: TieBreak | None, names: Mapping[Hashable, str], criterion_names: Mapping[str, str]
) -> str:
    """The sentence the ranking shows beside a tied group; empty when there was no tie."""
    if tie is None:
        return ""
    others = ", ".join(names.get(key, str(key)) for key in tie.tied_with)
    if tie.rule is None:
        return _("Same total as %(others)s; still tied after every rule, the rank is shared.") % {
            "others": others
        }
    return _("Same total as %(others)s; decided by %(rule)s (%(value)s).") % {
        "others": others,
        "rule": describe_rule(tie.rule, criterion_names),
        "value": tie.value,
    }
