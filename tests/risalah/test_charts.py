"""The risalah's charts: the numbers drawn, not just that something renders.

Geometry is read back from the SVG: elements that carry meaning have stable id suffixes
(``-bar-0``, ``-cumulative-line``, ``-ucl``) or classes (``schedule-plan``), and the tests compare
their coordinates with the data through the plot's own mapping (the plot-area rectangle, or the
drawn data points), so no layout constant of the chart module is repeated here.
"""

import io
import math
import re
import statistics
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import matplotlib
import pypdf
import pytest
import weasyprint
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import SafeString
from PIL import ImageFont

from risalah.charts import (
    UnsafeSVGError,
    before_after,
    check_svg,
    control_chart,
    control_limits,
    correlation,
    fishbone,
    histogram,
    histogram_counts,
    pareto,
    regression,
    safe_svg,
    scatter,
    schedule,
    styles_to_presentation_attributes,
    week_runs,
)
from risalah.charts.pareto import category_labels
from risalah.charts.plotting import text_width, wrap_lines

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# ---------------------------------------------------------------- reading the SVG back


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 -- our own output


def by_role(root: ET.Element, role: str) -> ET.Element:
    """The element whose (prefixed) id ends with ``-role``; exactly one must exist."""
    found = [el for el in root.iter() if (el.get("id") or "").endswith(f"-{role}")]
    assert len(found) == 1, f"{role}: {len(found)} elements"
    return found[0]


def has_role(root: ET.Element, role: str) -> bool:
    return any((el.get("id") or "").endswith(f"-{role}") for el in root.iter())


