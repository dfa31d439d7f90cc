"""The arithmetic of the ranking against values worked out by hand (no database)."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from events import scoring
from events.scoring import CriterionSpec, Entry, TieBreak

# The default KBK Prestasi rubric of the final: maximum points equal to the weight.
PRESTASI = [
    CriterionSpec("risalah", 50, D(50)),
    CriterionSpec("presentasi", 25, D(25)),
    CriterionSpec("tanya_jawab", 15, D(15)),
    CriterionSpec("dampak", 10, D(10)),
]
# The same weights scored out of 100 each.
PRESTASI_100 = [
    CriterionSpec("risalah", 100, D(50)),
    CriterionSpec("presentasi", 100, D(25)),
    CriterionSpec("tanya_jawab", 100, D(15)),
    CriterionSpec("dampak", 100, D(10)),
]


def test_the_weighted_total_is_points_over_maximum_times_weight():
    # 80/100*50 + 60/100*25 + 90/100*15 + 50/100*10 = 40 + 15 + 13.5 + 5
    points = {"risalah": D(80), "presentasi": D(60), "tanya_jawab": D(90), "dampak": D(50)}
    assert scoring.weighted_total(points, PRESTASI_100) == D("73.5")


def test_with_maximum_equal_to_weight_the_total_is_the_sum_of_the_points():
    points = {"risalah": D(40), "presentasi": D(20), "tanya_jawab": D(12), "dampak": D("7.5")}
    assert scoring.weighted_total(points, PRESTASI) == D("79.5")


def test_a_sheet_with_a_criterion_missing_has_no_total():
    assert scoring.weighted_total({"risalah": D(40), "presentasi": D(20)}, PRESTASI) is None


def test_mean_and_median():
    assert scoring.aggregate([D(80), D(70), D(75)], "mean") == D(75)
    assert scoring.aggregate([D(80), D(70), D(90)], "median") == D(80)
    assert scoring.aggregate([D(80), D(70), D(75), D(90)], "median") == D("77.5")
    assert scoring.aggregate([D(80), D(70), D(75), D(90)], "mean") == D("78.75")
    with pytest.raises(ValueError):
        scoring.aggregate([D(1)], "mode")


def sheets_of(table: dict[str, dict[str, int]]):
    """{jury: {participant: total}} as one-criterion sheets (max 100, weight 100)."""
    return {(jury, p): {"x": D(v)} for jury, row in table.items() for p, v in row.items()}


ONE = [CriterionSpec("x", 100, D(100))]
# J1 is lenient and narrow, J2 strict and wide.
STRICT_AND_LENIENT = {"J1": {"A": 92, "B": 90, "C": 88}, "J2": {"A": 50, "B": 80, "C": 65}}


def ranking(ranked):
    return [(r.rank, r.entry.key, scoring.rounded(r.entry.total)) for r in ranked]


def test_the_mean_ranking_of_strict_and_lenient_juries():
    # A = (92+50)/2 = 71, B = (90+80)/2 = 85, C = (88+65)/2 = 76.5
    ranked = scoring.rank_track(sheets_of(STRICT_AND_LENIENT), ONE)
    assert ranking(ranked) == [(1, "B", D("85.0000")), (2, "C", D("76.5000")), (3, "A", D("71.0000"))]


def test_the_median_ranking():
    table = {"J1": {"A": 60, "B": 70}, "J2": {"A": 90, "B": 72}, "J3": {"A": 65, "B": 71}}
    # A: median(60, 90, 65) = 65; B: median(70, 72, 71) = 71; the mean would put A first (71.67).
    ranked = scoring.rank_track(sheets_of(table), ONE, method="median")
    assert ranking(ranked) == [(1, "B", D("71.0000")), (2, "A", D("65.0000"))]
    assert ranking(scoring.rank_track(sheets_of(table), ONE))[0][1] == "A"


def test_z_score_normalisation_against_hand_computed_values():
    # J1: mean 90, sd sqrt(8/3); z = +1.2247, 0, -1.2247 for A, B, C.
    # J2: mean 65, sd sqrt(150); z = -1.2247, +1.2247, 0.
    # All six sheets: mean 77.5, sd sqrt(1395.5/6) = 15.2507.
    # A: 77.5 + mean(1.2247, -1.2247) * 15.2507 = 77.5; B: 77.5 + 0.61237 * 15.2507 = 86.8391;
    # C: 77.5 - 9.3391 = 68.1609. The strict jury no longer decides alone: A passes C.
    ranked = scoring.rank_track(sheets_of(STRICT_AND_LENIENT), ONE, normalised=True)
    assert ranking(ranked) == [(1, "B", D("86.8391")), (2, "A", D("77.5000")), (3, "C", D("68.1609"))]
    assert [scoring.rounded(r.entry.raw_total) for r in ranked] == [D(85), D(71), D("76.5")]


def test_normalise_gives_a_jury_with_equal_totals_z_zero():
    totals = {("J1", "A"): D(80), ("J1", "B"): D(80), ("J2", "A"): D(60), ("J2", "B"): D(100)}
    # Overall mean 80, sd sqrt((0 + 0 + 400 + 400) / 4) = sqrt(200); J2's z = -1 and +1.
    result = {key: scoring.rounded(value) for key, value in scoring.normalise(totals).items()}
    assert result == {
        ("J1", "A"): D("80.0000"),
        ("J1", "B"): D("80.0000"),
        ("J2", "A"): D("65.8579"),
        ("J2", "B"): D("94.1421"),
    }


def test_incomplete_sheets_do_not_count():
    sheets = {
        ("J1", "A"): {"risalah": D(40), "presentasi": D(20), "tanya_jawab": D(10), "dampak": D(10)},
        ("J2", "A"): {"risalah": D(10)},  # not finished: left out, not read as zeros
    }
    (only,) = scoring.rank_track(sheets, PRESTASI)
    assert (only.entry.total, only.entry.jury_count) == (D(80), 1)


def entry(key, total, lottery=None, raw=None, **criteria):
    return Entry(
        key, D(total), D(raw if raw is not None else total), {k: D(v) for k, v in criteria.items()}, lottery
    )


DEFAULT_RULES = ["criterion:risalah", "criterion:tanya_jawab", "lottery"]


def test_a_tie_is_broken_by_the_risalah_criterion_first():
    entries = [
        entry("A", 80, lottery=1, risalah=40, tanya_jawab=14),
        entry("B", 80, lottery=2, risalah="42.5", tanya_jawab=10),
        entry("C", 90, lottery=3, risalah=45, tanya_jawab=15),
    ]
    ranked = scoring.rank_entries(entries, DEFAULT_RULES)
    assert [(r.rank, r.entry.key, r.tie_break) for r in ranked] == [
        (1, "C", None),
        (2, "B", TieBreak(("A",), "criterion:risalah", D("42.5000"))),
        (3, "A", TieBreak(("B",), "criterion:risalah", D("40.0000"))),
    ]


def test_then_by_the_questions_when_the_risalah_scores_are_equal():
    entries = [
        entry("A", 80, lottery=1, risalah=40, tanya_jawab=12),
        entry("B", 80, lottery=2, risalah=40, tanya_jawab=14),
    ]
    ranked = scoring.rank_entries(entries, DEFAULT_RULES)
    assert [(r.rank, r.entry.key, r.tie_break.rule) for r in ranked] == [
        (1, "B", "criterion:tanya_jawab"),
        (2, "A", "criterion:tanya_jawab"),
    ]


def test_then_by_the_lottery_order_earlier_first():
    entries = [
        entry("A", 80, lottery=7, risalah=40, tanya_jawab=12),
        entry("B", 80, lottery=3, risalah=40, tanya_jawab=12),
    ]
    ranked = scoring.rank_entries(entries, DEFAULT_RULES)
    assert [(r.rank, r.entry.key, r.tie_break) for r in ranked] == [
        (1, "B", TieBreak(("A",), "lottery", 3)),
        (2, "A", TieBreak(("B",), "lottery", 7)),
    ]


def test_the_raw_total_rule_and_a_configured_order():
    entries = [entry("A", 75, raw=70, risalah=30), entry("B", 75, raw=72, risalah=35)]
    assert [r.entry.key for r in scoring.rank_entries(entries, ["raw_total", "criterion:risalah"])] == [
        "B",
        "A",
    ]
    # With the risalah rule first the result is the same here, but decided by the other rule.
    ranked = scoring.rank_entries(entries, ["criterion:risalah", "raw_total"])
    assert [r.tie_break.rule for r in ranked] == ["criterion:risalah", "criterion:risalah"]


def test_three_way_tie_broken_at_different_depths():
    entries = [
        entry("A", 80, lottery=2, risalah=40, tanya_jawab=12),
        entry("B", 80, lottery=1, risalah=40, tanya_jawab=12),
        entry("C", 80, lottery=3, risalah=45, tanya_jawab=10),
    ]
    ranked = scoring.rank_entries(entries, DEFAULT_RULES)
    assert [(r.rank, r.entry.key, r.tie_break.rule, r.tie_break.tied_with) for r in ranked] == [
        (1, "C", "criterion:risalah", ("A", "B")),
        (2, "B", "lottery", ("A", "C")),
        (3, "A", "lottery", ("B", "C")),
    ]


def test_a_tie_left_after_every_rule_shares_the_rank():
    entries = [
        entry("A", 80, risalah=40),
        entry("B", 80, risalah=40),
        entry("C", 70, risalah=40),
    ]
    ranked = scoring.rank_entries(entries, ["criterion:risalah", "lottery"])  # nobody drawn
    assert [(r.rank, r.entry.key, r.tie_break) for r in ranked] == [
        (1, "A", TieBreak(("B",), None, None)),
        (1, "B", TieBreak(("A",), None, None)),
        (3, "C", None),
    ]


def test_totals_equal_to_four_decimals_are_a_tie():
    entries = [entry("A", "80.00001", lottery=2), entry("B", "80.00004", lottery=1)]
    assert [r.entry.key for r in scoring.rank_entries(entries, ["lottery"])] == ["B", "A"]


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        scoring.validate_tie_breaks(["criterion:kostum"], ["risalah"])
    scoring.validate_tie_breaks(DEFAULT_RULES, ["risalah", "tanya_jawab"])


def test_award_tiers_follow_the_ranks_and_shared_ranks_share_the_award():
    entries = [entry("A", 90), entry("B", 80), entry("C", 80), entry("D", 70), entry("E", 60)]
    ranked = scoring.rank_entries(entries, [])
    tiers = {1: "Juara I", 2: "Juara II", 3: "Juara III", 4: "Harapan I"}
    assert scoring.assign_awards(ranked, tiers) == {
        "A": "Juara I",
        "B": "Juara II",
        "C": "Juara II",
        "D": "Harapan I",
    }


def test_the_explanation_of_a_tie():
    tie = TieBreak(("A",), "criterion:risalah", D("42.5000"))
    with translation.override("id"):
        text = scoring.describe_tie(tie, {"A": "KBK Sehati"}, {"risalah": "Risalah"})
        shared = scoring.describe_tie(TieBreak(("A", "B"), None, None), {"A": "KBK A", "B": "KBK B"}, {})
    assert shared == "Total sama dengan KBK A, KBK B; tetap sama setelah semua aturan, peringkat dibagi."
    assert text == "Total sama dengan KBK Sehati; ditentukan oleh nilai Risalah (42.5000)."
    assert scoring.describe_tie(None, {}, {}) == ""
