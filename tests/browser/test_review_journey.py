"""The bureau reviews a risalah in the browser, the group fixes it, the bureau verifies it.

Two people, two browser contexts, the Indonesian interface (the portal's default whatever the
browser's language): the verifikator opens the filing dashboard, follows "belum menyerahkan",
finds the submitted risalah through the list's review filter, starts the review on a 360 px
phone, writes a note on step 3 and returns it. The operator sees the note beside step 3,
changes a value and submits again. The verifikator sees the change since the return and
verifies; the dashboard's verified count for the unit goes up by one.

Elements are found by their addresses, ids and form actions; texts are checked in Indonesian
(through the catalogue for sentences that may not be translated yet).
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, BrowserContext, Page, expect

from demo.example_evidence import add_example_evidence
from demo.example_risalah import build_example_risalah
from risalah.methods import load_methods
from risalah.models import Method, MethodStep, ReviewNote, Risalah, Status
from risalah.services import risalah_submit
from tests.accessibility import assert_accessible, assert_every_page_checked, track
from tests.browser.session import log_in
from tests.conftest import build_world, screenshot_for_review, without_risalah

NOTE = (
    "Langkah 3: jumlah kejadian penyebab Pendaftaran manual belum sesuai lembar periksa, mohon dicek ulang."
)
MESSAGE = "Mohon diperbaiki dan diajukan kembali minggu ini."


def indonesian(msgid: str, **params) -> str:
    """The interface text as the Indonesian pages show it."""
    with translation.override("id"):
        text = gettext(msgid)
    return text % params if params else text


@pytest.fixture
def prepared(transactional_db):
    """Group A (complete SK and roster for 2026) with a complete risalah, submitted by its operator."""
    load_methods(Method, MethodStep)  # a transactional test empties every table afterwards
    world = build_world()
    operator = world.users["operator_a"]
    without_risalah(world)
    risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=operator)
    add_example_evidence(risalah=risalah, by=operator)
    risalah_submit(risalah=Risalah.objects.get(pk=risalah.pk), by=operator)
    return world, Risalah.objects.get(pk=risalah.pk)


def new_person(
    browser: Browser, browser_context_args: dict, live_server
) -> tuple[BrowserContext, Page, list]:
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    track(page)
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return context, page, csp_errors


def verified_count(page: Page, live_server, world) -> int:
    """The dashboard's "verified" number in the row of Dinas Kesehatan (unit A); zero is a quiet
    "-" without a link."""
    page.goto(live_server.url + reverse("reports-dashboard"))
    expect(page.locator(f'tbody th a[href$="unit={world.unit_a.uuid}"]')).to_have_count(1)  # the row
    cell = page.locator(f'tbody a[href$="unit={world.unit_a.uuid}&indicator=terverifikasi"]')
    assert_accessible(page)
    return int(cell.inner_text()) if cell.count() else 0


@pytest.mark.browser
def test_a_risalah_is_returned_fixed_resubmitted_and_verified(
    live_server, browser: Browser, browser_context_args, prepared
):
    world, risalah = prepared
    detail = reverse("risalah-detail", args=[risalah.uuid])
    review_url = reverse("risalah-review", args=[risalah.uuid])
    step_3 = reverse("risalah-step", args=[risalah.uuid, 3])

    bureau, verifikator, bureau_csp = new_person(browser, browser_context_args, live_server)
    group, operator, group_csp = new_person(browser, browser_context_args, live_server)

    # --- the verifikator: dashboard, "belum menyerahkan", the submitted risalah ---------------
    log_in(verifikator, live_server, world.users["verifikator"])
    # Indonesian, though the browser asks for English
    expect(verifikator.locator("html")).to_have_attribute("lang", "id")
    expect(verifikator).to_have_url(live_server.url + reverse("core-home"))
    before = verified_count(verifikator, live_server, world)
    assert before == 0
    verifikator.locator('a[href*="indicator=belum-menyerahkan"]').first.click()
    expect(verifikator.locator("h1")).to_contain_text(indonesian("Not submitted"))
    expect(verifikator.locator("tbody")).to_contain_text("KBK Cerdas")  # group B never submitted
    expect(verifikator.locator("tbody")).not_to_contain_text("KBK Sehati")  # group A did
    assert_accessible(verifikator)

    verifikator.locator(f'nav a[href="{reverse("risalah-list")}"]').click()
    expect(verifikator).to_have_url(live_server.url + reverse("risalah-list"))
    assert_accessible(verifikator)
    verifikator.locator('#review-filters a[href="?status=submitted"]').click()
    expect(verifikator.locator('#review-filters a[aria-current="page"]')).to_have_text(
        indonesian("Waiting for review")
    )
    rows = verifikator.locator("tbody tr")
    expect(rows).to_have_count(1)  # the group's draft is not waiting
    assert_accessible(verifikator)
    rows.locator(f'a[href="{detail}"]').click()
    expect(verifikator.locator("h1")).to_contain_text("Peningkatan kecepatan pelayanan pasien rawat jalan")
    expect(verifikator.locator("#locked")).to_be_visible()
    assert_accessible(verifikator)

    # --- the review, on a phone -----------------------------------------------------------------
    verifikator.set_viewport_size({"width": 360, "height": 780})
    verifikator.locator(f'#review a[href="{review_url}"]').click()
    expect(verifikator).to_have_url(live_server.url + review_url)
    assert verifikator.evaluate("document.documentElement.scrollWidth") <= 360  # nothing scrolls sideways
    assert_accessible(verifikator)
    verifikator.locator(
        f'form[action="{reverse("risalah-review-start", args=[risalah.uuid])}"] button'
    ).click()
    expect(verifikator.get_by_role("alert")).to_contain_text(
        indonesian("You are reviewing this risalah now. The group cannot change it meanwhile.")
    )
    expect(verifikator.locator(".badge").first).to_have_text(indonesian("Under review"))
    assert_accessible(verifikator)

    verifikator.locator('#step-3 a[href="?step=3#note-form"]').click()
    expect(verifikator.locator("#id_step")).to_have_value("3")
    assert_accessible(verifikator)
    verifikator.fill("#id_text", NOTE)
    verifikator.locator('#note-form button[type="submit"]').click()
    expect(verifikator.get_by_role("alert")).to_contain_text(
        indonesian("Note saved. The group sees it when you return the risalah.")
    )
    expect(verifikator.locator("#step-3 .review-note")).to_contain_text(NOTE)
    assert verifikator.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot_for_review(verifikator, "review-360")
    assert_accessible(verifikator)

    verifikator.fill("#id_note", MESSAGE)
    verifikator.locator('#decision button[formaction$="/periksa/kembalikan/"]').click()
    expect(verifikator.get_by_role("alert")).to_contain_text(
        indonesian("The risalah was returned to the group for revision, with your notes.")
    )
    expect(verifikator.locator(".badge").first).to_have_text("Dikembalikan untuk perbaikan")
    assert Risalah.objects.get(pk=risalah.pk).status == Status.RETURNED
    assert ReviewNote.objects.get().step.method_step.number == 3
    assert_accessible(verifikator)

    # --- the operator: the note beside step 3, a fix, submitted again ----------------------------
    log_in(operator, live_server, world.users["operator_a"])
    operator.goto(live_server.url + detail)
    returned = operator.locator("#returned")
    expect(returned).to_contain_text(MESSAGE)
    expect(returned).to_contain_text("Dikembalikan untuk perbaikan")
    screenshot_for_review(operator, "risalah-returned")
    assert_accessible(operator)
    returned.locator(f'a[href="{step_3}#review-notes"]').click()
    expect(operator.locator("#review-notes")).to_contain_text(NOTE)
    expect(operator.locator("#review-notes")).to_contain_text(indonesian("Verifikator's note on this step"))
    screenshot_for_review(operator, "step-with-note")
    assert_accessible(operator)

    count = operator.locator("#id_cause_test-0-count")
    expect(count).to_have_value("142")
    count.fill("150")
    operator.locator('#step-form button[type="submit"]:not([name])').click()
    expect(operator.get_by_role("alert")).to_contain_text("Langkah 3 telah disimpan.")
    expect(operator.locator("#id_cause_test-0-count")).to_have_value("150")
    assert_accessible(operator)

    operator.goto(live_server.url + detail)
    operator.locator(f'#returned a[href="{reverse("risalah-submit", args=[risalah.uuid])}"]').click()
    assert_accessible(operator)
    operator.locator('main form[method="post"] button[type="submit"]').click()
    expect(operator.get_by_role("alert")).to_contain_text(
        indonesian("The risalah was submitted to the bureau. It can no longer be changed by the group.")
    )
    expect(operator.locator("#locked")).to_be_visible()
    assert_accessible(operator)
    assert Risalah.objects.get(pk=risalah.pk).status == Status.SUBMITTED

    # --- the verifikator: what changed since the return, then verified ----------------------------
    verifikator.goto(live_server.url + review_url)
    changes = verifikator.locator("#changes")
    expect(changes).to_contain_text(indonesian("Step %(n)s", n=3))
    changed_row = changes.locator("tbody tr")
    expect(changed_row).to_have_count(1)  # only the one value the group changed
    expect(changed_row.locator(".diff-old")).to_have_text("142")
    expect(changed_row.locator(".diff-new")).to_have_text("150")
    assert verifikator.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot_for_review(verifikator, "review-changes-360")
    assert_accessible(verifikator)

    verifikator.locator('#decision button[formaction$="/periksa/verifikasi/"]').click()
    expect(verifikator.get_by_role("alert")).to_contain_text("Risalah telah terverifikasi.")
    expect(verifikator.locator(".badge").first).to_have_text("Terverifikasi")
    assert_accessible(verifikator)

    verifikator.set_viewport_size({"width": 1280, "height": 900})
    assert verified_count(verifikator, live_server, world) == before + 1

    # The group finds it frozen.
    operator.goto(live_server.url + detail)
    expect(operator.locator("#frozen")).to_be_visible()
    screenshot_for_review(operator, "risalah-verified")
    assert_accessible(operator)
    expect(
        operator.locator(f'#frozen form[action="{reverse("risalah-new-revision", args=[risalah.uuid])}"]')
    ).to_be_visible()

    assert bureau_csp == [] and group_csp == []
    assert_every_page_checked(verifikator)
    assert_every_page_checked(operator)
    bureau.close()
    group.close()