def points(d: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", d)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def box(group: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the first path in ``group`` (a bar or the plot area)."""
    path = group.find(".//svg:path", NS)
    xs, ys = zip(*points(path.get("d")), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def line_points(group: ET.Element) -> list[tuple[float, float]]:
    """The vertices of the first path drawn in a Line2D group (its markers live in <defs>)."""
    path = next(
        p for p in group.iter(f"{SVG}path") if p not in set(group.iterfind(".//svg:defs/svg:path", NS))
    )
    return points(path.get("d"))


def markers(group: ET.Element) -> list[tuple[float, float]]:
    return [(float(u.get("x")), float(u.get("y"))) for u in group.iter(f"{SVG}use")]


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def joined(text_element: ET.Element) -> str:
    """A wrapped <text>'s lines joined back into the sentence."""
    return " ".join(span.text or "" for span in text_element.iter(f"{SVG}tspan"))


def height_fraction(group: ET.Element, plot: tuple[float, float, float, float]) -> float:
    _left, top, _right, bottom = box(group)
    return (bottom - top) / (plot[3] - plot[1])


# ---------------------------------------------------------------- every chart


CAUSES = {
    "Manusia": ["Petugas belum memahami SOP pelayanan", "Petugas sering terlambat"],
    "Metode": ["Tidak ada sistem nomor antrian", "Verifikasi berkas manual dua kali", "Alur berbelit"],
    "Material": ["Formulir sering habis"],
    "Mesin/Sarana": ["Komputer lambat", "Printer macet", "Jaringan putus-putus"],
    "Lingkungan": ["Ruang tunggu panas"],
}

BUILDERS = {
    "pareto": lambda: pareto([("Antrian", 12), ("Berkas", 30), ("Petugas", 7)], "Penyebab", "Kejadian"),
    "scatter": lambda: scatter([(1, 2), (2, 4), (3, 5), (4, 4), (5, 5)], "Petugas", "Menit", "Pencar"),
    "before_after": lambda: before_after(Decimal("29.6"), Decimal("91.2"), 95, "%", "Kepatuhan"),
    "histogram": lambda: histogram([1, 2, 2, 3, 3, 3, 4, 4, 4, 4], label="Menit"),
    "control_chart": lambda: control_chart([10, 12, 11, 13, 9, 10, 30, 11], non_negative=True),
    "fishbone": lambda: fishbone("Waktu tunggu lebih dari 60 menit", CAUSES),
    "schedule": lambda: schedule([("1. Tema", {1, 2}, {1, 2, 3}), ("2. Penyebab", {3, 4}, {4})], 6),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_is_a_csp_safe_scalable_inline_svg(name):
    svg = BUILDERS[name]()
    root = parse(svg)
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg and "DOCTYPE" not in svg
    assert "style=" not in svg and "<style" not in svg
    assert "<script" not in svg.lower()
    assert root.tag == f"{SVG}svg"
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.get("width") is None and root.get("height") is None
    assert root.find("svg:title", NS).text
    assert root.get("class") == f"chart-{name.replace('_', '-').replace('-chart', '')}"
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    check_svg(svg)


@pytest.mark.parametrize("name", BUILDERS)
def test_every_chart_is_deterministic(name):
    assert BUILDERS[name]() == BUILDERS[name]()


def test_charts_are_identical_when_drawn_concurrently():
    expected = {name: build() for name, build in BUILDERS.items()}

    def draw(name):
        with translation.override("en"):
            return name, BUILDERS[name]()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(draw, list(BUILDERS) * 3))
    assert all(svg == expected[name] for name, svg in results)


def test_two_charts_on_one_page_do_not_share_ids():
    first = parse(pareto([("A", 3), ("B", 1)]))
    second = parse(pareto([("A", 5), ("B", 1)]))
    ids = lambda root: {el.get("id") for el in root.iter() if el.get("id")}  # noqa: E731
    assert ids(first) & ids(second) == set()
    # Internal references were renamed with their targets.
    for root in (first, second):
        known = ids(root)
        for element in root.iter():
            for value in element.attrib.values():
                for target in re.findall(r"url\(#([^)]+)\)", value):
                    assert target in known
            if element.get("href"):
                assert element.get("href")[1:] in known


# ---------------------------------------------------------------- Pareto


def test_pareto_bars_are_sorted_descending_and_proportional_to_the_counts():
    root = parse(
        pareto([("Jarang", 5), ("Sering", 20), ("Sedang", 10), ("Agak sering", 15)], "Judul", "Jumlah")
    )
    plot = box(by_role(root, "plot-area"))
    fractions = [height_fraction(by_role(root, f"bar-{i}"), plot) for i in range(4)]
    # The left axis runs to the total (50), so each bar's share of the plot height is count / total.
    assert fractions == pytest.approx([20 / 50, 15 / 50, 10 / 50, 5 / 50], abs=1e-5)
    assert not has_role(root, "bar-4")
    lefts = [box(by_role(root, f"bar-{i}"))[0] for i in range(4)]
    assert lefts == sorted(lefts)
    labels = texts(root)
    positions = [labels.index(name) for name in ("Sering", "Agak sering", "Sedang", "Jarang")]
    assert positions == sorted(positions)  # x tick labels are written left to right
    assert [by_role(root, f"bar-label-{i}").find(".//svg:text", NS).text for i in range(4)] == [
        "20",
        "15",
        "10",
        "5",
    ]


def test_pareto_cumulative_line_climbs_to_100_percent_at_the_last_bar():
    root = parse(pareto([("A", 5), ("B", 20), ("C", 10), ("D", 15)]))
    left, top, right, bottom = box(by_role(root, "plot-area"))
    line = line_points(by_role(root, "cumulative-line"))
    assert len(line) == 4
    levels = [(bottom - y) / (bottom - top) for _x, y in line]
    assert levels == pytest.approx([0.4, 0.7, 0.9, 1.0], abs=1e-5)
    assert line[-1][1] == pytest.approx(top, abs=1e-4)  # the top of the plot is 100 %
    # The first point sits on top of the first bar, every point above its bar's centre.
    first_bar = box(by_role(root, "bar-0"))
    assert line[0][1] == pytest.approx(first_bar[1], abs=1e-4)
    for index, (x, _y) in enumerate(line):
        bar_left, _t, bar_right, _b = box(by_role(root, f"bar-{index}"))
        assert x == pytest.approx((bar_left + bar_right) / 2, abs=1e-4)
    assert markers(by_role(root, "cumulative-line")) == [pytest.approx(p, abs=1e-4) for p in line]


def test_pareto_80_percent_reference_line_is_optional():
    root = parse(pareto([("A", 3), ("B", 1)]))
    _left, top, _right, bottom = box(by_role(root, "plot-area"))
    (_x0, y0), (_x1, y1) = line_points(by_role(root, "reference-80"))
    assert y0 == y1
    assert (bottom - y0) / (bottom - top) == pytest.approx(0.8, abs=1e-5)
    assert not any(
        "reference" in (el.get("id") or "") for el in parse(pareto([("A", 3)], reference_percent=None)).iter()
    )


def test_pareto_keeps_the_writers_order_for_equal_counts_and_accepts_decimals():
    root = parse(pareto([("Kedua", Decimal("2.5")), ("Pertama", Decimal("7.5")), ("Ketiga", Decimal("2.5"))]))
    labels = texts(root)
    assert labels.index("Pertama") < labels.index("Kedua") < labels.index("Ketiga")
    plot = box(by_role(root, "plot-area"))
    assert height_fraction(by_role(root, "bar-0"), plot) == pytest.approx(0.6, abs=1e-5)


def test_pareto_labels_are_plain_text_not_mathtext():
    root = parse(pareto([("Biaya $5 dan $10", 4), ("Lain", 1)]))
    assert "Biaya $5 dan $10" in texts(root)


@pytest.mark.parametrize(
    "categories", [[], [("A", 0), ("B", 0)], [("A", -1), ("B", 3)], [("A", float("nan"))]], ids=str
)
def test_pareto_refuses_data_it_cannot_draw(categories):
    with pytest.raises(ValueError):
        pareto(categories)


# ---------------------------------------------------------------- scatter and correlation


PAIRS = [(1, 2), (2, 4), (3, 5), (4, 4), (5, 5)]


def test_correlation_matches_the_hand_computed_pearson_r():
    # x mean 3, y mean 4; sum dx*dy = 6, sum dx^2 = 10, sum dy^2 = 6  ->  r = 6 / sqrt(60)
    assert correlation(PAIRS) == pytest.approx(6 / math.sqrt(60), abs=1e-12)
    assert correlation([(Decimal(x), Decimal(y)) for x, y in PAIRS]) == pytest.approx(6 / math.sqrt(60))
    assert correlation([(1, 10), (2, 8), (3, 6)]) == pytest.approx(-1.0)
    assert regression(PAIRS) == pytest.approx((0.6, 2.2))  # slope 6/10, intercept 4 - 0.6 * 3


@pytest.mark.parametrize("pairs", [[], [(1, 2)], [(1, 2), (1, 3)], [(1, 2), (2, 2)]], ids=str)
def test_correlation_is_undefined_without_two_varying_pairs(pairs):
    with pytest.raises(ValueError):
        correlation(pairs)


def test_scatter_draws_every_pair_the_least_squares_line_and_r():
    root = parse(scatter(PAIRS, "Petugas", "Menit"))
    drawn = markers(by_role(root, "points"))
    assert len(drawn) == len(PAIRS)
    # The plot maps data to pixels affinely with y flipped, so r of the drawn points is -r.
    assert statistics.correlation([x for x, _ in drawn], [y for _, y in drawn]) == pytest.approx(
        -correlation(PAIRS), abs=1e-6
    )
    # Least squares commutes with that mapping: the drawn line lies on the fit of the drawn points.
    slope, intercept = statistics.linear_regression([x for x, _ in drawn], [y for _, y in drawn])
    line = line_points(by_role(root, "regression-line"))
    assert len(line) == 2
    for x, y in line:
        assert y == pytest.approx(slope * x + intercept, abs=1e-3)
    assert [x for x, _ in line] == pytest.approx(
        [min(x for x, _ in drawn), max(x for x, _ in drawn)], abs=1e-4
    )
    label = " ".join(texts(by_role(root, "correlation-label")))
    assert f"r = {6 / math.sqrt(60):.2f}" in label and "n = 5" in label
    assert "Petugas" in texts(root) and "Menit" in texts(root)


def test_scatter_writes_r_with_the_languages_decimal_separator():
    with translation.override("id"):
        root = parse(scatter(PAIRS, "x", "y"))
    assert "r = 0,77" in " ".join(texts(by_role(root, "correlation-label")))


def test_scatter_without_spread_draws_the_points_and_says_r_is_undefined():
    root = parse(scatter([(2, 1), (2, 5), (2, 7)], "x", "y"))
    assert len(markers(by_role(root, "points"))) == 3
    assert not has_role(root, "regression-line")
    assert "r undefined" in " ".join(texts(by_role(root, "correlation-label")))


# ---------------------------------------------------------------- before / after


def test_before_after_bars_follow_the_values_and_the_target_line_sits_at_the_target():
    root = parse(before_after(40, 90, 95, "%", "Kepatuhan cuci tangan"))
    before_left, before_top, before_right, baseline = box(by_role(root, "bar-before"))
    after_left, after_top, _r, after_bottom = box(by_role(root, "bar-after"))
    assert baseline == pytest.approx(after_bottom)
    assert (baseline - before_top) / (baseline - after_top) == pytest.approx(40 / 90, abs=1e-5)
    pixels_per_unit = (baseline - before_top) / 40
    (_x0, target_y), (_x1, target_y1) = line_points(by_role(root, "target"))
    assert target_y == target_y1 == pytest.approx(baseline - 95 * pixels_per_unit, abs=1e-3)
    assert before_left < after_left
    assert texts(by_role(root, "bar-before-label")) == ["40 %"]
    assert texts(by_role(root, "bar-after-label")) == ["90 %"]
    assert texts(by_role(root, "target-label")) == ["Target: 95 %"]
    assert {"Before", "After", "Kepatuhan cuci tangan"} <= set(texts(root))


def test_before_after_formats_values_for_indonesian_and_may_have_no_target():
    with translation.override("id"):
        root = parse(before_after(Decimal("29.6"), Decimal("91.25"), None, "menit", "Waktu tunggu"))
    assert texts(by_role(root, "bar-before-label")) == ["29,6 menit"]
    assert texts(by_role(root, "bar-after-label")) == ["91,2 menit"]
    assert not has_role(root, "target")


# ---------------------------------------------------------------- histogram


def test_histogram_bars_have_the_counts_heights_and_adjacent_bins():
    values = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4]
    counts, edges = histogram_counts(values, bins=4)
    assert counts == [1, 2, 3, 4]
    assert edges == pytest.approx([1, 1.75, 2.5, 3.25, 4])
    root = parse(histogram(values, bins=4, label="Menit"))
    bars = [box(by_role(root, f"bin-{i}")) for i in range(4)]
    heights = [bottom - top for _l, top, _r, bottom in bars]
    assert [h / heights[-1] for h in heights] == pytest.approx([0.25, 0.5, 0.75, 1.0], abs=1e-5)
    for (_l, _t, right, _b), (next_left, _t2, _r2, _b2) in zip(bars, bars[1:], strict=False):
        assert right == pytest.approx(next_left, abs=1e-4)
    widths = [right - left for left, _t, right, _b in bars]
    assert widths == pytest.approx([widths[0]] * 4, abs=1e-4)
    assert {"Menit", "Frequency"} <= set(texts(root))


def test_histogram_default_bins_cover_every_value():
    values = [12.5, 14, 15, 15.5, 16, 18, 18.5, 19, 22, 25, 25.5, 30]
    counts, edges = histogram_counts(values)
    assert sum(counts) == len(values)
    root = parse(histogram(values))
    assert [has_role(root, f"bin-{i}") for i in range(len(counts) + 1)] == [True] * len(counts) + [False]
    with pytest.raises(ValueError):
        histogram([])


# ---------------------------------------------------------------- control chart


def test_control_limits_are_mean_plus_minus_three_sample_sigmas():
    values = [2, 4, 4, 4, 5, 5, 7, 9]  # mean 5, sample variance 32 / 7
    sigma = math.sqrt(32 / 7)
    assert control_limits(values) == pytest.approx((5 - 3 * sigma, 5, 5 + 3 * sigma))
    assert control_limits(values, non_negative=True) == pytest.approx((0, 5, 5 + 3 * sigma))
    assert control_limits([Decimal("1.5"), Decimal("2.5")]) == pytest.approx(
        (2 - 3 * math.sqrt(0.5), 2, 2 + 3 * math.sqrt(0.5))
    )
    with pytest.raises(ValueError):
        control_limits([3])


def _value_to_pixel(root: ET.Element, values: list[float]):
    """The chart's y mapping, recovered from two drawn data points of different value."""
    drawn = markers(by_role(root, "values"))
    assert len(drawn) == len(values)
    low, high = values.index(min(values)), values.index(max(values))
    scale = (drawn[high][1] - drawn[low][1]) / (values[high] - values[low])
    return lambda value: drawn[low][1] + (value - values[low]) * scale


def _level(root: ET.Element, role: str) -> float:
    (_x0, y0), (_x1, y1) = line_points(by_role(root, role))
    assert y0 == y1
    return y0


def test_control_chart_draws_the_mean_and_limits_at_mean_plus_minus_three_sigma():
    values = [2, 4, 4, 4, 5, 5, 7, 9]
    lcl, mean, ucl = control_limits(values)
    root = parse(control_chart(values))
    to_pixel = _value_to_pixel(root, values)
    assert _level(root, "mean") == pytest.approx(to_pixel(mean), abs=1e-3)
    assert _level(root, "ucl") == pytest.approx(to_pixel(ucl), abs=1e-3)
    assert _level(root, "lcl") == pytest.approx(to_pixel(lcl), abs=1e-3)
    assert _level(root, "ucl") - _level(root, "mean") == pytest.approx(
        _level(root, "mean") - _level(root, "lcl")
    )
    every_point = [to_pixel(v) for v in values]
    assert [y for _x, y in markers(by_role(root, "values"))] == pytest.approx(every_point, abs=1e-3)
    assert not has_role(root, "out-of-control")
    assert texts(by_role(root, "ucl-label")) == [f"UCL = {ucl:.2f}"]
    assert texts(by_role(root, "mean-label")) == ["CL = 5.00"]


def test_control_chart_floors_the_lcl_at_zero_only_when_asked():
    values = [2, 4, 4, 4, 5, 5, 7, 9]
    root = parse(control_chart(values, non_negative=True))
    to_pixel = _value_to_pixel(root, values)
    assert _level(root, "lcl") == pytest.approx(to_pixel(0), abs=1e-3)
    assert texts(by_role(root, "lcl-label")) == ["LCL = 0.00"]


def test_control_chart_highlights_exactly_the_points_beyond_the_limits():
    values = [10, 11] * 9 + [10, 40]
    lcl, _mean, ucl = control_limits(values)
    assert [v for v in values if v > ucl or v < lcl] == [40]
    root = parse(control_chart(values, [f"H{i}" for i in range(1, 21)]))
    flagged = markers(by_role(root, "out-of-control"))
    assert flagged == [pytest.approx(markers(by_role(root, "values"))[-1])]
    assert "H1" in texts(root) and "H19" in texts(root)
    with pytest.raises(ValueError):
        control_chart(values, ["too", "few"])


# ---------------------------------------------------------------- fishbone


def test_fishbone_shows_the_problem_every_category_and_every_cause():
    root = parse(fishbone("Waktu tunggu pelayanan KTP lebih dari 60 menit di loket", CAUSES))
    problem = root.find(".//svg:text[@class='fishbone-problem']", NS)
    assert joined(problem) == "Waktu tunggu pelayanan KTP lebih dari 60 menit di loket"
    names = [joined(t) for t in root.iterfind(".//svg:text[@class='fishbone-category-name']", NS)]
    assert names == list(CAUSES)
    groups = root.findall(".//svg:g[@class='fishbone-category']", NS)
    assert len(groups) == len(CAUSES)
    for group, (_name, causes) in zip(groups, CAUSES.items(), strict=True):
        drawn = [joined(t) for t in group.iterfind(".//svg:text[@class='fishbone-cause-text']", NS)]
        assert drawn == causes
        assert len(group.findall("svg:g[@class='fishbone-cause']/svg:line", NS)) == len(causes)


def test_fishbone_bones_alternate_above_and_below_the_spine_and_text_stays_off_the_bone():
    root = parse(fishbone("Masalah", CAUSES))
    spine_y = float(root.find(".//svg:line[@class='fishbone-spine']", NS).get("y1"))
    for index, group in enumerate(root.iterfind(".//svg:g[@class='fishbone-category']", NS)):
        bone = group.find("svg:line", NS)
        x1, y1, x2, y2 = (float(bone.get(a)) for a in ("x1", "y1", "x2", "y2"))
        assert y1 == pytest.approx(spine_y)
        assert (y2 < spine_y) == (index % 2 == 0)

        def bone_x(y, x1=x1, y1=y1, x2=x2, y2=y2):
            return x1 + (x2 - x1) * (y - y1) / (y2 - y1)

        for cause in group.iterfind("svg:g[@class='fishbone-cause']", NS):
            rib = cause.find("svg:line", NS)
            assert float(rib.get("y1")) == float(rib.get("y2"))
            assert float(rib.get("x2")) == pytest.approx(bone_x(float(rib.get("y1"))), abs=0.01)
            for span in cause.iter(f"{SVG}tspan"):
                # Right-aligned text: its end (x) is left of the bone over the line's whole height.
                x, baseline = float(span.get("x")), float(span.get("y"))
                assert x < min(bone_x(baseline), bone_x(baseline - 14))


LONG_CAUSE = "petugas loket belum pernah mendapat pelatihan aplikasi antrian yang baru dipasang tahun lalu"


def test_fishbone_grows_taller_with_more_causes_and_wraps_long_texts():
    short = parse(fishbone("Masalah", {"Manusia": ["A"], "Metode": ["B"]}))
    long = parse(
        fishbone(
            "Masalah",
            {"Manusia": [f"Penyebab nomor {i}, {LONG_CAUSE}" for i in range(8)], "Metode": ["B"]},
        )
    )
    height = lambda root: float(root.get("viewBox").split()[3])  # noqa: E731
    assert height(long) > height(short) + 8 * 17
    width = lambda root: float(root.get("viewBox").split()[2])  # noqa: E731
    assert width(long) == width(short)
    spans = long.findall(".//svg:text[@class='fishbone-cause-text']", NS)[0].findall("svg:tspan", NS)
    assert len(spans) >= 2
    assert " ".join(span.text for span in spans) == f"Penyebab nomor 0, {LONG_CAUSE}"


def test_fishbone_escapes_hostile_text():
    hostile = '<script>alert("x")</script>'
    svg = fishbone('Antrian & "keluhan" <b>', {"Metode <i>": [hostile], "Manusia": ["onload=alert(1)"]})
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert joined(root.find(".//svg:text[@class='fishbone-problem']", NS)) == 'Antrian & "keluhan" <b>'
    assert "".join(root.find(".//svg:text[@class='fishbone-cause-text']", NS).itertext()) == hostile
    assert joined(root.find(".//svg:text[@class='fishbone-category-name']", NS)) == "Metode <i>"
    assert isinstance(safe_svg(svg), SafeString)


def test_fishbone_with_six_categories_of_eight_causes_fits_its_viewbox():
    categories = {
        f"Kategori {c}": [f"Penyebab {c}{i} dengan teks sedang" for i in range(8)] for c in "ABCDEF"
    }
    root = parse(fishbone("Masalah utama yang cukup panjang untuk dibungkus", categories))
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    for element in root.iter():
        for attribute in ("x", "x1", "x2"):
            if element.get(attribute):
                assert 0 <= float(element.get(attribute)) <= width
        for attribute in ("y", "y1", "y2"):
            if element.get(attribute):
                assert 0 <= float(element.get(attribute)) <= height
    assert len(root.findall(".//svg:g[@class='fishbone-cause']", NS)) == 48


# ---------------------------------------------------------------- schedule


def test_week_runs_groups_consecutive_weeks():
    assert week_runs({6, 1, 2, 3}) == [(1, 3), (6, 6)]
    assert week_runs([]) == []
    assert week_runs([4]) == [(4, 4)]


def test_schedule_draws_one_bar_per_run_of_weeks_at_the_weeks_columns():
    steps = [
        ("1. Menentukan tema dan judul", {1, 2, 3, 6}, {2, 3, 7, 8}),
        ("2. Menganalisis penyebab", {4}, set()),
    ]
    root = parse(schedule(steps, 8))
    columns = {
        int(rect.get("data-week")): (float(rect.get("x")), float(rect.get("x")) + float(rect.get("width")))
        for rect in root.iterfind(".//svg:rect[@class='schedule-week']", NS)
    }
    assert sorted(columns) == list(range(1, 9))

    def bars(kind, step):
        found = [
            (float(r.get("x")), float(r.get("x")) + float(r.get("width")), r.get("data-weeks"))
            for r in root.iterfind(f".//svg:rect[@class='schedule-{kind}']", NS)
            if r.get("data-step") == str(step)
        ]
        return sorted(found)

    def expected(runs):
        return [(pytest.approx(columns[a][0]), pytest.approx(columns[b][1]), f"{a}-{b}") for a, b in runs]

    assert bars("plan", 0) == expected([(1, 3), (6, 6)])
    assert bars("actual", 0) == expected([(2, 3), (7, 8)])
    assert bars("plan", 1) == expected([(4, 4)])
    assert bars("actual", 1) == []
    # Plan above actual within the step's row, and the second step's row below the first.
    plan_y = {
        r.get("data-step"): float(r.get("y"))
        for r in root.iterfind(".//svg:rect[@class='schedule-plan']", NS)
    }
    actual_y = [float(r.get("y")) for r in root.iterfind(".//svg:rect[@class='schedule-actual']", NS)]
    assert plan_y["0"] < min(actual_y) < plan_y["1"]
    labels = [joined(t) for t in root.iterfind(".//svg:text[@class='schedule-step']", NS)]
    assert labels == ["1. Menentukan tema dan judul", "2. Menganalisis penyebab"]
    assert {"Plan", "Actual"} <= set(texts(root))


def test_schedule_legend_and_week_labels_and_long_labels():
    labels = [f"Minggu ke-{i}" for i in range(1, 21)]
    root = parse(schedule([("Langkah <1>", {1}, {20})], 20, week_labels=labels))
    assert set(labels) <= set(texts(root))
    assert joined(root.find(".//svg:text[@class='schedule-step']", NS)) == "Langkah <1>"
    assert root.find(".//svg:rect[@class='schedule-legend-plan']", NS).get("fill") == "#ffffff"
    assert root.find(".//svg:rect[@class='schedule-legend-actual']", NS).get("stroke") is None


@pytest.mark.parametrize(
    ("steps", "weeks", "labels"),
    [
        ([("A", {0}, set())], 4, None),
        ([("A", {5}, set())], 4, None),
        ([("A", set(), {2.5})], 4, None),
        ([("A", {1}, set())], 4, ["1", "2"]),
        ([("A", {1}, set())], 0, None),
    ],
)
def test_schedule_refuses_weeks_outside_the_period(steps, weeks, labels):
    with pytest.raises(ValueError):
        schedule(steps, weeks, labels)


# ---------------------------------------------------------------- style conversion and the safety gate


def test_style_attributes_and_style_elements_become_presentation_attributes():
    source = (
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        "<defs><style type='text/css'>*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>"
        '<path d="M 0 0 L 1 1" style="fill: none; stroke: #ff7f0e; stroke-width: 1.5; stroke-dasharray: 5.55,2.4"/>'
        "<text style=\"font: bold 12px 'DejaVu Sans', sans-serif; text-anchor: middle\">a</text>"
        "<text style=\"font-size: 10px; font-family: 'DejaVu Sans'\">b</text>"
        "</svg>"
    )
    root = parse(styles_to_presentation_attributes(source))
    assert (root.get("stroke-linejoin"), root.get("stroke-linecap")) == ("round", "butt")
    assert root.find(".//svg:style", NS) is None
    assert root.find("svg:path", NS).attrib == {
        "d": "M 0 0 L 1 1",
        "fill": "none",
        "stroke": "#ff7f0e",
        "stroke-width": "1.5",
        "stroke-dasharray": "5.55,2.4",
    }
    first, second = root.findall("svg:text", NS)
    assert first.attrib == {
        "font-weight": "bold",
        "font-size": "12px",
        "font-family": "'DejaVu Sans', sans-serif",
        "text-anchor": "middle",
    }
    assert second.attrib == {"font-size": "10px", "font-family": "'DejaVu Sans'"}


@pytest.mark.parametrize(
    "source",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><path style="transition: all 1s"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><path style="fill"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>path{fill:red}</style></svg>',
    ],
)
def test_style_conversion_refuses_css_it_cannot_express(source):
    with pytest.raises(ValueError):
        styles_to_presentation_attributes(source)


