"""Step 3, testing the causes: one cause per row, one control (issue 7).

A row chooses a cause of the fishbone (step 2); a cause the fishbone does not have is typed only
after choosing "another cause". The Pareto of step 3, the PDF and the checker count each row on
the cause it chose. A data migration gives existing rows the id their text stands for.
"""

import importlib
import re

import pytest
from django.apps import apps

from risalah import checker, pdf
from risalah.models import Method, MethodStep, RisalahStep
from risalah.services import risalah_create
from risalah.step_charts import chart_inputs, charts_for_step
from risalah.year_rules import year_rules
from tests.factories import GroupYearFactory, ProgrammeYearFactory, complete_group_year
from tests.risalah.test_pages import client_for, step_url, stored_step

FISHBONE = {
    "version": 0,
    "fishbone-problem": "Waktu tunggu lama",
    "fishbone-c-0-name": "Manusia",
    "fishbone-c-0-k-0-id": "aa11bb22",
    "fishbone-c-0-k-0-text": "Petugas kurang",
    "fishbone-c-1-name": "Kebijakan",
    "fishbone-c-1-k-0-id": "cc33dd44",
    "fishbone-c-1-k-0-text": "Belum ada SOP",
}


@pytest.fixture
def as_(world):
    return lambda persona: client_for(world.users[persona])


@pytest.fixture
def writer(world, as_):
    """operator_a, with the fishbone of step 2 saved."""
    client = as_("operator_a")
    client.post(step_url(world.risalah_a, 2), FISHBONE)
    return client


def post_step_3(client, world, rows: dict) -> list[dict]:
    client.post(step_url(world.risalah_a, 3), {"version": stored_step(world.risalah_a, 3).version, **rows})
    return stored_step(world.risalah_a, 3).data["cause_test"]["rows"]


def pareto_labels(step) -> list[str]:
    causes = {"aa11bb22": "Petugas kurang", "cc33dd44": "Belum ada SOP"}
    _draw, kwargs = chart_inputs(step, causes)["cause_pareto"]
    return [label for label, _count in kwargs["categories"]]


def test_the_chosen_cause_wins_over_a_leftover_text(world, writer):
    # The trap: a row offered with "Petugas kurang", moved to "Belum ada SOP" with the dropdown
    # while the old text stayed. The count belongs to the cause chosen.
    rows = post_step_3(
        writer,
        world,
        {
            "cause_test-0-cause_id": "cc33dd44",
            "cause_test-0-cause": "Petugas kurang",
            "cause_test-0-count": "30",
            "cause_test-0-dominant": "on",
        },
    )
    assert rows == [{"cause_id": "cc33dd44", "cause": "Belum ada SOP", "count": 30.0, "dominant": True}]
    assert pareto_labels(stored_step(world.risalah_a, 3)) == ["Belum ada SOP"]


def test_another_cause_is_typed_and_the_checker_says_it_is_not_in_the_fishbone(world, writer):
    rows = post_step_3(
        writer,
        world,
        {
            "cause_test-0-cause_id": "__other__",
            "cause_test-0-cause": "Listrik sering padam",
            "cause_test-0-count": "5",
            # The same words as a fishbone cause: it is that cause.
            "cause_test-1-cause_id": "__other__",
            "cause_test-1-cause": "belum ada  sop",
            "cause_test-1-count": "9",
            # Nothing chosen: a text left in the hidden field does not count.
            "cause_test-2-cause_id": "",
            "cause_test-2-cause": "Sisa ketikan",
            "cause_test-2-count": "2",
        },
    )
    assert rows == [
        {"cause_id": "", "cause": "Listrik sering padam", "count": 5.0, "dominant": False},
        {"cause_id": "cc33dd44", "cause": "Belum ada SOP", "count": 9.0, "dominant": False},
        {"cause_id": "", "cause": "", "count": 2.0, "dominant": False},
    ]
    found = [(f.code, f.blocking) for f in checker.check(world.risalah_a) if f.step_number == 3]
    assert found == [("cause_not_in_fishbone", False), ("cause_test_without_cause", True)]


