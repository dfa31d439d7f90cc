"""Odd input loses nothing and breaks nothing: numbers out of range or not finite are refused
beside their field, numbers stored before that check still render, and what was typed survives an
expired session on the step, the title and the meeting pages."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from risalah.models import Meeting, Risalah, RisalahStep
from tests.risalah.test_pages import client_for, step_url, stored_step

PASSWORD = "rahasia-123-ok"  # UserFactory's password
HUGE = "1" + "0" * 28  # 10^28, a 29-digit paste
NOT_NUMBERS = ["1e309", "nan", "inf", "-inf", "1e5", "Infinity", "0x10"]
OUT_OF_RANGE = [HUGE, "10000000000", "-10000000000"]

NOT_A_NUMBER = "“{}” is not a number. Write e.g. 29,6."
MEASURE_RANGE = "Enter a number between -9,999,999,999 and 9,999,999,999."
COUNT_RANGE = "Enter a whole number from 0 to 1,000,000,000."

# Every number field of every tool: (step, posted field, its element id, a valid rest of the form).
STEP_1 = {"version": "0", "problem_list-0-problem": "Waktu tunggu lama", "check_sheet-0-label": "Antrean"}
STEP_3 = {"version": "0", "cause_test-0-cause": "Belum ada SOP", "scatter-0-y": "3"}
STEP_6 = {"version": "0", "before_after-metric": "waktu tunggu"}
MEASURES = [
    (1, "problem_list-0-target", STEP_1),
    (1, "problem_list-0-achievement", STEP_1),
    (3, "scatter-0-x", STEP_3),
    (6, "before_after-before", STEP_6),
    (6, "before_after-after", STEP_6),
    (6, "before_after-target", STEP_6),
]
COUNTS = [(1, "check_sheet-0-count", STEP_1), (3, "cause_test-0-count", STEP_3)]


def error_beside(html: str, field: str, message: str) -> bool:
    """``message`` is shown right after the input of ``field`` (before any other field)."""
    start = html.index(f'id="id_{field}"')
    following = html[start:]
    end = following.find(' name="', following.index(">"))
    return message in following[: end if end > 0 else None]


def posted(client, number: int, data: dict):
    response = client.post(step_url(client.risalah, number), data)
    return response.status_code, response.content.decode()


@pytest.fixture
def writer(world):
    client = client_for(world.users["operator_a"])
    client.risalah = world.risalah_a
    return client


@pytest.mark.parametrize(("number", "field", "rest"), MEASURES + COUNTS)
@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_what_is_not_a_plain_number_is_refused_beside_its_field(writer, world, number, field, rest, value):
    status, html = posted(writer, number, {**rest, field: value})
    assert status == 200
    assert error_beside(html, field, NOT_A_NUMBER.format(value))
    assert f'value="{value}"' in html  # the writer's input stays in the form
    assert stored_step(world.risalah_a, number).version == 0


@pytest.mark.parametrize(("number", "field", "rest"), MEASURES)
@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_a_measurement_out_of_range_is_refused_with_the_range(writer, world, number, field, rest, value):
    status, html = posted(writer, number, {**rest, field: value})
    assert status == 200
    assert error_beside(html, field, MEASURE_RANGE)
    assert stored_step(world.risalah_a, number).version == 0


@pytest.mark.parametrize(("number", "field", "rest"), COUNTS)
@pytest.mark.parametrize("value", [HUGE, "1000000001", "-1", "12,5"])
def test_a_count_is_a_whole_number_within_range(writer, world, number, field, rest, value):
    status, html = posted(writer, number, {**rest, field: value})
    assert status == 200
    assert error_beside(html, field, COUNT_RANGE)
    assert stored_step(world.risalah_a, number).version == 0


def test_too_many_decimals_are_refused_with_the_limit(writer, world):
    status, html = posted(writer, 6, {**STEP_6, "before_after-before": "29,62963"})
    assert status == 200
    assert error_beside(html, "before_after-before", "Use at most 4 digits after the decimal comma.")


def test_numbers_at_the_limits_and_with_thousands_separators_are_saved(writer, world):
    status, _html = posted(
        writer,
        1,
        {
            **STEP_1,
            "problem_list-0-target": "9.999.999.999",
            "problem_list-0-achievement": "-9999999999,5",  # beyond the limit by the half
            "check_sheet-0-count": "1.000.000.000",
        },
    )
    assert status == 200  # the achievement is refused
    status, _html = posted(
        writer,
        1,
        {
            **STEP_1,
            "problem_list-0-target": "9.999.999.999",
            "problem_list-0-achievement": "-1.250.000,75",
            "check_sheet-0-count": "1.000.000.000",
        },
    )
    assert status == 302
    data = stored_step(world.risalah_a, 1).data
    row = data["problem_list"]["rows"][0]
    assert (row["target"], row["achievement"]) == (9_999_999_999.0, -1_250_000.75)
    assert data["check_sheet"]["rows"] == [{"label": "Antrean", "count": 1_000_000_000.0}]
    html = writer.get(step_url(world.risalah_a, 1)).content.decode()
    assert 'value="9999999999"' in html and 'value="-1250000.75"' in html


def test_the_control_chart_values_name_every_refused_value(writer, world):
    status, html = posted(
        writer, 6, {**STEP_6, "control_chart-values": f"12\nnan 13;{HUGE}\n1e309\n14,5\n-inf"}
    )
    assert status == 200
    assert error_beside(html, "control_chart-values", "These are not numbers: nan, 1e309, -inf.")
    assert error_beside(html, "control_chart-values", f"“{HUGE}”: {MEASURE_RANGE}")
    assert stored_step(world.risalah_a, 6).version == 0


def test_the_message_is_indonesian_for_the_clerk(world):
    client = client_for(world.users["operator_a"])
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    response = client.post(step_url(world.risalah_a, 1), {**STEP_1, "problem_list-0-target": HUGE})
    html = response.content.decode()
    assert error_beside(html, "problem_list-0-target", "Isi angka antara -9.999.999.999 dan 9.999.999.999.")
    response = client.post(step_url(world.risalah_a, 1), {**STEP_1, "check_sheet-0-count": "-3"})
    html = response.content.decode()
    assert error_beside(html, "check_sheet-0-count", "Isi bilangan bulat dari 0 sampai 1.000.000.000.")


@pytest.mark.parametrize("value", [HUGE, "nan", "inf", "1e309"])
def test_the_autosave_refuses_a_bad_number_with_400_and_the_field(writer, world, value):
    response = writer.post(
        step_url(world.risalah_a, 1, "risalah-step-autosave"), {**STEP_1, "check_sheet-0-count": value}
    )
    html = response.content.decode()
    assert (response.status_code, response["KBK-Save-State"]) == (400, "invalid")
    message = COUNT_RANGE if value == HUGE else NOT_A_NUMBER.format(value)
    assert (
        f'<li data-field="id_check_sheet-0-count" data-error="{message}">Check sheet / stratification — Count: {message}</li>'
        in html
    )
    assert stored_step(world.risalah_a, 1).version == 0
    # The step page is still there for everyone.
    assert writer.get(step_url(world.risalah_a, 1)).status_code == 200


@pytest.mark.parametrize("value", [HUGE, "1e309", "nan"])
def test_the_title_values_are_checked_too(writer, world, value):
    response = writer.post(
        reverse("risalah-title", kwargs={"uuid": world.risalah_a.uuid}),
        {"version": "0", "direction": "increase", "baseline_value": value, "target_value": "95,5"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    message = MEASURE_RANGE if value == HUGE else NOT_A_NUMBER.format(value)
    assert error_beside(html, "baseline_value", message)
    assert Risalah.objects.get(pk=world.risalah_a.pk).version == 0


# --- numbers stored before the check ---------------------------------------------------------


def store_raw(step: RisalahStep, json_text: str) -> None:
    """Write the step's JSON as text, as an old version could have stored it (1e309 reads as inf)."""
    cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    with connection.cursor() as cursor:
        cursor.execute(
            # Both parts are constants of this test; the values are parameters.
            f"UPDATE {RisalahStep._meta.db_table} SET data = {cast} WHERE id = %s",  # noqa: S608
            [json_text, step.pk],
        )