def test_safe_svg_marks_a_chart_safe_for_templates():
    svg = BUILDERS["control_chart"]()
    marked = safe_svg(svg)
    assert isinstance(marked, SafeString)
    assert Template("<div>{{ chart }}</div>").render(Context({"chart": marked})) == f"<div>{svg}</div>"


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><SCRIPT>alert(1)</SCRIPT></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect onClick="x()"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://example.org/x.svg#a"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<use xlink:href="data:image/svg+xml;base64,AAAA"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://example.org/p.svg#g)"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="#x"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: red"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:red}</style></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:x"/></svg>',
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>',
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        '<svg xmlns="http://www.w3.org/2000/svg"><!-- hidden --></svg>',
        "<svg><rect/></svg>",
        '<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
    ],
)
def test_safe_svg_refuses_scripts_handlers_external_references_and_css(svg):
    with pytest.raises(UnsafeSVGError):
        safe_svg(svg)


# ---------------------------------------------------------------- the PDF


def test_weasyprint_draws_every_chart_with_its_text_into_the_pdf():
    """Inline SVG in the printed risalah: the labels arrive in the PDF as text, not as paths."""
    body = "".join(f"<h2>{name}</h2>{build()}" for name, build in BUILDERS.items())
    pdf = weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    # pypdf guesses spaces from glyph gaps and drops some in small SVG text: compare without them.
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    expected = [
        "Penyebab",  # Pareto title
        "Cumulative(%)",
        f"r={6 / math.sqrt(60):.2f}",  # scatter
        "Target:95%",  # before/after
        "Frequency",  # histogram
        "UCL=",  # control chart
        "Waktutunggulebihdari60menit",  # fishbone problem
        "Verifikasiberkasmanualduakali",  # a fishbone cause
        "Mesin/Sarana",
        "1.Tema",  # schedule step
        "Plan",
    ]
    assert [word for word in expected if word not in text] == []


