"""A reader of another OPD finds a verified risalah in the library on a 360 px phone.

The outsider (an operator of Dinas Pendidikan, unit B) opens the menu, follows "Perpustakaan",
searches for words of the theme with the year and "target reached" filters, opens the verified
risalah of Puskesmas Sukamaju (unit A) and reads its steps and charts; nothing scrolls sideways,
no NIP and no review note is on the page, and the PDF downloads. A draft of unit A with the same
words never appears.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from demo.example_risalah import build_example_risalah
from risalah.methods import load_methods
from risalah.models import Method, MethodStep, Risalah, Status
from risalah.review import review_note_add, risalah_start_review, risalah_verify
from risalah.services import risalah_create
from tests.accessibility import assert_accessible
from tests.browser.session import log_in
from tests.conftest import build_world, screenshot_for_review, without_risalah

NOTE = "Catatan pemeriksa yang tidak boleh terbaca di perpustakaan"


@pytest.fixture
def published(transactional_db):
    """Group A's complete example risalah, reviewed with a note and verified."""
    load_methods(Method, MethodStep)  # a transactional test empties every table afterwards
    world = build_world()
    without_risalah(world)  # one risalah per group and year: the example takes the draft's place
    risalah = build_example_risalah(
        group=world.group_a, programme_year=world.year, by=world.users["operator_a"]
    )
    Risalah.objects.filter(pk=risalah.pk).update(status=Status.SUBMITTED)
    risalah = Risalah.objects.get(pk=risalah.pk)
    reviewer = world.users["verifikator"]
    risalah_start_review(risalah=risalah, by=reviewer)
    review_note_add(risalah=risalah, step=None, text=NOTE, by=reviewer)
    risalah_verify(risalah=risalah, by=reviewer)
    # A draft of group B with the same theme words: never in the library.
    risalah_create(
        group=world.group_b, programme_year=world.year, by=world.users["outsider"], theme=risalah.theme
    )
    return world, Risalah.objects.get(pk=risalah.pk)


@pytest.mark.browser
def test_a_reader_of_another_opd_finds_and_reads_a_verified_risalah(
    live_server, browser: Browser, browser_context_args, published
):
    world, risalah = published
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 360, "height": 780}})
    page = context.new_page()
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, live_server, world.users["outsider"], check=False)
    expect(page).to_have_url(live_server.url + reverse("core-home"))

    # The menu, collapsed on a phone.
    page.locator("button.navbar-toggler").click()
    page.locator(f'#main-nav a[href="{reverse("risalah-library")}"]').click()
    expect(page.locator("h1")).to_have_text("Perpustakaan risalah terverifikasi")
    expect(page.locator('#main-nav a[aria-current="page"]')).to_have_text("Perpustakaan")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.fill("#id_q", "kecepatan pelayanan")
    page.select_option("#id_year", "2026")
    page.select_option("#id_result", "yes")
    page.locator('#library-filters button[type="submit"]').click()
    results = page.locator("#library-results li.card")
    expect(results).to_have_count(1)
    expect(page.locator("#library-count")).to_have_text("1 risalah terverifikasi")
    assert "q=kecepatan+pelayanan" in page.url and "result=yes" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    screenshot_for_review(page, "library-360")

    detail = reverse("risalah-library-detail", args=[risalah.uuid])
    results.locator(f'a[href="{detail}"]').click()
    expect(page.locator("h1")).to_have_text(risalah.theme)
    expect(page.locator("#library-facts")).to_contain_text("Puskesmas Sukamaju")
    expect(page.locator("#library-facts")).to_contain_text("Dinas Kesehatan")
    expect(page.locator("section.kbk-library-step")).to_have_count(7)
    expect(page.locator("#step-1 figure svg").first).to_be_visible()
    expect(page.locator("#members")).to_contain_text("Ketua")
    body = page.locator("main").inner_text()
    assert NOTE not in body
    for member in world.group_year_a.members.select_related("person"):
        assert member.person.name in body
        assert member.person.nip not in body
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # wide tables scroll inside
    assert_accessible(page)
    screenshot_for_review(page, "library-detail-360")

    page.set_default_timeout(120_000)  # printing the whole risalah takes a while on a busy machine
    with page.expect_download() as download:
        page.locator(f'a[href="{reverse("risalah-library-pdf", args=[risalah.uuid])}"]').click()
    assert download.value.suggested_filename == "risalah-kbk-sehati-2026.pdf"
    assert csp_errors == []
    context.close()