def test_absurd_numbers_stored_earlier_render_as_empty(world):
    step_1 = stored_step(world.risalah_a, 1)
    store_raw(
        step_1,
        '{"problem_list": {"rows": [{"problem": "Antrean", "target": 1e28, "achievement": 1e309}]},'
        ' "check_sheet": {"rows": [{"label": "Loket", "count": 1e28}, {"label": "Berkas", "count": 5},'
        ' {"label": "Obat", "count": -1e309}]}}',
    )
    step_6 = stored_step(world.risalah_a, 6)
    store_raw(
        step_6,
        '{"before_after": {"before": 1e309, "after": 20, "target": 1e40},'
        ' "control_chart": {"values": [1, 1e309, 2, 1e28, 3]}}',
    )
    # SQLite reads 1e309 back as infinity, PostgreSQL as an int of 310 digits.
    assert stored_step(world.risalah_a, 6).data["before_after"]["before"] in (float("inf"), 10**309)
    for persona in ("operator_a", "pimpinan_a"):
        client = client_for(world.users[persona])
        response = client.get(step_url(world.risalah_a, 1))
        html = response.content.decode()
        assert response.status_code == 200
        assert (
            "Antrean" in html
            and "1e+28" not in html.lower()
            and "inf" not in re.sub(r"info|inform", "", html)
        )
        assert 'id="chart-pareto"' in html and "<svg" in html  # drawn from the readable counts
        response = client.get(step_url(world.risalah_a, 6))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="chart-control_chart"' in html
    for name in ("risalah-detail", "risalah-checker"):
        response = client_for(world.users["operator_a"]).get(
            reverse(name, kwargs={"uuid": world.risalah_a.uuid})
        )
        assert response.status_code == 200