# ---------------------------------------------------------------- long texts: wrapped, inside the picture

LONG_TITLE = "Jumlah pasien rawat jalan yang menunggu lebih dari 60 menit per penyebab, Januari–Maret 2026"
LONG_CAUSES = [
    ("Pendaftaran masih manual dengan buku register", 142),
    ("Berkas rekam medis disimpan tidak berurutan", 118),
    ("Belum ada sistem nomor antrean", 97),
    ("Petugas loket hanya satu orang pada jam sibuk", 31),
    ("Komputer loket sering macet", 22),
    ("Pasien datang bersamaan pukul 07.30–09.00", 14),
    ("Dokter poli umum mulai praktik terlambat karena apel dan rapat pagi", 9),
    ("Sinyal internet di ruang loket lemah", 5),
]
LONG_METRIC = "Persentase pasien rawat jalan yang dilayani kurang dari 60 menit sejak mendaftar di loket"

LONG_BUILDERS = {
    "pareto": lambda: pareto(LONG_CAUSES, LONG_TITLE, "Jumlah pasien yang menunggu lebih dari 60 menit"),
    "pareto_three": lambda: pareto(LONG_CAUSES[:3], LONG_TITLE),
    "pareto_twenty": lambda: pareto(
        [(f"{name} ({i})", 30 - i) for i, (name, _c) in enumerate(LONG_CAUSES * 3)]
    ),
    "before_after": lambda: before_after(Decimal("29.6"), Decimal("96.2"), 95, "%", LONG_METRIC),
    "scatter": lambda: scatter(
        PAIRS, "Jumlah petugas loket yang bertugas pada jam sibuk pagi hari", LONG_METRIC, LONG_TITLE
    ),
    "histogram": lambda: histogram([1, 2, 2, 3, 3, 4], label=LONG_METRIC, title=LONG_TITLE),
    "control_chart": lambda: control_chart([93.8, 95.1, 96.4, 94.7], title=LONG_TITLE, y_label=LONG_METRIC),
}

