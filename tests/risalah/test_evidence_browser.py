"""Meetings, schedule and attachments in headless Chromium on a 360 px phone: a meeting recorded
with attendance and a photo, the figures computed, the schedule saved and drawn, a refused upload
that keeps the caption, and no page that scrolls sideways or breaks the Content-Security-Policy."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from risalah.models import Attachment, Meeting, RisalahStep
from tests.accessibility import assert_accessible, assert_every_page_checked, track
from tests.conftest import build_world, screenshot_for_review
from tests.factories import jpeg_bytes

PASSWORD = "rahasia-123-ok"  # UserFactory's password


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 360, "height": 780}}


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 360:
        print(
            page.evaluate(
                """Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 361).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
            )
        )
    assert width <= 360, f"the page is {width}px wide on a 360px phone"


@pytest.mark.browser
def test_meetings_schedule_and_attachments_on_a_phone(live_server, page: Page, transactional_db, tmp_path):
    world = build_world()
    risalah = world.risalah_a
    csp_errors: list[str] = []
    track(page)
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(f"{live_server.url}{reverse('login')}")
    assert_accessible(page)
    page.fill("#id_username", "operator_a")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert_accessible(page)

    # A meeting: four of the five roster members present, one photo.
    page.goto(f"{live_server.url}{reverse('risalah-meeting-create', args=[risalah.uuid])}")
    _no_sideways_scroll(page)
    page.fill("#id_date", "2026-03-10")
    assert_accessible(page)
    page.fill("#id_duration_minutes", "90")
    page.fill("#id_agenda", "Curah pendapat penyebab")
    page.fill("#id_notulen", "Lima belas penyebab terkumpul.")
    boxes = page.locator("input[name=attendees]")
    expect(boxes).to_have_count(5)
    for index in range(4):
        boxes.nth(index).check()
    photo = tmp_path / "rapat.jpg"
    photo.write_bytes(jpeg_bytes((1200, 900)))
    page.set_input_files("#id_photos", str(photo))
    screenshot_for_review(page, "evidence-meeting-form")
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(f"{live_server.url}{reverse('risalah-meetings', args=[risalah.uuid])}")
    expect(page.locator('[data-figure="count"]')).to_have_text("1")
    expect(page.locator('[data-figure="attendance"]')).to_have_text("80%")
    expect(page.locator("img.kbk-thumb")).to_have_count(1)
    # The thumbnail (400 px wide), loaded through the access-checked view.
    assert page.locator("img.kbk-thumb").evaluate("img => img.decode().then(() => img.naturalWidth)") == 400
    _no_sideways_scroll(page)
    screenshot_for_review(page, "evidence-meetings")
    assert_accessible(page)
    meeting = Meeting.objects.get()
    assert meeting.attendees.count() == 4

    # The schedule: step 1 planned weeks 1-3, done in 2-4; the chart scrolls in its own box.
    page.locator(f"a[href='{reverse('risalah-schedule', args=[risalah.uuid])}']").first.click()
    expect(page.locator("#schedule-chart svg")).to_be_visible()
    assert_accessible(page)
    page.fill("#id_planned_1", "1-3")
    page.fill("#id_actual_1", "2-4")
    page.fill("#id_planned_2", "20")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("#id_planned_2 ~ .invalid-feedback")).to_contain_text("(16)")
    expect(page.locator("#id_planned_1")).to_have_value("1-3")
    assert_accessible(page)
    page.fill("#id_planned_2", "4")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("#schedule-chart rect.schedule-plan")).to_have_count(2)
    _no_sideways_scroll(page)
    screenshot_for_review(page, "evidence-schedule")
    assert_accessible(page)
    step_1 = RisalahStep.objects.get(risalah=risalah, method_step__number=1)
    assert (step_1.planned_weeks, step_1.actual_weeks) == ([1, 2, 3], [2, 3, 4])

    # A file that is not what it claims: refused, the caption stays, nothing stored.
    page.goto(
        f"{live_server.url}{reverse('risalah-attachment-upload', args=[risalah.uuid])}?kind=photo_before"
    )
    page.fill("#id_caption", "Antrean di loket sebelum perbaikan")
    assert_accessible(page)
    fake = tmp_path / "antrean.jpg"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")
    page.set_input_files("#id_file", str(fake))
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("#id_caption")).to_have_value("Antrean di loket sebelum perbaikan")
    expect(page.locator("#id_kind")).to_have_value("photo_before")
    expect(page.locator(".invalid-feedback")).to_contain_text("JPEG")
    assert Attachment.objects.filter(kind="photo_before").count() == 0
    screenshot_for_review(page, "evidence-upload-refused")
    assert_accessible(page)
    real = tmp_path / "antrean-asli.jpg"
    real.write_bytes(jpeg_bytes((800, 600)))
    page.set_input_files("#id_file", str(real))
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("#kind-photo_before img.kbk-thumb")).to_have_count(1)
    _no_sideways_scroll(page)
    screenshot_for_review(page, "evidence-attachments")
    assert_accessible(page)

    assert csp_errors == []
    assert_every_page_checked(page)