def test_the_largest_accepted_numbers_draw_every_chart(writer, world):
    status, _html = posted(
        writer,
        6,
        {
            **STEP_6,
            "before_after-before": "-9999999999",
            "before_after-after": "9999999999",
            "before_after-target": "0,0001",
            "control_chart-values": "0 0 0 1 9999999999 -9999999999",
        },
    )
    assert status == 302
    html = writer.get(step_url(world.risalah_a, 6)).content.decode()
    for chart in ("before_after", "histogram", "control_chart"):
        assert re.search(rf'id="chart-{chart}"[^>]*><svg', html), chart


# --- an expired session keeps what was typed --------------------------------------------------


def log_in_again(client, user, next_url: str):
    """The real login form, in the same browser (client): it sends the writer back to ``next_url``."""
    return client.post(
        reverse("login") + f"?next={next_url}", {"username": user.username, "password": PASSWORD}, follow=True
    )


def test_saving_a_step_after_the_session_ended_keeps_the_text_over_the_login(world):
    browser = client_for(None)  # the session has ended: the browser's cookie names no session
    url = step_url(world.risalah_a, 1)
    response = browser.post(url, {**STEP_1, "narrative": "Catatan panjang rapat pertama."})
    assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={url}")
    page = browser.get(response["Location"]).content.decode()
    assert "Your session had ended, so nothing was saved. What you typed is kept" in page

    response = log_in_again(browser, world.users["operator_a"], url)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "Catatan panjang rapat pertama.</textarea>" in html
    assert 'name="problem_list-0-problem" value="Waktu tunggu lama"' in html
    assert "What you typed before your session ended is back in the form. It is NOT saved yet" in html
    assert stored_step(world.risalah_a, 1).version == 0
    # Given back once: the next visit shows the stored step.
    assert "Catatan panjang" not in browser.get(url).content.decode()


def test_the_title_page_keeps_the_conclusion_over_the_login(world):
    browser = client_for(None)
    url = reverse("risalah-title", kwargs={"uuid": world.risalah_a.uuid})
    data = {
        "version": "0",
        "direction": "increase",
        "theme": "Pelayanan cepat",
        "conclusion": "Kami belajar banyak.",
    }
    assert browser.post(url, data).status_code == 302
    html = log_in_again(browser, world.users["operator_a"], url).content.decode()
    assert "Kami belajar banyak.</textarea>" in html
    assert Risalah.objects.get(pk=world.risalah_a.pk).conclusion == ""


def test_the_meeting_form_keeps_the_notulen_over_the_login(world):
    browser = client_for(None)
    url = reverse("risalah-meeting-create", kwargs={"uuid": world.risalah_a.uuid})
    data = {
        "date": "2026-04-02",
        "duration_minutes": "90",
        "agenda": "Rapat kedua",
        "notulen": "Diputuskan: loket dua.",
    }
    assert browser.post(url, data).status_code == 302
    html = log_in_again(browser, world.users["operator_a"], url).content.decode()
    assert "Diputuskan: loket dua.</textarea>" in html and 'value="Rapat kedua"' in html
    assert not Meeting.objects.filter(risalah=world.risalah_a).exists()
    # Saving now records the meeting as typed.
    response = browser.post(url, data)
    assert response.status_code == 302
    meeting = Meeting.objects.get(risalah=world.risalah_a)
    assert (meeting.date, meeting.notulen) == (date(2026, 4, 2), "Diputuskan: loket dua.")


def test_kept_input_goes_only_to_its_own_page_and_to_a_writer(world):
    browser = client_for(None)
    url = step_url(world.risalah_a, 1)
    browser.post(url, {**STEP_1, "narrative": "Rahasia tim."})
    # A reader logging in on this browser reads the step without it; the kept input waits.
    html = log_in_again(browser, world.users["pimpinan_a"], url).content.decode()
    assert "Rahasia tim." not in html
    other = step_url(world.risalah_a, 2)
    browser.logout()
    browser.post(url, {**STEP_1, "narrative": "Rahasia tim."})
    html = log_in_again(browser, world.users["operator_a"], other).content.decode()
    assert "Rahasia tim." not in html  # another page
    assert "Rahasia tim." in browser.get(url).content.decode()


def test_a_step_kept_by_the_browser_comes_back_unsaved(writer, world):
    response = writer.post(
        step_url(world.risalah_a, 1), {**STEP_1, "narrative": "Dari peramban.", "then": "restore"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dari peramban.</textarea>" in html
    assert "The text this browser kept is back in the form. It is NOT saved yet" in html
    assert stored_step(world.risalah_a, 1).version == 0


def test_the_title_preview_without_a_session_answers_nothing(world):
    response = client_for(None).post(
        reverse("risalah-title-preview", kwargs={"uuid": world.risalah_a.uuid}), {"metric": "waktu"}
    )
    assert (response.status_code, response.content) == (204, b"")