_FONTS = {}


def _font(bold: bool):
    """DejaVu Sans as shipped with matplotlib, at 100 px: an independent measure of drawn text."""
    if bold not in _FONTS:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        _FONTS[bold] = ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name), 100)
    return _FONTS[bold]


def ink_corners(text: ET.Element) -> list[tuple[float, float]]:
    """The four corners of the ink of a matplotlib <text> line, in the SVG's coordinates."""
    content = "".join(text.itertext())
    size = float(text.get("font-size").removesuffix("px"))
    font = _font(text.get("font-weight") in ("bold", "700"))
    left, top, right, bottom = (v * size / 100 for v in font.getbbox(content, anchor="ls"))
    shift = {"start": 0, "middle": -(right - left) / 2, "end": -right}[text.get("text-anchor", "start")]
    transform = text.get("transform", "")
    translate = re.search(r"translate\(([-\d.e]+) ([-\d.e]+)\)", transform)
    x, y = (
        (float(v) for v in translate.groups()) if translate else (float(text.get("x")), float(text.get("y")))
    )
    rotate = re.search(r"rotate\(([-\d.e]+)", transform)
    angle = math.radians(-float(rotate.group(1))) if rotate else 0.0
    along, up = (math.cos(angle), -math.sin(angle)), (-math.sin(angle), -math.cos(angle))
    return [
        (x + along[0] * (a + shift) - up[0] * b, y + along[1] * (a + shift) - up[1] * b)
        for a in (left, right)
        for b in (top, bottom)
    ]


