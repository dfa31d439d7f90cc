"""Nothing typed is lost: a failed autosave says so and keeps the text (in the page and in the
browser's storage), and an expired session keeps what was typed on the three pages where a full
save used to end on the login page with the text gone: a step saved within the autosave delay, the
meeting form (notulen) and the title page (conclusion)."""

import json
import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from risalah.methods import load_methods
from risalah.models import Meeting, Method, MethodStep, Risalah, RisalahStep
from tests.accessibility import assert_accessible
from tests.browser.session import log_in
from tests.conftest import build_world

HUGE = "1" + "0" * 28


@pytest.fixture
def world(transactional_db):
    load_methods(Method, MethodStep)
    return build_world()


@pytest.fixture(autouse=True)
def english(page: Page, live_server):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


@pytest.fixture
def csp_violations(page: Page):
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def end_session(page: Page) -> None:
    """The session ends as far as this browser is concerned: its cookie is gone."""
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)


def kept_draft(page: Page, path: str) -> dict | None:
    text = page.evaluate("(key) => window.localStorage.getItem(key)", f"kbk-draft:{path}")
    return None if text is None else json.loads(text)


def step_1(world) -> RisalahStep:
    return RisalahStep.objects.get(risalah=world.risalah_a, method_step__number=1)


@pytest.mark.browser
def test_a_failed_autosave_says_so_and_keeps_the_text(live_server, page: Page, world, csp_violations):
    log_in(page, live_server, world.users["operator_a"])
    path = f"/risalah/{world.risalah_a.uuid}/langkah/1/"
    page.goto(live_server.url + path)
    assert_accessible(page)
    status = page.locator("#autosave-status")
    page.fill("#id_check_sheet-0-label", "Antrean loket")
    page.fill("#id_check_sheet-0-count", "312")
    expect(status).to_contain_text(re.compile(r"Saved \d\d:\d\d"), timeout=10_000)
    assert kept_draft(page, path) is None

    # A 29-digit paste: refused (400) with the reason, beside the field too; nothing stored.
    page.fill("#id_check_sheet-0-count", HUGE)
    expect(status).to_contain_text("Saving failed.", timeout=10_000)
    expect(status).to_contain_text("Count: Enter a whole number from 0 to 1,000,000,000.")
    count = page.locator("#id_check_sheet-0-count")
    expect(count).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_check_sheet-0-count + [data-autosave-error]")).to_have_text(
        "Enter a whole number from 0 to 1,000,000,000."
    )
    assert ["check_sheet-0-count", HUGE] in kept_draft(page, path)["fields"]
    assert step_1(world).data["check_sheet"]["rows"] == [{"label": "Antrean loket", "count": 312.0}]

    # Corrected: saved again, the marks and the browser's copy are gone.
    page.fill("#id_check_sheet-0-count", "320")
    expect(status).to_contain_text(re.compile(r"Saved \d\d:\d\d"), timeout=10_000)
    expect(count).not_to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("[data-autosave-error]")).to_have_count(0)
    assert kept_draft(page, path) is None

    # The server answers with an error page (here a proxy's 502), then not at all.
    page.route("**/simpan-otomatis/", lambda route: route.fulfill(status=502, body="<h1>Bad gateway</h1>"))
    page.fill("#id_narrative", "Catatan yang belum tersimpan.")
    expect(status).to_contain_text("Saving failed: the portal answered with an error (502).", timeout=10_000)
    expect(status).not_to_contain_text("Saved")
    page.unroute("**/simpan-otomatis/")
    page.route("**/simpan-otomatis/", lambda route: route.abort())
    page.locator("#id_narrative").press_sequentially(" Lagi.")
    expect(status).to_contain_text("Saving failed: the portal cannot be reached.", timeout=10_000)
    expect(page.locator("#id_narrative")).to_have_value("Catatan yang belum tersimpan. Lagi.")
    assert ["narrative", "Catatan yang belum tersimpan. Lagi."] in kept_draft(page, path)["fields"]
    assert step_1(world).narrative == ""

    # The tab is reloaded (or closed and opened again): the browser offers what it kept.
    page.unroute("**/simpan-otomatis/")
    page.reload()
    expect(page.locator("#id_narrative")).to_have_value("")
    notice = page.locator("#draft-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("This browser kept changes to this step that were not saved")
    notice.get_by_role("button", name="Put them back in the form").click()
    expect(page.get_by_role("alert").first).to_contain_text("The text this browser kept is back in the form.")
    expect(page.locator("#id_narrative")).to_have_value("Catatan yang belum tersimpan. Lagi.")
    expect(page.locator("#draft-notice")).to_be_hidden()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Step 1 was saved.")
    assert step_1(world).narrative == "Catatan yang belum tersimpan. Lagi."
    expect(page.locator("#draft-notice")).to_be_hidden()
    assert kept_draft(page, path) is None
    assert csp_violations == []


@pytest.mark.browser
def test_an_expired_session_is_a_failed_autosave(live_server, page: Page, world, csp_violations):
    log_in(page, live_server, world.users["operator_a"])
    page.goto(f"{live_server.url}/risalah/{world.risalah_a.uuid}/langkah/1/")
    end_session(page)
    page.fill("#id_narrative", "Teks setelah sesi berakhir.")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Saving failed.", timeout=10_000)
    expect(status).to_contain_text("Your session has ended")
    assert step_1(world).narrative == ""
    assert csp_violations == []


@pytest.mark.browser
def test_saving_a_step_right_after_the_session_ended_keeps_the_text(
    live_server, page: Page, world, csp_violations
):
    log_in(page, live_server, world.users["operator_a"])
    page.goto(f"{live_server.url}/risalah/{world.risalah_a.uuid}/langkah/1/")
    end_session(page)
    page.fill("#id_narrative", "Ditulis lalu langsung disimpan.")
    page.get_by_role("button", name="Save", exact=True).click()  # before the autosave's 2 seconds

    expect(page.get_by_role("alert").first).to_contain_text("Your session had ended, so nothing was saved.")
    log_in(page, live_server, world.users["operator_a"], here=True)
    expect(page.get_by_role("alert").first).to_contain_text(
        "What you typed before your session ended is back"
    )
    expect(page.locator("#id_narrative")).to_have_value("Ditulis lalu langsung disimpan.")
    assert step_1(world).narrative == ""
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Step 1 was saved.")
    assert step_1(world).narrative == "Ditulis lalu langsung disimpan."
    assert csp_violations == []


@pytest.mark.browser
def test_the_title_page_keeps_the_conclusion(live_server, page: Page, world, csp_violations):
    log_in(page, live_server, world.users["operator_a"])
    page.goto(f"{live_server.url}/risalah/{world.risalah_a.uuid}/judul/")
    assert_accessible(page)
    page.fill("#id_metric", "waktu tunggu pasien")
    page.fill("#id_conclusion", "Kesimpulan kami: antrean turun.")
    end_session(page)
    page.fill("#id_place", "Puskesmas Sukamaju")  # the preview asks without a session: nothing changes
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("alert").first).to_contain_text("Your session had ended, so nothing was saved.")
    log_in(page, live_server, world.users["operator_a"], here=True)
    expect(page.locator("#id_conclusion")).to_have_value("Kesimpulan kami: antrean turun.")
    expect(page.locator("#id_place")).to_have_value("Puskesmas Sukamaju")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("The theme and title were saved.")
    risalah = Risalah.objects.get(pk=world.risalah_a.pk)
    assert (risalah.conclusion, risalah.place) == ("Kesimpulan kami: antrean turun.", "Puskesmas Sukamaju")
    assert csp_violations == []


