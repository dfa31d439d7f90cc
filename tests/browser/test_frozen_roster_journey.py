"""A verified risalah never changes again: the verifikator verifies it in the browser, the group's
operator then adds a member to the roster; the risalah's overview and its PDF are unchanged and
its page says "susunan anggota telah berubah sejak diajukan" with a link to the difference.

The Indonesian interface (the portal's default); elements are found by ids and addresses.
"""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from demo.example_evidence import add_example_evidence
from demo.example_risalah import build_example_risalah
from risalah.methods import load_methods
from risalah.models import Method, MethodStep, Risalah, Status
from risalah.services import risalah_submit
from tests.accessibility import assert_accessible
from tests.browser.session import log_in
from tests.conftest import build_world, without_risalah
from tests.factories import make_nip

NEWCOMER = "Dewi Anggota Baru"


def indonesian(msgid: str, **params) -> str:
    with translation.override("id"):
        text = gettext(msgid)
    return text % params if params else text


@pytest.fixture
def submitted(transactional_db):
    load_methods(Method, MethodStep)  # a transactional test empties every table afterwards
    world = build_world()
    operator = world.users["operator_a"]
    without_risalah(world)
    risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=operator)
    add_example_evidence(risalah=risalah, by=operator)
    risalah_submit(risalah=Risalah.objects.get(pk=risalah.pk), by=operator)
    return world, Risalah.objects.get(pk=risalah.pk)


def pdf_text(page: Page, live_server, risalah) -> str:
    # The whole example with its photos takes a while to print on a busy machine.
    response = page.request.get(
        live_server.url + reverse("risalah-pdf", args=[risalah.uuid]), timeout=180_000
    )
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


@pytest.mark.browser
def test_a_verified_risalah_keeps_its_roster_when_the_group_changes(
    live_server, browser: Browser, browser_context_args, submitted
):
    world, risalah = submitted
    detail = live_server.url + reverse("risalah-detail", args=[risalah.uuid])

    # --- the verifikator verifies ---------------------------------------------------------------
    bureau = browser.new_context(**browser_context_args)
    verifikator = bureau.new_page()
    log_in(verifikator, live_server, "verifikator")
    expect(verifikator).to_have_url(live_server.url + reverse("core-home"))
    verifikator.goto(live_server.url + reverse("risalah-review", args=[risalah.uuid]))
    assert_accessible(verifikator)
    verifikator.locator(
        f'#decision button[formaction="{reverse("risalah-review-verify", args=[risalah.uuid])}"]'
    ).click()
    expect(verifikator.get_by_role("alert")).to_contain_text(indonesian("The risalah is verified."))
    assert Risalah.objects.get(pk=risalah.pk).status == Status.VERIFIED

    # --- the group's operator: the overview and the PDF as verified ------------------------------
    group = browser.new_context(**browser_context_args)
    operator = group.new_page()
    log_in(operator, live_server, "operator_a")
    expect(operator).to_have_url(live_server.url + reverse("core-home"))
    operator.goto(detail)
    figures_before = operator.locator("#figures dl").inner_text()
    expect(operator.locator("#filed-notice")).to_be_visible()
    expect(operator.locator('[data-testid="roster-changed"]')).to_have_count(0)
    assert_accessible(operator)
    pdf_before = pdf_text(operator, live_server, risalah)
    assert NEWCOMER not in pdf_before

    # --- a new member joins the roster -------------------------------------------------------
    operator.goto(live_server.url + reverse("groups-roster", args=[world.group_a.uuid, 2026]))
    expect(operator.locator("#roster-kept")).to_contain_text(risalah.title)
    assert_accessible(operator)
    operator.fill("#id_nip", make_nip())
    operator.fill("#id_name", NEWCOMER)
    operator.fill("#id_jabatan", "Perawat Pelaksana")
    operator.locator("form:has(#id_nip) button[type=submit]").click()
    expect(operator.locator('[data-testid="roster-table"]')).to_contain_text(NEWCOMER)

    # --- the risalah is unchanged, and says the roster changed ---------------------------------
    operator.goto(detail)
    assert operator.locator("#figures dl").inner_text() == figures_before
    notice = operator.locator('[data-testid="roster-changed"]')
    expect(notice).to_have_text("susunan anggota telah berubah sejak diajukan")
    assert_accessible(operator)
    assert pdf_text(operator, live_server, risalah) == pdf_before

    operator.locator(
        f'#filed-notice a[href="{reverse("risalah-roster-changes", args=[risalah.uuid])}"]'
    ).click()
    expect(operator.locator("h1")).to_have_text(indonesian("Roster as filed"))
    added = operator.locator('[data-testid="added"]')
    expect(added).to_have_count(1)
    expect(added).to_contain_text(NEWCOMER)
    expect(operator.locator("#roster-as-filed")).not_to_contain_text(NEWCOMER)
    assert_accessible(operator)

    bureau.close()
    group.close()
