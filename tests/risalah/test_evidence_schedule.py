"""The schedule: week ranges parsed with clear errors, saved without clobbering the steps' data."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from risalah.evidence_forms import format_weeks, parse_weeks
from risalah.models import Risalah, RisalahStep
from risalah.services import StepConflict, step_save

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("", []),
        ("1-3, 5", [1, 2, 3, 5]),
        ("5,1-3", [1, 2, 3, 5]),
        (" 2 – 4 ; 4,9 ", [2, 3, 4, 9]),
        ("7", [7]),
    ],
)
def test_parse_weeks(text, weeks):
    assert parse_weeks(text) == weeks


@pytest.mark.parametrize(
    ("text", "code"),
    [("a-b", "syntax"), ("1-", "syntax"), ("1.5", "syntax"), ("0-2", "zero"), ("5-3", "backwards")],
)
def test_parse_weeks_errors(text, code):
    with pytest.raises(ValidationError) as error:
        parse_weeks(text)
    assert error.value.code == code


def test_format_weeks_groups_runs():
    assert format_weeks([5, 1, 2, 3, 9, 10]) == "1-3, 5, 9-10"
    assert format_weeks([]) == ""


def steps_of(risalah) -> list[RisalahStep]:
    return list(risalah.steps.select_related("method_step").order_by("method_step__number"))


def schedule_data(steps, weeks=16, start="2026-03-02", **per_step):
    data = {"schedule_start": start, "schedule_weeks": str(weeks)}
    for step in steps:
        number = step.method_step.number
        data[f"planned_{number}"] = per_step.get(f"planned_{number}", f"{number}")
        data[f"actual_{number}"] = per_step.get(f"actual_{number}", f"{number}-{number + 1}")
    return data


def test_operator_saves_the_schedule_and_sees_the_chart(world, login):
    risalah = world.risalah_a
    steps = steps_of(risalah)
    client = login("operator_a")
    url = reverse("risalah-schedule", args=[risalah.uuid])
    response = client.post(url, schedule_data(steps, planned_1="1-3, 5", actual_1="2-4"))
    assert response.status_code == 302
    risalah.refresh_from_db()
    assert (risalah.schedule_start, risalah.schedule_weeks) == (date(2026, 3, 2), 16)
    stored = {s.method_step.number: (s.planned_weeks, s.actual_weeks) for s in steps_of(risalah)}
    assert stored[1] == ([1, 2, 3, 5], [2, 3, 4])
    assert stored[7] == ([7], [7, 8])

    page = client.get(url).content.decode()
    assert 'value="1-3, 5"' in page
    chart = re.search(r'<svg[^>]*class="chart-schedule".*?</svg>', page, re.S)[0]
    # One plan bar per run of weeks: step 1 planned 1-3 and 5.
    assert re.findall(r'class="schedule-plan" data-step="0" data-weeks="([0-9-]+)"', chart) == ["1-3", "5-5"]
    assert re.findall(r'class="schedule-actual" data-step="0" data-weeks="([0-9-]+)"', chart) == ["2-4"]
    assert ">2/3<" in chart and ">9/3<" in chart  # weeks labelled with the Monday they start


def test_weeks_past_the_end_are_refused_beside_the_field(world, login):
    risalah = world.risalah_a
    steps = steps_of(risalah)
    client = login("operator_a")
    response = client.post(
        reverse("risalah-schedule", args=[risalah.uuid]),
        schedule_data(steps, weeks=8, planned_2="7-9", actual_3="x"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"planned_2", "actual_3"}
    assert "(8)" in errors["planned_2"][0]
    page = response.content.decode()
    assert 'value="7-9"' in page  # the typed text stays
    assert "is-invalid" in page
    risalah.refresh_from_db()
    assert risalah.schedule_weeks == 16
    assert all(step.planned_weeks == [] for step in steps_of(risalah))


def test_saving_the_schedule_keeps_step_data_saved_in_between(world, login, operator_a):
    """A colleague saves step 1's data after the schedule page was loaded: both survive."""
    risalah = world.risalah_a
    client = login("operator_a")
    url = reverse("risalah-schedule", args=[risalah.uuid])
    assert client.get(url).status_code == 200  # the schedule page is loaded ...

    step = steps_of(risalah)[0]  # ... then the step is saved through the ORM by someone else ...
    data = {"problem_list": {"rows": [{"problem": "Antrean panjang", "target": 95, "achievement": 29.6}]}}
    step_save(step=step, data=data, narrative="Ditulis di antara", base_version=step.version, by=operator_a)

    response = client.post(url, schedule_data(steps_of(risalah), planned_1="1-2"))  # ... then the schedule
    assert response.status_code == 302
    stored = RisalahStep.objects.get(pk=step.pk)
    assert stored.data["problem_list"]["rows"][0]["problem"] == "Antrean panjang"
    assert stored.narrative == "Ditulis di antara"
    assert stored.version == 1
    assert stored.planned_weeks == [1, 2]


def test_the_step_autosave_after_a_schedule_save_is_no_conflict(world, login, operator_a):
    """The schedule does not move a step's version, so an open step page still saves."""
    risalah = world.risalah_a
    step = steps_of(risalah)[0]
    loaded_version = step.version
    response = login("operator_a").post(
        reverse("risalah-schedule", args=[risalah.uuid]), schedule_data(steps_of(risalah), planned_1="3")
    )
    assert response.status_code == 302
    try:
        saved = step_save(
            step=step,
            data={"problem_list": {"rows": [{"problem": "Berkas hilang"}]}},
            narrative="N",
            base_version=loaded_version,
            by=operator_a,
        )
    except StepConflict:  # pragma: no cover - the assertion below explains the failure
        pytest.fail("saving the schedule moved the step's version")
    stored = RisalahStep.objects.get(pk=step.pk)
    assert (stored.version, stored.planned_weeks, stored.narrative) == (saved.version, [3], "N")


def test_schedule_save_keeps_the_title_saved_in_between(world, login):
    risalah = world.risalah_a
    client = login("operator_a")
    client.get(reverse("risalah-schedule", args=[risalah.uuid]))
    Risalah.objects.filter(pk=risalah.pk).update(title="Judul dari rekan", theme="Tema dari rekan")
    client.post(reverse("risalah-schedule", args=[risalah.uuid]), schedule_data(steps_of(risalah), weeks=12))
    stored = Risalah.objects.get(pk=risalah.pk)
    assert (stored.title, stored.theme, stored.schedule_weeks) == ("Judul dari rekan", "Tema dari rekan", 12)


def test_readers_see_the_schedule_without_a_form(world, login):
    risalah = world.risalah_a
    RisalahStep.objects.filter(risalah=risalah).update(planned_weeks=[1, 2], actual_weeks=[2])
    client = login("verifikator")
    url = reverse("risalah-schedule", args=[risalah.uuid])
    page = client.get(url).content.decode()
    assert 'class="chart-schedule"' in page
    assert 'name="schedule_weeks"' not in page
    assert "<td>1-2</td><td>2</td>" in page  # the weeks as ranges
    response = client.post(url, schedule_data(steps_of(risalah), planned_1="5"))
    assert response.status_code == 403
    assert RisalahStep.objects.filter(risalah=risalah, planned_weeks=[5]).count() == 0
    assert login("outsider").get(url).status_code == 404