def _overlap(first: list[tuple[float, float]], second: list[tuple[float, float]]) -> bool:
    """Whether two convex quadrilaterals (corner lists, in any order) intersect (separating axes)."""

    def hull(corners):
        cx, cy = sum(x for x, _ in corners) / 4, sum(y for _, y in corners) / 4
        return sorted(corners, key=lambda p: math.atan2(p[1] - cy, p[0] - cx))

    for polygon in (hull(first), hull(second)):
        for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
            normal = (y0 - y1, x1 - x0)
            project = lambda corners, n=normal: [x * n[0] + y * n[1] for x, y in corners]  # noqa: E731
            a, b = project(first), project(second)
            if max(a) <= min(b) or max(b) <= min(a):
                return False
    return True


@pytest.mark.parametrize("name", LONG_BUILDERS)
def test_no_text_of_a_chart_with_long_texts_reaches_outside_its_viewbox(name):
    svg = LONG_BUILDERS[name]()
    check_svg(svg)
    root = parse(svg)
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    outside = [
        "".join(text.itertext())
        for text in root.iter(f"{SVG}text")
        for x, y in ink_corners(text)
        if not (-0.5 <= x <= width + 0.5 and -0.5 <= y <= height + 0.5)
    ]
    assert outside == []


@pytest.mark.parametrize("name", LONG_BUILDERS)
def test_long_charts_are_deterministic(name):
    assert LONG_BUILDERS[name]() == LONG_BUILDERS[name]()