@pytest.mark.browser
def test_the_meeting_form_keeps_the_notulen(live_server, page: Page, world, csp_violations):
    log_in(page, live_server, world.users["operator_a"])
    page.goto(f"{live_server.url}/risalah/{world.risalah_a.uuid}/rapat/baru/")
    assert_accessible(page)
    page.fill("#id_date", "2026-04-02")
    page.fill("#id_duration_minutes", "90")
    page.fill("#id_agenda", "Rapat kedua")
    page.fill("#id_notulen", "Diputuskan: loket kedua dibuka pukul 07.30.")
    page.locator("input[name=attendees]").first.check()
    end_session(page)
    page.get_by_role("button", name="Save the meeting").click()

    expect(page.get_by_role("alert").first).to_contain_text("Your session had ended, so nothing was saved.")
    log_in(page, live_server, world.users["operator_a"], here=True)
    expect(page.locator("#id_notulen")).to_have_value("Diputuskan: loket kedua dibuka pukul 07.30.")
    expect(page.locator("#id_agenda")).to_have_value("Rapat kedua")
    expect(page.locator("input[name=attendees]").first).to_be_checked()
    assert not Meeting.objects.exists()
    page.get_by_role("button", name="Save the meeting").click()
    expect(page.get_by_role("alert").first).to_contain_text("was saved")
    meeting = Meeting.objects.get()
    assert (meeting.notulen, meeting.attendees.count()) == ("Diputuskan: loket kedua dibuka pukul 07.30.", 1)
    assert csp_violations == []
