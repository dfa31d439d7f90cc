"""The checker: one test per rule, each with the defect (positive) and without it (negative).

The base is the demo's complete example risalah with six fully attended meetings, which the
checker passes; each test then introduces one defect.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from groups.models import GroupYear
from risalah import checker
from risalah.demo import build_draft_risalah, build_example_risalah
from risalah.models import Attachment, Evidence, Meeting, Method, Risalah, RisalahStep, YearRules
from risalah.services import year_rules
from tests.factories import GroupYearFactory, ProgrammeYearFactory, complete_group_year, pdf_bytes


def add_meetings(risalah, count: int, people) -> None:
    for day in range(1, count + 1):
        meeting = Meeting.objects.create(
            risalah=risalah, date=date(2026, 3, day), duration_minutes=90, agenda=f"Rapat {day}"
        )
        meeting.attendees.set(people)


def roster_people(world):
    return [member.person for member in world.group_year_a.members.select_related("person")]


@pytest.fixture
def example(world):
    risalah = build_example_risalah(
        group=world.group_a, programme_year=world.year, by=world.users["operator_a"]
    )
    add_meetings(risalah, 6, roster_people(world))
    return Risalah.objects.select_related("group__unit", "programme_year", "method").get(pk=risalah.pk)


def edit(risalah, tool: str, change) -> None:
    """Change the stored data of ``tool`` in place (test set-up, bypassing the services)."""
    step = next(s for s in risalah.steps.select_related("method_step") if tool in s.method_step.tools)
    data = dict(step.data)
    change(data[tool])
    RisalahStep.objects.filter(pk=step.pk).update(data=data)


def codes(risalah) -> list[str]:
    return [finding.code for finding in checker.check(risalah)]


def findings(risalah, code: str) -> list[checker.Finding]:
    return [finding for finding in checker.check(risalah) if finding.code == code]


def test_the_complete_example_passes(example):
    assert checker.check(example) == []


def test_check_runs_a_fixed_number_of_queries(example, world):
    with CaptureQueriesContext(connection) as complete:
        checker.check(example)
    small = build_draft_risalah(
        group=world.group_a, programme_year=world.year, by=world.users["operator_a"], stage=1
    )
    add_meetings(small, 1, roster_people(world)[:1])
    small = Risalah.objects.select_related("group__unit", "programme_year", "method").get(pk=small.pk)
    with CaptureQueriesContext(connection) as draft:
        checker.check(small)
    assert len(complete) == len(draft) <= 10


# step without content


def test_a_step_without_content_is_found(world):
    found = findings(world.risalah_a, "step_empty")
    assert [f.step_number for f in found] == [1, 2, 3, 4, 5, 6, 7]
    assert all(f.blocking for f in found)
    assert found[1].url == f"/risalah/{world.risalah_a.uuid}/langkah/2/"


def test_a_narrative_or_tool_data_is_content(world):
    steps = {s.method_step.number: s for s in world.risalah_a.steps.select_related("method_step")}
    RisalahStep.objects.filter(pk=steps[1].pk).update(narrative="Tim mendata masalah.")
    RisalahStep.objects.filter(pk=steps[2].pk).update(
        data={
            "fishbone": {
                "categories": [{"name": "Manusia", "causes": [{"id": "a", "text": "Kurang petugas"}]}]
            }
        }
    )
    # Empty default categories alone are not content.
    RisalahStep.objects.filter(pk=steps[3].pk).update(data={"cause_test": {"rows": []}})
    assert [f.step_number for f in findings(world.risalah_a, "step_empty")] == [3, 4, 5, 6, 7]


# title without its measurable parts


def test_a_title_without_baseline_target_deadline_or_metric_is_found(example):
    Risalah.objects.filter(pk=example.pk).update(baseline_value=None, deadline=None)
    example.refresh_from_db()
    found = findings(example, "title_incomplete")
    assert len(found) == 1
    assert found[0].blocking and found[0].step_number == 1
    assert found[0].url == f"/risalah/{example.uuid}/judul/"
    Risalah.objects.filter(pk=example.pk).update(metric="", target_value=None)
    example.refresh_from_db()
    with_parts = findings(example, "title_incomplete")[0].message
    assert with_parts.count(",") == 3  # four parts listed


def test_a_complete_title_is_fine(example):
    assert findings(example, "title_incomplete") == []


# dominant cause not among the fishbone's causes


def test_a_dominant_cause_outside_the_fishbone_is_found(example):
    edit(
        example,
        "cause_test",
        lambda d: d["rows"].append({"cause_id": "", "cause": "Cuaca buruk", "count": 50, "dominant": True}),
    )
    found = findings(example, "dominant_not_in_causes")
    assert len(found) == 1 and "Cuaca buruk" in found[0].message
    assert found[0].step_number == 3 and found[0].url.endswith("/langkah/3/#tool-cause_test")


def test_a_dominant_cause_matching_a_fishbone_cause_by_text_is_fine(example):
    # No id (typed by hand), but the same words in another case and spacing.
    edit(
        example,
        "cause_test",
        lambda d: d["rows"][0].update(
            {"cause_id": "", "cause": "  pendaftaran MASIH manual dengan   buku register"}
        ),
    )
    assert findings(example, "dominant_not_in_causes") == []


# dominant cause without a 5W+1H row


def test_a_dominant_cause_without_a_plan_row_is_found(example):
    edit(example, "plan_5w1h", lambda d: d["rows"].pop(1))
    found = findings(example, "dominant_without_plan")
    assert len(found) == 1 and "Berkas rekam medis disimpan tidak berurutan" in found[0].message
    assert found[0].step_number == 4


def test_every_dominant_cause_planned_is_fine(example):
    assert findings(example, "dominant_without_plan") == []


# 5W+1H row without who or when


def test_a_plan_row_without_who_or_when_is_found(example):
    def change(data):
        data["rows"][0]["who"] = []
        data["rows"][2]["when"] = ""

    edit(example, "plan_5w1h", change)
    found = findings(example, "plan_row_incomplete")
    assert [f.step_number for f in found] == [4, 4]
    assert all(f.blocking for f in found)


def test_plan_rows_with_who_and_when_are_fine(example):
    assert findings(example, "plan_row_incomplete") == []


# step 6 must measure the title's metric from its baseline


def test_an_evaluation_of_another_metric_is_found(example):
    edit(example, "before_after", lambda d: d.update({"metric": "jumlah kunjungan pasien"}))
    found = findings(example, "evaluation_metric")
    assert len(found) == 1 and found[0].step_number == 6 and found[0].blocking


def test_the_metric_compares_without_case_and_spacing(example):
    edit(
        example,
        "before_after",
        lambda d: d.update({"metric": "Persentase  pasien rawat jalan yang dilayani KURANG dari 60 menit "}),
    )
    assert findings(example, "evaluation_metric") == []


def test_an_evaluation_from_another_baseline_is_found(example):
    edit(example, "before_after", lambda d: d.update({"before": 31.0}))
    assert [f.code for f in findings(example, "evaluation_baseline")] == ["evaluation_baseline"]
    edit(example, "before_after", lambda d: d.update({"before": 29.6}))
    assert findings(example, "evaluation_baseline") == []


def test_an_evaluation_without_before_or_after_is_found(example):
    edit(example, "before_after", lambda d: d.update({"after": None}))
    assert len(findings(example, "evaluation_values")) == 1


# step 6 must give a verdict on the target


def test_an_evaluation_without_verdict_is_found(example):
    edit(example, "before_after", lambda d: d.update({"target_reached": None}))
    found = findings(example, "evaluation_verdict")
    assert len(found) == 1 and found[0].blocking


def test_a_target_not_reached_is_still_a_verdict(example):
    edit(example, "before_after", lambda d: d.update({"target_reached": False}))
    assert findings(example, "evaluation_verdict") == []


# step 7 must name a standard


def test_no_standard_is_found(example):
    edit(example, "standard", lambda d: d.update({"title": "", "summary": ""}))
    found = findings(example, "no_standard")
    assert len(found) == 1 and found[0].step_number == 7


def test_an_attached_sop_is_a_standard(example, world):
    edit(example, "standard", lambda d: d.update({"title": "", "summary": ""}))
    Attachment.objects.create(
        risalah=example,
        kind=Evidence.SOP,
        file=ContentFile(pdf_bytes(), name="sop.pdf"),
        content_type="application/pdf",
        uploaded_by=world.users["operator_a"],
    )
    assert findings(example, "no_standard") == []


# meetings and attendance


def test_too_few_meetings_are_found(example):
    example.meetings.first().delete()
    found = findings(example, "too_few_meetings")
    assert len(found) == 1 and found[0].step_number is None and found[0].blocking
    assert found[0].url == f"/risalah/{example.uuid}/rapat/"


def test_the_minimum_number_of_meetings_is_the_bureaus(example):
    example.meetings.first().delete()
    YearRules.objects.filter(programme_year=example.programme_year).update(min_meetings=5)
    assert findings(example, "too_few_meetings") == []


def test_low_attendance_is_found(example, world):
    half = roster_people(world)[:2]
    for meeting in example.meetings.all():
        meeting.attendees.set(half)  # 2 of 5: 40%
    found = findings(example, "low_attendance")
    assert len(found) == 1 and found[0].blocking


def test_attendance_at_the_threshold_is_fine(example, world):
    for meeting in example.meetings.all():
        meeting.attendees.set(roster_people(world)[:4])  # 80% >= 75%
    assert findings(example, "low_attendance") == []


# SK of the year


def test_a_missing_sk_is_found(example, world):
    GroupYear.objects.filter(pk=world.group_year_a.pk).update(sk_scan="")
    found = findings(example, "missing_sk")
    assert len(found) == 1 and found[0].url == f"/kelompok/{world.group_a.uuid}/#year-2026"


def test_a_group_without_a_record_for_the_year_has_no_sk(world):
    year = ProgrammeYearFactory(year=2027)
    risalah = build_draft_risalah(
        group=world.group_a, programme_year=year, by=world.users["operator_a"], stage=0
    )
    assert len(findings(risalah, "missing_sk")) == 1


def test_a_complete_sk_is_fine(example):
    assert findings(example, "missing_sk") == []


# duplicate title in the same year


def test_a_duplicate_title_in_the_same_year_is_advice(example, world):
    Risalah.objects.filter(pk=world.risalah_a.pk).update(title="  " + example.title.upper())
    found = findings(example, "duplicate_title")
    assert len(found) == 1 and not found[0].blocking


def test_the_same_title_in_another_year_is_advice_too(example, world):
    other_year = ProgrammeYearFactory(year=2025)
    Risalah.objects.filter(pk=world.risalah_a.pk).update(title=example.title, programme_year=other_year)
    with translation.override("id"):
        found = findings(example, "duplicate_title")
    assert [(f.message, f.blocking) for f in found] == [
        (
            "Risalah lain pada tahun 2025 memiliki judul yang sama. "
            "Sesuaikan judul dengan proyek kelompok ini sendiri.",
            False,
        )
    ]


def _verified_elsewhere(world, title: str, year: int = 2025) -> Risalah:
    from tests.factories import GroupFactory, make_verified_risalah

    return make_verified_risalah(
        group=GroupFactory(unit=world.unit_b),
        programme_year=ProgrammeYearFactory(year=year),
        by=world.users["admin"],
        reviewer=world.users["verifikator"],
        title=title,
    )


def test_a_nearly_identical_title_of_another_unit_and_year_is_advice(example, world):
    # The example's title with its number changed: a copy, not the group's own project.
    near = example.title.replace("60", "45")
    assert near != example.title
    _verified_elsewhere(world, near)
    found = findings(example, "duplicate_title")
    assert len(found) == 1 and not found[0].blocking
    assert f"“{near}” (2025)" in found[0].message  # verified: in the library, so it may be quoted


def test_a_nearly_identical_title_of_an_unverified_risalah_is_not_quoted(example, world):
    near = example.title.replace("60", "45")
    Risalah.objects.filter(pk=world.risalah_a.pk).update(title=near)
    found = findings(example, "duplicate_title")
    assert len(found) == 1
    assert near not in found[0].message and "2026" in found[0].message


def test_a_title_that_shares_only_the_pattern_is_fine(example, world):
    # Composed titles share "Meningkatkan ... dari ... menjadi ... pada ... di ...": not a duplicate.
    _verified_elsewhere(
        world,
        "Meningkatkan persentase berkas izin yang selesai tepat waktu dari 40% menjadi 90% pada Juni 2025 "
        "di Dinas Penanaman Modal",
    )
    assert findings(example, "duplicate_title") == []


def test_a_risalah_of_another_pemda_is_not_compared(example, world):
    from tests.factories import GroupFactory, UnitFactory

    other_pemda = UnitFactory(name="Pemerintah Kota Lain", code="LAIN")
    other = risalah_create_for(GroupFactory(unit=UnitFactory(parent=other_pemda)), world)
    Risalah.objects.filter(pk=other.pk).update(title=example.title)
    assert findings(example, "duplicate_title") == []
    Risalah.objects.filter(pk=world.risalah_a.pk).update(title=example.title)  # the same Pemda: found
    assert len(findings(example, "duplicate_title")) == 1


def risalah_create_for(group, world):
    from risalah.services import risalah_create

    return risalah_create(group=group, programme_year=world.year, by=world.users["admin"])


def test_the_risalahs_own_earlier_revision_is_not_a_duplicate(example, world):
    Risalah.objects.filter(pk=example.pk).update(revision=2)
    copy = Risalah.objects.get(pk=world.risalah_a.pk)
    Risalah.objects.filter(pk=copy.pk).update(
        group=example.group, programme_year=example.programme_year, revision=1, title=example.title
    )
    example.refresh_from_db()
    assert findings(example, "duplicate_title") == []


# every method


def test_the_eight_step_method_is_checked_by_tools(world):
    year = ProgrammeYearFactory(year=2027)
    complete_group_year(GroupYearFactory(group=world.group_a, programme_year=year))
    rules = year_rules(year)
    rules.method = Method.objects.get(code="gkm-8")
    rules.save()
    risalah = build_example_risalah(group=world.group_a, programme_year=year, by=world.users["operator_a"])
    assert risalah.steps.count() == 8
    assert codes(risalah) == ["too_few_meetings"]
    edit(risalah, "plan_5w1h", lambda d: d["rows"].pop(0))
    found = findings(risalah, "dominant_without_plan")
    assert [f.step_number for f in found] == [4]  # the plan is step 4 of the 8-step method too
    edit(risalah, "cause_test", lambda d: d["rows"][0].update({"cause_id": "zz", "cause": "Tidak ada"}))
    assert [f.step_number for f in findings(risalah, "dominant_not_in_causes")] == [3]


def test_the_example_passes_except_meetings_when_there_are_none(world):
    risalah = build_example_risalah(
        group=world.group_a, programme_year=world.year, by=world.users["operator_a"]
    )
    assert codes(risalah) == ["too_few_meetings"]
    assert Decimal(risalah.baseline_value) == Decimal("29.60")