@pytest.mark.parametrize("name", ["pareto", "scatter", "histogram", "control_chart"])
def test_a_long_title_is_wrapped_into_lines_that_fit_the_width(name):
    root = parse(LONG_BUILDERS[name]())
    lines = by_role(root, "title").findall("svg:text", NS)
    assert len(lines) > 1
    assert " ".join(line.text for line in lines) == LONG_TITLE
    width = float(root.get("viewBox").split()[2])
    for line in lines:
        xs = [x for x, _y in ink_corners(line)]
        assert min(xs) >= 0 and max(xs) <= width
        assert len(line.text) <= 70
    assert root.find("svg:title", NS).text == LONG_TITLE


def test_the_before_after_metric_is_the_wrapped_title_and_nothing_is_cut():
    root = parse(LONG_BUILDERS["before_after"]())
    lines = [line.text for line in by_role(root, "title").findall("svg:text", NS)]
    assert len(lines) == 2
    assert " ".join(lines) == LONG_METRIC


def test_a_short_title_stays_on_one_line():
    root = parse(pareto([("A", 3), ("B", 1)], "Penyebab keterlambatan"))
    assert [t.text for t in by_role(root, "title").findall("svg:text", NS)] == ["Penyebab keterlambatan"]
    assert not has_role(parse(pareto([("A", 3), ("B", 1)])), "title")


def test_long_axis_labels_are_wrapped_and_complete():
    root = parse(LONG_BUILDERS["scatter"]())
    drawn = texts(root)
    for label in ("Jumlah petugas loket yang bertugas pada jam sibuk pagi hari", LONG_METRIC):
        assert label not in drawn  # not one long line, but consecutive lines that say all of it
        assert any(
            " ".join(drawn[start:end]) == label
            for start in range(len(drawn))
            for end in range(start + 2, len(drawn) + 1)
        )
    assert all(len(t) <= 60 for t in drawn)


def rotation(text: ET.Element) -> float:
    """The text's rotation in degrees, counter-clockwise as seen (0 when horizontal)."""
    found = re.search(r"rotate\(([-\d.e]+)", text.get("transform", ""))
    return -float(found.group(1)) if found else 0.0


def _category_labels(root: ET.Element, count: int) -> list[list[ET.Element]]:
    return [by_role(root, f"category-{i}").findall("svg:text", NS) for i in range(count)]


def test_many_long_pareto_categories_are_turned_shortened_and_never_overlap():
    root = parse(LONG_BUILDERS["pareto"]())
    labels = _category_labels(root, len(LONG_CAUSES))
    for lines in labels:
        assert 1 <= len(lines) <= 2
        assert all(len(line.text) <= 30 for line in lines)
        assert all(rotation(line) == 45 for line in lines)
    drawn = [" ".join(line.text for line in lines) for lines in labels]
    # In order of the bars (descending count); a name too long for two lines ends in an ellipsis.
    assert drawn[0] == "Pendaftaran masih manual dengan buku register"
    assert drawn[6].endswith("…") and LONG_CAUSES[6][0].startswith(drawn[6][:-1].rstrip())
    assert len(drawn[6]) < len(LONG_CAUSES[6][0])
    for lines, neighbour in zip(labels, labels[1:], strict=False):
        for line in lines:
            for other in neighbour:
                assert not _overlap(ink_corners(line), ink_corners(other))


