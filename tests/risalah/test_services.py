"""Services of risalah authoring: saving a step (and its conflicts), the title, submitting."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core.models import AuditEvent
from demo.example_risalah import build_example_risalah
from risalah.models import Meeting, RisalahStep, Status, Transition
from risalah.permissions import RisalahLocked
from risalah.services import (
    StepConflict,
    TitleConflict,
    risalah_save_title,
    risalah_submit,
    step_save,
)
from tests.conftest import without_risalah
from tests.factories import UserFactory


def _step(risalah, number: int) -> RisalahStep:
    return risalah.steps.select_related("method_step", "risalah").get(method_step__number=number)


def _sheet(label: str, count) -> dict:
    return {"check_sheet": {"title": "Lembar periksa", "rows": [{"label": label, "count": count}]}}


def test_step_save_stores_canonical_data_and_increments_the_version(world, operator_a):
    step = _step(world.risalah_a, 1)
    step_save(
        step=step,
        data=_sheet(" Antrean loket ", "12,5"),
        narrative="  Catatan  ",
        base_version=0,
        by=operator_a,
    )
    step.refresh_from_db()
    assert step.version == 1
    assert step.narrative == "Catatan"
    assert step.updated_by == operator_a
    assert step.data == {
        "problem_list": {"rows": []},
        "check_sheet": {"title": "Lembar periksa", "rows": [{"label": "Antrean loket", "count": 12.5}]},
        "pareto": {},
    }
    assert [h.version for h in step.history.order_by("history_date")] == [1]


def test_a_save_that_changes_nothing_keeps_the_version(world, operator_a):
    step = _step(world.risalah_a, 1)
    step_save(step=step, data=_sheet("Antrean", 3), narrative="x", base_version=0, by=operator_a)
    step_save(step=step, data=_sheet("Antrean", 3), narrative="x", base_version=1, by=operator_a)
    step.refresh_from_db()
    assert step.version == 1


def test_second_writer_on_an_old_version_gets_a_conflict_and_nothing_is_lost(world, operator_a):
    colleague = UserFactory()
    first = _step(world.risalah_a, 1)  # both load version 0
    second = _step(world.risalah_a, 1)
    step_save(
        step=first, data=_sheet("Antrean loket", 12), narrative="Versi pertama", base_version=0, by=operator_a
    )
    with pytest.raises(StepConflict) as raised:
        step_save(
            step=second,
            data=_sheet("Berkas hilang", 5),
            narrative="Versi kedua",
            base_version=0,
            by=colleague,
        )
    assert raised.value.current_version == 1
    stored = RisalahStep.objects.get(pk=first.pk)
    assert (stored.version, stored.narrative, stored.updated_by) == (1, "Versi pertama", operator_a)
    assert stored.data["check_sheet"]["rows"] == [{"label": "Antrean loket", "count": 12.0}]
    # Keeping one's own version is an explicit save on top of the latest version.
    step_save(
        step=second, data=_sheet("Berkas hilang", 5), narrative="Versi kedua", base_version=1, by=colleague
    )
    stored.refresh_from_db()
    assert (stored.version, stored.narrative) == (2, "Versi kedua")


def test_a_locked_risalah_refuses_step_saves(world, operator_a):
    world.risalah_a.status = Status.SUBMITTED
    world.risalah_a.save()
    step = _step(world.risalah_a, 1)
    with pytest.raises(RisalahLocked):
        step_save(step=step, data=_sheet("Antrean", 1), narrative="", base_version=0, by=operator_a)
    assert RisalahStep.objects.get(pk=step.pk).version == 0


def test_a_submit_between_load_and_save_refuses_the_save_as_locked(world, operator_a):
    step = _step(world.risalah_a, 1)  # loaded while still a draft
    type(world.risalah_a).objects.filter(pk=world.risalah_a.pk).update(status=Status.SUBMITTED)
    with pytest.raises(RisalahLocked):
        step_save(step=step, data=_sheet("Antrean", 1), narrative="", base_version=0, by=operator_a)


PARTS = {
    "theme": "Pelayanan cepat",
    "direction": "increase",
    "metric": "persentase pasien dilayani kurang dari 60 menit",
    "baseline_value": Decimal("29.60"),
    "target_value": Decimal("95.00"),
    "unit_of_measure": "%",
    "place": "Puskesmas Sukamaju",
    "deadline": date(2026, 9, 30),
}


def test_title_is_composed_from_its_parts_in_indonesian(world, operator_a):
    risalah = risalah_save_title(
        risalah=world.risalah_a, parts=PARTS, title="", title_is_custom=False, base_version=0, by=operator_a
    )
    risalah.refresh_from_db()
    assert risalah.title == (
        "Meningkatkan persentase pasien dilayani kurang dari 60 menit dari 29,6% menjadi 95% "
        "pada September 2026 di Puskesmas Sukamaju"
    )
    assert (risalah.version, risalah.title_is_custom) == (1, False)


def test_a_custom_title_is_kept_until_unticked(world, operator_a):
    risalah = risalah_save_title(
        risalah=world.risalah_a,
        parts=PARTS,
        title="Judul  buatan sendiri",
        title_is_custom=True,
        base_version=0,
        by=operator_a,
    )
    assert risalah.title == "Judul buatan sendiri"
    risalah = risalah_save_title(
        risalah=risalah,
        parts={**PARTS, "place": "Loket"},
        title="Judul buatan sendiri",
        title_is_custom=False,
        base_version=1,
        by=operator_a,
    )
    assert risalah.title.endswith("di Loket")


def test_title_save_on_an_old_version_is_a_conflict(world, operator_a):
    risalah_save_title(
        risalah=world.risalah_a, parts=PARTS, title="", title_is_custom=False, base_version=0, by=operator_a
    )
    stale = type(world.risalah_a).objects.get(pk=world.risalah_a.pk)
    stale.version = 0
    with pytest.raises(TitleConflict) as raised:
        risalah_save_title(
            risalah=stale,
            parts={**PARTS, "theme": "Lain"},
            title="",
            title_is_custom=False,
            base_version=0,
            by=operator_a,
            conclusion="Kesimpulan lain",
        )
    assert raised.value.current_version == 1
    assert (stale.theme, stale.conclusion) == ("Pelayanan cepat", "")  # the caller's object is untouched
    world.risalah_a.refresh_from_db()
    assert world.risalah_a.theme == "Pelayanan cepat"


def test_submit_is_refused_while_blocking_items_remain(world, operator_a):
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        risalah_submit(risalah=world.risalah_a, by=operator_a)
    assert any("no content yet" in message for message in raised.value.messages)
    world.risalah_a.refresh_from_db()
    assert world.risalah_a.status == Status.DRAFT
    assert not Transition.objects.filter(risalah=world.risalah_a).exists()


def _meetings(risalah, count: int, people) -> None:
    for day in range(1, count + 1):
        meeting = Meeting.objects.create(
            risalah=risalah, date=date(2026, 3, day), duration_minutes=90, agenda=f"Rapat {day}"
        )
        meeting.attendees.set(people)


def test_submit_a_complete_risalah(world, operator_a):
    without_risalah(world)
    risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=operator_a)
    _meetings(risalah, 6, [m.person for m in world.group_year_a.members.all()])
    risalah_submit(risalah=risalah, by=operator_a)
    risalah.refresh_from_db()
    assert risalah.status == Status.SUBMITTED
    assert risalah.submitted_at is not None
    assert list(Transition.objects.filter(risalah=risalah).values_list("from_status", "to_status", "by")) == [
        (Status.DRAFT, Status.SUBMITTED, operator_a.pk)
    ]
    event = AuditEvent.objects.get(action="status_change", target=str(risalah))
    late = timezone.localdate() > world.year.risalah_deadline  # the factory's deadline: 15 August 2026
    assert event.details == {"from_status": "draft", "to_status": "submitted", "late": late}
    with pytest.raises(RisalahLocked):  # submitted once: a second submit is refused
        risalah_submit(risalah=risalah, by=operator_a)