def test_the_page_shows_one_control_per_cause(world, writer):
    post_step_3(
        writer,
        world,
        {
            "cause_test-0-cause_id": "aa11bb22",
            "cause_test-0-count": "12",
            "cause_test-1-cause_id": "__other__",
            "cause_test-1-cause": "Listrik sering padam",
            "cause_test-1-count": "5",
        },
    )
    html = writer.get(step_url(world.risalah_a, 3)).content.decode()
    # The fishbone's causes by category, then "another cause".
    select = re.search(r'<select name="cause_test-0-cause_id".*?</select>', html, re.S).group(0)
    assert re.findall(r'<optgroup label="([^"]+)">|<option value="([^"]*)"', select) == [
        ("", ""),
        ("Manusia", ""),
        ("", "aa11bb22"),
        ("Kebijakan", ""),
        ("", "cc33dd44"),
        ("", "__other__"),
    ]
    assert '<option value="aa11bb22" selected>Petugas kurang</option>' in select
    # A fishbone cause: its text field is hidden and empty. Another cause: shown with its text.
    fields = re.findall(r'<div class="mt-1" data-other-cause( hidden)?>.*?<input ([^>]*)>', html, re.S)
    assert [(hidden, 'value="' in attrs) for hidden, attrs in fields[:2]] == [(" hidden", False), ("", True)]
    assert 'name="cause_test-1-cause" value="Listrik sering padam"' in html
    assert '<option value="__other__" selected>' in html


def test_a_row_whose_cause_left_the_fishbone_shows_its_text_as_another_cause(world, writer):
    post_step_3(writer, world, {"cause_test-0-cause_id": "cc33dd44", "cause_test-0-count": "9"})
    # Step 2 drops "Belum ada SOP".
    fishbone = {key: value for key, value in FISHBONE.items() if not key.startswith("fishbone-c-1")}
    writer.post(step_url(world.risalah_a, 2), {**fishbone, "version": 1})
    html = writer.get(step_url(world.risalah_a, 3)).content.decode()
    assert 'name="cause_test-0-cause" value="Belum ada SOP"' in html
    assert [f.code for f in checker.check(world.risalah_a) if f.step_number == 3] == ["cause_not_in_fishbone"]


def test_without_a_fishbone_in_the_method_the_cause_is_typed(world, as_):
    method = Method.objects.create(code="uji", name="Uji penyebab saja")
    MethodStep.objects.create(
        method=method, number=1, code="uji", name="Uji", pdca="plan", tools=["cause_test"]
    )
    year = ProgrammeYearFactory(year=2028)
    complete_group_year(GroupYearFactory(group=world.group_a, programme_year=year))
    rules = year_rules(year)
    rules.method = method
    rules.save()
    risalah = risalah_create(group=world.group_a, programme_year=year, by=world.users["operator_a"])
    client = as_("operator_a")
    html = client.get(step_url(risalah, 1)).content.decode()
    assert "cause_id" not in html and "data-other-cause" not in html
    assert '<label class="form-label small mb-0 d-md-none" for="id_cause_test-0-cause">Cause</label>' in html
    client.post(
        step_url(risalah, 1),
        {"version": 0, "cause_test-0-cause": "Petugas kurang", "cause_test-0-count": "4"},
    )
    step = RisalahStep.objects.get(risalah=risalah)
    assert step.data["cause_test"]["rows"] == [
        {"cause_id": "", "cause": "Petugas kurang", "count": 4.0, "dominant": False}
    ]
    assert [f.code for f in checker.check(risalah) if f.code.startswith("cause")] == []


def test_the_pareto_and_the_pdf_name_a_row_by_its_fishbone_cause(world, writer):
    post_step_3(writer, world, {"cause_test-0-cause_id": "aa11bb22", "cause_test-0-count": "12"})
    # Step 2 rewords the cause after step 3 was saved: the count stays on it, under its new words.
    writer.post(
        step_url(world.risalah_a, 2),
        {**FISHBONE, "fishbone-c-0-k-0-text": "Petugas loket kurang", "version": 1},
    )
    step = stored_step(world.risalah_a, 3)
    step.risalah = world.risalah_a
    causes = {"aa11bb22": "Petugas loket kurang"}
    assert "Petugas loket kurang" in charts_for_step(step, causes)["cause_pareto"]
    block = pdf.tool_block("cause_test", step.data["cause_test"], causes=causes, names={})
    assert [row["text"] for row in block["data"]["rows"]] == ["Petugas loket kurang"]
    html = writer.get(step_url(world.risalah_a, 3)).content.decode()
    assert "Petugas loket kurang</text>" in html or "Petugas loket kurang</tspan>" in html  # the page's chart