def test_every_pareto_bar_and_label_carries_the_full_name_and_count_as_a_tooltip():
    svg = LONG_BUILDERS["pareto"]()
    root = parse(svg)
    for index, (name, count) in enumerate(LONG_CAUSES):
        for role in (f"bar-{index}", f"category-{index}"):
            assert by_role(root, role).find("svg:title", NS).text == f"{name}: {count}"
    assert isinstance(safe_svg(svg), SafeString)


def test_a_few_long_pareto_categories_stand_horizontal_and_wrapped_in_full():
    root = parse(LONG_BUILDERS["pareto_three"]())
    for (name, _count), lines in zip(LONG_CAUSES[:3], _category_labels(root, 3), strict=True):
        assert len(lines) > 1
        assert " ".join(line.text for line in lines) == name
        assert all(rotation(line) == 0 for line in lines)
    boxes = [[c for line in lines for c in ink_corners(line)] for lines in _category_labels(root, 3)]
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert max(x for x, _ in left) < min(x for x, _ in right)


def test_twenty_categories_still_do_not_overlap():
    root = parse(LONG_BUILDERS["pareto_twenty"]())
    lines = [line for lines in _category_labels(root, 24) for line in lines]
    for line, other in zip(lines, lines[1:], strict=False):
        assert not _overlap(ink_corners(line), ink_corners(other))


def test_long_category_labels_do_not_squash_the_plot():
    short = box(by_role(parse(pareto([(f"K{i}", 10 - i) for i in range(8)])), "plot-area"))
    long = box(by_role(parse(pareto(LONG_CAUSES)), "plot-area"))
    assert long[3] - long[1] >= 0.9 * (short[3] - short[1])


def test_the_first_bars_count_sits_inside_the_bar_clear_of_the_cumulative_marker():
    root = parse(pareto([("A", 5), ("B", 20), ("C", 10)]))
    _left, top, _right, bottom = box(by_role(root, "bar-0"))
    label = by_role(root, "bar-label-0").find(".//svg:text", NS)
    corners = ink_corners(label)
    assert label.text == "20" and label.get("fill") == "#ffffff"
    assert all(top < y < bottom for _x, y in corners)


def test_wrap_lines_measures_breaks_at_spaces_and_ends_cut_text_with_an_ellipsis():
    lines = wrap_lines("Jaringan internet putus-putus di ruang loket pendaftaran", 80, 10)
    assert " ".join(lines) == "Jaringan internet putus-putus di ruang loket pendaftaran"
    assert "putus-putus" in " ".join(lines).split()
    assert all(text_width(line, 10) <= 80 for line in lines)
    cut = wrap_lines("Jaringan internet putus-putus di ruang loket pendaftaran", 80, 10, max_lines=2)
    assert len(cut) == 2 and cut[-1].endswith("…") and text_width(cut[-1], 10) <= 80
    assert all(text_width(line, 10) <= 30 for line in wrap_lines("Antrianpanjangsekali", 30, 10))
    assert wrap_lines("", 80, 10) == [""]


# ---------------------------------------------------------------- words are never cut in the middle

FIVE_LONG_WORDS = ["Keterlambatan", "Ketidaklengkapan", "Ketidaktersediaan", "Pendaftaran", "Administrasi"]


def test_a_long_multi_word_label_wraps_only_between_words():
    label = "Berkas rekam medis pasien lama disimpan tidak berurutan di rak"
    lines = wrap_lines(label, 50, 8.5)
    assert lines == ["Berkas", "rekam", "medis", "pasien", "lama", "disimpan", "tidak", "berurutan", "di rak"]
    assert all(text_width(line, 8.5) <= 50 for line in lines)


def test_a_single_word_longer_than_the_line_is_shortened_with_an_ellipsis_not_cut():
    assert wrap_lines("Keterlambatan", 30, 10) == ["Ket…"]
    assert wrap_lines("Loket Keterlambatanpelayanan umum", 50, 10) == ["Loket", "Keterla…", "umum"]
    assert text_width("Keterla…", 10) <= 50


def test_a_hyphenated_word_too_long_for_the_line_breaks_after_its_hyphen():
    assert wrap_lines("putus-putus", 40, 10) == ["putus-", "putus"]
    assert wrap_lines("Jaringan putus-putus", 200, 10) == ["Jaringan putus-putus"]  # whole while it fits


def test_pareto_labels_whose_words_are_wider_than_a_bar_turn_instead_of_being_cut():
    texts, rotation, _size = category_labels(FIVE_LONG_WORDS)
    assert (texts, rotation) == (FIVE_LONG_WORDS, 45)
    root = parse(pareto([(word, 10 - i) for i, word in enumerate(FIVE_LONG_WORDS)]))
    drawn = [[line.text for line in lines] for lines in _category_labels(root, 5)]
    assert drawn == [[word] for word in FIVE_LONG_WORDS]
    # Short words still stand horizontal and wrapped.
    assert category_labels(["Pendaftaran manual", "Rekam medis", "Antrean"]) == (
        ["Pendaftaran manual", "Rekam medis", "Antrean"],
        0,
        8.5,
    )
