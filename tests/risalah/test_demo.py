"""The demo risalah: a complete example that passes the checker, and drafts at a given stage."""

from demo.example_risalah import build_draft_risalah, build_example_risalah
from risalah import checker
from risalah.tools import all_causes, dominant_causes, normalise
from tests.conftest import without_risalah


def _data(risalah, tool):
    step = next(s for s in risalah.steps.select_related("method_step") if tool in s.method_step.tools)
    return normalise(tool, step.data.get(tool))


def test_the_example_is_complete_and_realistic(world, operator_a):
    without_risalah(world)
    risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=operator_a)
    assert risalah.title == (
        "Meningkatkan persentase pasien rawat jalan yang dilayani kurang dari 60 menit dari 29,6% menjadi 95% "
        "pada September 2026 di Puskesmas Sukamaju"
    )
    fishbone = _data(risalah, "fishbone")
    assert len(fishbone["categories"]) == 5 and len(all_causes(fishbone)) == 15
    assert len(dominant_causes(_data(risalah, "cause_test"))) == 3
    assert len(_data(risalah, "control_chart")["values"]) == 12
    roster = {str(m.person.uuid) for m in world.group_year_a.members.select_related("person")}
    plan = _data(risalah, "plan_5w1h")["rows"]
    assert len(plan) == 3 and all(row["who"] and set(row["who"]) <= roster for row in plan)
    assert all(step.narrative for step in risalah.steps.all())
    assert risalah.conclusion.startswith("Dengan pendaftaran elektronik")
    # Without meetings, only the meeting rule remains (the world's group has its SK).
    assert [finding.code for finding in checker.check(risalah)] == ["too_few_meetings"]


def test_a_draft_has_only_its_first_steps(world, operator_a):
    without_risalah(world)
    draft = build_draft_risalah(group=world.group_a, programme_year=world.year, by=operator_a, stage=3)
    written = [s.method_step.number for s in draft.steps.select_related("method_step") if s.version]
    assert written == [1, 2, 3]
    empty = [f.step_number for f in checker.check(draft) if f.code == "step_empty"]
    assert empty == [4, 5, 6, 7]
    without_risalah(world)
    bare = build_draft_risalah(group=world.group_a, programme_year=world.year, by=operator_a, stage=0)
    assert (bare.theme, bare.title) == ("Peningkatan kecepatan pelayanan pasien rawat jalan", "")
