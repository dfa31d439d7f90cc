"""The charts of a risalah step, drawn from its tool data and cached on the step.

``charts_for_step(step)`` returns ``{name: svg}`` for every chart the step's data allows. Each
SVG is stored in ``RisalahStep.charts`` as ``{"hash": ..., "svg": ...}``; the hash covers the
exact input of the drawing (data, labels, language, drawing version), so a chart is redrawn only
when what it shows changes. The step page and the PDF both call this function; after a save
the task worker calls it in the portal's language (``risalah.tasks.draw_step_charts``), so the
page's first view finds the charts drawn.
"""

import hashlib
import json
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext

from risalah import charts
from risalah.models import RisalahStep
from risalah.tools import all_causes, cause_label, normalise

# Bump when the drawing code changes in a way that should refresh every cached chart.
DRAWING_VERSION = "2"

# The charts each tool can have, in the order they appear on a page.
TOOL_CHARTS = {
    "check_sheet": ("pareto",),
    "fishbone": ("fishbone",),
    "cause_test": ("cause_pareto",),
    "scatter": ("scatter",),
    "before_after": ("before_after",),
    "control_chart": ("histogram", "control_chart"),
}
CHART_NAMES = tuple(name for names in TOOL_CHARTS.values() for name in names)


def chart_names_for_tools(tools: list[str]) -> list[str]:
    """The charts a step with these tools may show."""
    return [name for tool in tools for name in TOOL_CHARTS.get(tool, ())]


def _pareto(rows: list[tuple[str, float]], title: str) -> dict | None:
    rows = [(label, count) for label, count in rows if label and count is not None and count >= 0]
    if not rows or sum(count for _label, count in rows) <= 0:
        return None
    return {"categories": [list(row) for row in rows], "title": title}


def chart_inputs(
    step: RisalahStep, causes: dict[str, str] | None = None
) -> dict[str, tuple[Callable[..., str], dict]]:
    """``{name: (drawing function, keyword arguments)}`` for the charts the data allows.

    The keyword arguments are plain JSON values: they are what the hash is computed from.
    ``causes`` (fishbone cause id -> text) names the tested causes when the fishbone is in
    another step; without it only a fishbone of the same step is read.
    """
    tools = step.method_step.tools
    data = {tool: normalise(tool, step.data.get(tool)) for tool in tools}
    risalah = step.risalah
    inputs: dict[str, tuple[Callable[..., str], dict]] = {}

    if "check_sheet" in data:
        sheet = data["check_sheet"]
        kwargs = _pareto([(row["label"], row["count"]) for row in sheet["rows"]], sheet["title"])
        if kwargs:
            inputs["pareto"] = (charts.pareto, kwargs)

    if "fishbone" in data:
        fishbone = data["fishbone"]
        categories: dict[str, list[str]] = {}
        for category in fishbone["categories"]:
            categories.setdefault(category["name"] or "…", []).extend(c["text"] for c in category["causes"])
        if any(categories.values()):
            problem = fishbone["problem"] or risalah.metric or risalah.theme or "…"
            inputs["fishbone"] = (charts.fishbone, {"problem": problem, "categories": categories})

    if "cause_test" in data:
        if causes is None:
            causes = all_causes(data["fishbone"]) if "fishbone" in data else {}
        # Each count goes to the cause the row chose (its current text in the fishbone).
        rows = [(cause_label(row, causes), row["count"]) for row in data["cause_test"]["rows"]]
        kwargs = _pareto(rows, gettext("Testing the causes"))
        if kwargs:
            inputs["cause_pareto"] = (charts.pareto, kwargs)

    if "scatter" in data and len(data["scatter"]["pairs"]) >= 2:
        scatter = data["scatter"]
        inputs["scatter"] = (
            charts.scatter,
            {"pairs": scatter["pairs"], "x_label": scatter["x_label"], "y_label": scatter["y_label"]},
        )

    if "before_after" in data:
        evaluation = data["before_after"]
        if evaluation["before"] is not None and evaluation["after"] is not None:
            target = evaluation["target"]
            if target is None and risalah.target_value is not None:
                target = float(risalah.target_value)
            inputs["before_after"] = (
                charts.before_after,
                {
                    "before": evaluation["before"],
                    "after": evaluation["after"],
                    "target": target,
                    "unit_label": risalah.unit_of_measure,
                    "metric_label": evaluation["metric"] or risalah.metric,
                },
            )

    if "control_chart" in data and len(data["control_chart"]["values"]) >= 2:
        series = data["control_chart"]
        inputs["histogram"] = (charts.histogram, {"values": series["values"], "label": series["label"]})
        inputs["control_chart"] = (
            charts.control_chart,
            {
                "values": series["values"],
                "non_negative": min(series["values"]) >= 0,
                "y_label": series["label"],
            },
        )
    return inputs


def page_causes(steps: list[RisalahStep]) -> dict[str, str]:
    """The fishbone's causes (id -> text) as the step pages pass them to ``charts_for_step``:
    those of the method's (first) fishbone step (``risalah.forms.steps.editor_context``)."""
    for step in steps:
        if "fishbone" in step.method_step.tools:
            return all_causes(normalise("fishbone", step.data.get("fishbone")))
    return {}


def input_hash(name: str, kwargs: dict) -> str:
    payload = {
        "chart": name,
        "input": kwargs,
        "language": translation.get_language(),
        "drawing": DRAWING_VERSION,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def charts_for_step(step: RisalahStep, causes: dict[str, str] | None = None) -> dict[str, str]:
    """The step's charts as SVG strings, drawing only those whose input changed.

    ``causes``: the fishbone's causes (id -> text), when the caller has them (see chart_inputs).

    Stores the refreshed cache with one UPDATE when something was drawn or dropped (the step's
    version and history are untouched: charts are derived data). ``step.risalah`` is read for the
    title's unit and target.
    """
    cached = step.charts if isinstance(step.charts, dict) else {}
    fresh: dict[str, dict] = {}
    for name, (draw, kwargs) in chart_inputs(step, causes).items():
        digest = input_hash(name, kwargs)
        entry = cached.get(name)
        if isinstance(entry, dict) and entry.get("hash") == digest and entry.get("svg"):
            fresh[name] = entry
            continue
        try:
            svg = draw(**kwargs)
        except ValueError:
            continue  # data the chart cannot show (e.g. no spread at all): no chart, the table stays
        fresh[name] = {"hash": digest, "svg": svg}
    if fresh != cached:
        RisalahStep.objects.filter(pk=step.pk).update(charts=fresh)
        step.charts = fresh
    return {name: fresh[name]["svg"] for name in CHART_NAMES if name in fresh}
