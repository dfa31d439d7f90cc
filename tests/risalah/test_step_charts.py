"""A step's charts are drawn from its data and redrawn only when that data changes."""

import re

from demo.example_risalah import build_example_risalah
from risalah.models import RisalahStep
from risalah.services import step_save
from risalah.step_charts import charts_for_step
from tests.conftest import without_risalah


def _step(risalah, tool: str) -> RisalahStep:
    steps = risalah.steps.select_related("method_step", "risalah__group__unit")
    return next(step for step in steps if tool in step.method_step.tools)


def test_each_step_gets_the_charts_its_data_allows(world, operator_a):
    without_risalah(world)
    risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=operator_a)
    assert list(charts_for_step(_step(risalah, "check_sheet"))) == ["pareto"]
    assert list(charts_for_step(_step(risalah, "fishbone"))) == ["fishbone"]
    assert list(charts_for_step(_step(risalah, "cause_test"))) == ["cause_pareto", "scatter"]
    assert list(charts_for_step(_step(risalah, "before_after"))) == [
        "before_after",
        "histogram",
        "control_chart",
    ]
    assert charts_for_step(_step(risalah, "plan_5w1h")) == {}
    fishbone = charts_for_step(_step(risalah, "fishbone"))["fishbone"]
    assert fishbone.startswith("<svg") and ">Metode<" in fishbone and "Pendaftaran" in fishbone


def test_an_empty_step_has_no_chart(world):
    step = _step(world.risalah_a, "check_sheet")
    assert charts_for_step(step) == {}
    assert RisalahStep.objects.get(pk=step.pk).charts == {}


def test_charts_are_cached_and_reused_until_the_data_changes(world, operator_a):
    step = _step(world.risalah_a, "check_sheet")
    data = {
        "check_sheet": {
            "title": "Lembar periksa",
            "rows": [{"label": "Antrean", "count": 12}, {"label": "Berkas", "count": 5}],
        }
    }
    step_save(step=step, data=data, narrative="", base_version=0, by=operator_a)
    first = charts_for_step(step)["pareto"]
    stored = RisalahStep.objects.get(pk=step.pk).charts
    assert stored["pareto"]["svg"] == first
    assert re.fullmatch(r"[0-9a-f]{64}", stored["pareto"]["hash"])

    # Mark the stored drawing: if the next call redrew, the mark would be gone.
    marked = first.replace("<svg", '<svg data-cached-drawing="yes"', 1)
    RisalahStep.objects.filter(pk=step.pk).update(charts={"pareto": {**stored["pareto"], "svg": marked}})
    step = _step(world.risalah_a, "check_sheet")
    assert charts_for_step(step)["pareto"] == marked

    # The narrative is not chart data: still the cached drawing.
    step_save(step=step, data=data, narrative="Catatan baru", base_version=1, by=operator_a)
    assert charts_for_step(step)["pareto"] == marked

    # A changed count is: redrawn, with a new hash.
    data["check_sheet"]["rows"][1]["count"] = 7
    step_save(step=step, data=data, narrative="Catatan baru", base_version=2, by=operator_a)
    redrawn = charts_for_step(step)["pareto"]
    assert "data-cached-drawing" not in redrawn
    assert RisalahStep.objects.get(pk=step.pk).charts["pareto"]["hash"] != stored["pareto"]["hash"]


def test_a_chart_whose_data_is_removed_is_dropped(world, operator_a):
    step = _step(world.risalah_a, "check_sheet")
    data = {"check_sheet": {"title": "", "rows": [{"label": "Antrean", "count": 3}]}}
    step_save(step=step, data=data, narrative="", base_version=0, by=operator_a)
    assert list(charts_for_step(step)) == ["pareto"]
    step_save(step=step, data={"check_sheet": {"rows": []}}, narrative="x", base_version=1, by=operator_a)
    assert charts_for_step(step) == {}
    assert RisalahStep.objects.get(pk=step.pk).charts == {}


def test_saving_charts_does_not_touch_the_version_or_history(world, operator_a):
    step = _step(world.risalah_a, "check_sheet")
    step_save(
        step=step,
        data={"check_sheet": {"rows": [{"label": "A", "count": 1}]}},
        narrative="",
        base_version=0,
        by=operator_a,
    )
    charts_for_step(step)
    stored = RisalahStep.objects.get(pk=step.pk)
    assert stored.version == 1
    assert stored.history.count() == 1