# --- the data migration --------------------------------------------------------------------

migration = importlib.import_module("risalah.migrations.0005_cause_choice")
CAUSES = {"aa11bb22": "Petugas kurang", "cc33dd44": "Belum ada SOP"}


def test_the_migration_keeps_what_each_row_has_shown():
    rows = [
        # Consistent: untouched.
        {"cause_id": "aa11bb22", "cause": "Petugas kurang", "count": 1, "dominant": False},
        # The trap: dropdown moved to SOP, text (shown everywhere) still "Petugas kurang".
        {"cause_id": "cc33dd44", "cause": "Petugas  KURANG", "count": 2, "dominant": True},
        # Typed by hand with the fishbone's words: gets the cause's id.
        {"cause_id": "", "cause": "belum ada sop", "count": 3, "dominant": False},
        # The text was reworded from the chosen cause and matches none: a cause outside the fishbone.
        {"cause_id": "aa11bb22", "cause": "Petugas kurang di pagi hari", "count": 4, "dominant": True},
        # Only an id: shown as its cause before and after.
        {"cause_id": "cc33dd44", "cause": "", "count": 5, "dominant": False},
        # An id the fishbone does not have, with a text: the text was shown, and still is.
        {"cause_id": "gone1234", "cause": "Listrik padam", "count": 6, "dominant": False},
        "not a row",
    ]
    migrated, changed = migration.migrate_rows(rows, CAUSES)
    assert changed
    assert [row["cause_id"] if isinstance(row, dict) else row for row in migrated] == [
        "aa11bb22",
        "aa11bb22",
        "cc33dd44",
        "",
        "cc33dd44",
        "gone1234",
        "not a row",
    ]
    # Texts, counts and ticks are kept as they were.
    assert [{k: v for k, v in row.items() if k != "cause_id"} for row in migrated[:-1]] == [
        {k: v for k, v in row.items() if k != "cause_id"} for row in rows[:-1]
    ]
    assert migration.migrate_rows(migrated, CAUSES) == (migrated, False)  # runs twice safely


def test_the_migration_rewrites_the_steps_of_each_risalah_with_its_own_fishbone(world):
    steps = {s.method_step.number: s for s in world.risalah_a.steps.select_related("method_step")}
    fishbone = {
        "fishbone": {
            "problem": "",
            "categories": [
                {"name": "Manusia", "causes": [{"id": "aa11bb22", "text": "Petugas kurang"}]},
                {"name": "Kebijakan", "causes": [{"id": "cc33dd44", "text": "Belum ada SOP"}]},
            ],
        }
    }
    tested = {
        "cause_test": {
            "rows": [{"cause_id": "cc33dd44", "cause": "Petugas kurang", "count": 2, "dominant": True}]
        },
        "scatter": {"x_label": "x", "y_label": "y", "pairs": [[1, 2]]},
    }
    RisalahStep.objects.filter(pk=steps[2].pk).update(data=fishbone)
    RisalahStep.objects.filter(pk=steps[3].pk).update(data=tested, version=4)
    before = stored_step(world.risalah_a, 3)
    history = RisalahStep.history.filter(id=before.pk).count()
    migration.forward(apps, None)
    after = stored_step(world.risalah_a, 3)
    assert after.data == {
        "cause_test": {
            "rows": [{"cause_id": "aa11bb22", "cause": "Petugas kurang", "count": 2, "dominant": True}]
        },
        "scatter": {"x_label": "x", "y_label": "y", "pairs": [[1, 2]]},
    }
    assert (after.version, after.updated_at) == (4, before.updated_at)
    assert RisalahStep.history.filter(id=before.pk).count() == history
    assert stored_step(world.risalah_a, 2).data == fishbone
