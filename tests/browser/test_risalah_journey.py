"""An operator writes a complete risalah in the browser, step by step, and submits it.

Log in through the real form, create the risalah, write the measurable title (watching the
composed sentence follow the typing), fill every step's tools (adding rows, causes and pairs),
see autosave keep a draft across a reload, write the 5W+1H plan on a 360 px phone, watch the
checker go green, submit, and download the printed risalah.
"""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from risalah.methods import load_methods
from risalah.models import Meeting, Method, MethodStep, Risalah, RisalahStep, Status
from tests.accessibility import assert_accessible, assert_every_page_checked, track
from tests.browser.session import log_in
from tests.conftest import build_world, without_risalah

STEP_NAMES = [
    "Menentukan Tema dan Judul",
    "Menganalisis Penyebab",
    "Menguji Penyebab Dominan",
    "Merencanakan Perbaikan",
    "Melaksanakan Perbaikan",
    "Mengevaluasi Hasil",
    "Standarisasi dan Rencana Berikutnya",
]
CAUSES = {
    0: ["Petugas loket hanya satu orang", "Petugas belum terlatih SIMPUS"],  # Manusia
    1: [
        "Pendaftaran masih manual",
        "Berkas rekam medis tidak berurutan",
        "Belum ada nomor antrean",
    ],  # Metode
    3: ["Komputer loket sering macet"],  # Mesin/Sarana
    4: ["Pasien datang bersamaan pagi hari"],  # Lingkungan
}
DOMINANT = ["Pendaftaran masih manual", "Berkas rekam medis tidak berurutan", "Belum ada nomor antrean"]


@pytest.fixture
def world(transactional_db):
    # A transactional test empties every table afterwards, the methods of the data migration too.
    load_methods(Method, MethodStep)
    world = build_world()
    # The meetings are recorded on the evidence pages; here they are simply there, fully attended.
    people = [member.person for member in world.group_year_a.members.all()]
    return world, people


@pytest.fixture(autouse=True)
def english(page: Page, live_server):
    """The pages in English (the msgids), as chosen with the language switch."""
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


def save_and_next(page: Page, number: int) -> None:
    page.get_by_role("button", name="Save and go to the next step").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Step {number} was saved.")
    assert_accessible(page)


def fill_rows(page: Page, tool: str, rows: list[dict]) -> None:
    """Fill table rows, adding rows with the page's own button when the offered ones run out."""
    for index, values in enumerate(rows):
        if page.locator(f"#id_{tool}-{index}-{next(iter(values))}").count() == 0:
            page.locator(f'[data-rows-target="id_{tool}-rows"]').click()
        for field, value in values.items():
            page.fill(f"#id_{tool}-{index}-{field}", value)


@pytest.mark.browser
def test_operator_writes_and_submits_a_complete_risalah(live_server, page: Page, world, csp_violations):
    world, people = world
    without_risalah(world)  # the operator creates group A's risalah of the year in the browser
    track(page)
    operator = world.users["operator_a"]

    log_in(page, live_server, operator)
    expect(page).to_have_url(f"{live_server.url}/")

    # A new risalah for the group (it already has one this year; several are allowed).
    page.get_by_role("link", name="Risalah").first.click()
    expect(page).to_have_url(f"{live_server.url}/risalah/")
    assert_accessible(page)
    page.get_by_role("link", name="New risalah").click()
    expect(page.locator("#id_group")).to_be_visible()
    assert_accessible(page)
    page.select_option("#id_group", value=str(world.group_a.uuid))
    page.fill("#id_theme", "Peningkatan kecepatan pelayanan rawat jalan")
    page.get_by_role("button", name="Create the risalah").click()
    expect(page.get_by_role("alert")).to_contain_text("The risalah was created.")
    risalah = Risalah.objects.exclude(pk=world.risalah_a.pk).get()
    assert_accessible(page)

    # The measurable title: the sentence follows the typing.
    page.fill("#id_metric", "persentase pasien rawat jalan yang dilayani kurang dari 60 menit")
    page.fill("#id_baseline_value", "29,6")
    page.fill("#id_target_value", "95")
    page.fill("#id_unit_of_measure", "%")
    page.fill("#id_place", "Puskesmas Sukamaju")
    page.fill("#id_deadline", "2026-09")
    title = (
        "Meningkatkan persentase pasien rawat jalan yang dilayani kurang dari 60 menit dari 29,6% "
        "menjadi 95% pada September 2026 di Puskesmas Sukamaju"
    )
    expect(page.locator("#title-preview")).to_have_text(title)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("The theme and title were saved.")
    expect(page.locator(".kbk-title")).to_have_text(title)
    assert_accessible(page)

    # Step 1: problems, a check sheet, and autosave keeping the draft across a reload.
    page.get_by_role("link", name="1. Menentukan Tema dan Judul").click()
    expect(page.locator("#id_narrative")).to_be_visible()
    assert_accessible(page)
    fill_rows(
        page,
        "problem_list",
        [
            {
                "problem": "Pasien dilayani lebih dari 60 menit",
                "target": "95",
                "achievement": "29,6",
                "unit": "%",
            },
            {"problem": "Rekam medis tidak lengkap", "target": "100", "achievement": "78,5", "unit": "%"},
            {"problem": "Kepuasan pasien di loket", "target": "90", "achievement": "76", "unit": "%"},
            {"problem": "Kepatuhan cuci tangan", "target": "100", "achievement": "88", "unit": "%"},
        ],
    )
    page.check("#id_problem_list-0-chosen")
    page.fill("#id_check_sheet-title", "Tahap pelayanan dengan waktu tunggu lebih dari 60 menit")
    fill_rows(
        page,
        "check_sheet",
        [
            {"label": "Antrean pendaftaran", "count": "312"},
            {"label": "Pencarian berkas", "count": "241"},
            {"label": "Menunggu dokter", "count": "118"},
            {"label": "Antrean obat", "count": "64"},
        ],
    )
    page.fill("#id_narrative", "Waktu tunggu memiliki deviasi terbesar sehingga dipilih.")
    expect(page.locator("#autosave-status")).to_contain_text(re.compile(r"Saved \d\d:\d\d"), timeout=10_000)
    expect(page.locator("#chart-pareto svg")).to_be_visible()  # drawn from the autosaved rows
    assert_accessible(page)
    page.reload()
    expect(page.locator("#id_narrative")).to_have_value(
        "Waktu tunggu memiliki deviasi terbesar sehingga dipilih."
    )
    expect(page.locator("#id_problem_list-3-problem")).to_have_value("Kepatuhan cuci tangan")
    save_and_next(page, 1)

    # Step 2: the fishbone, causes added to the default categories.
    page.fill("#id_fishbone-problem", "Pasien dilayani lebih dari 60 menit")
    for category, texts in CAUSES.items():
        for index, text in enumerate(texts):
            page.locator(f'[data-rows-target="id_fishbone-c-{category}-causes"]').click()
            page.fill(f"#id_fishbone-c-{category}-k-{index}-text", text)
    page.fill("#id_narrative", "Curah pendapat dua kali.")
    save_and_next(page, 2)
    fishbone = RisalahStep.objects.get(risalah=risalah, method_step__number=2).data["fishbone"]
    ids = [cause["id"] for category in fishbone["categories"] for cause in category["causes"]]
    assert len(ids) == 7 and all(re.fullmatch(r"[0-9a-f]{8}", cause_id) for cause_id in ids)

    # Step 3: every cause is offered for counting, each row choosing its fishbone cause; the
    # dominant ones are ticked; a scatter.
    counts = {DOMINANT[0]: "142", DOMINANT[1]: "118", DOMINANT[2]: "97"}
    for index in range(7):
        cause = page.locator(f"#id_cause_test-{index}-cause_id option:checked").inner_text()
        expect(page.locator(f"#id_cause_test-{index}-cause")).to_be_hidden()  # one control per cause
        page.fill(f"#id_cause_test-{index}-count", counts.get(cause, "10"))
        if cause in DOMINANT:
            page.check(f"#id_cause_test-{index}-dominant")
    # A cause the fishbone does not have: "another cause" reveals the field to type it, and the
    # autosave keeps it as a cause outside the fishbone.
    page.locator('[data-rows-target="id_cause_test-rows"]').click()
    other = page.locator("#id_cause_test-7-cause")
    expect(other).to_be_hidden()
    page.select_option("#id_cause_test-7-cause_id", value="__other__")
    expect(other).to_be_visible()
    expect(other).to_be_focused()
    other.fill("Listrik sering padam")
    page.fill("#id_cause_test-7-count", "3")
    # The autosave answer brings the Pareto with the new cause (labels may wrap: one word).
    expect(page.locator("#chart-cause_pareto svg")).to_contain_text("Listrik", timeout=10_000)
    tested = RisalahStep.objects.get(risalah=risalah, method_step__number=3).data["cause_test"]["rows"]
    assert [row["cause_id"] for row in tested] == [*ids, ""]
    assert tested[-1] == {"cause_id": "", "cause": "Listrik sering padam", "count": 3.0, "dominant": False}
    page.select_option("#id_cause_test-7-cause_id", value=ids[0])
    expect(other).to_be_hidden()
    page.locator("#id_cause_test-rows [data-row]").nth(7).locator("[data-remove-row]").click()
    page.fill("#id_scatter-x_label", "Pendaftar per jam")
    page.fill("#id_scatter-y_label", "Waktu tunggu (menit)")
    fill_rows(page, "scatter", [{"x": str(x), "y": str(2 * x + 25)} for x in (10, 15, 20, 25, 30)])
    save_and_next(page, 3)

    # Step 4 on a phone: one 5W+1H row per dominant cause, "who" ticked from the roster.
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 362
    assert_accessible(page)
    for index in range(3):
        expect(page.locator(f"#id_plan_5w1h-{index}-cause")).to_have_value(DOMINANT[index])
        page.fill(f"#id_plan_5w1h-{index}-what", f"Perbaikan {index + 1}")
        page.fill(f"#id_plan_5w1h-{index}-why", "Penyebab dominan")
        page.fill(f"#id_plan_5w1h-{index}-where", "Loket pendaftaran")
        page.fill(f"#id_plan_5w1h-{index}-when", "Maret 2026")
        page.check(f"#id_plan_5w1h-{index}-who_{index}")
        page.fill(f"#id_plan_5w1h-{index}-how", "Dilaksanakan bersama")
    save_button = page.get_by_role("button", name="Save and go to the next step")
    box = save_button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    save_and_next(page, 4)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Step 5: the implementation log.
    fill_rows(
        page,
        "implementation_log",
        [
            {"date": "2026-03-02", "activity": "Pelatihan SIMPUS", "result": "Petugas mampu mendaftar"},
            {"date": "2026-03-16", "activity": "Penataan rak rekam medis", "result": "Berkas berurutan"},
        ],
    )
    save_and_next(page, 5)

    # Step 6: the evaluation starts from the title; the series gives the control chart.
    expect(page.locator("#id_before_after-metric")).to_have_value(
        "persentase pasien rawat jalan yang dilayani kurang dari 60 menit"
    )
    expect(page.locator("#id_before_after-before")).to_have_value("29.6")
    page.fill("#id_before_after-after", "96.2")
    page.select_option("#id_before_after-target_reached", value="yes")
    page.fill("#id_control_chart-label", "Pasien < 60 menit per minggu (%)")
    page.fill("#id_control_chart-values", "93.8\n95.1\n96.4\n94.7\n97.2\n95.9\n96.8\n95.3")
    page.fill("#id_benefits-tangible", "Waktu tunggu rata-rata turun dari 92 menjadi 41 menit.")
    # The autosave answer brings the charts of the new data with it.
    expect(page.locator("#chart-control_chart svg")).to_be_visible(timeout=10_000)
    expect(page.locator("#chart-before_after svg")).to_be_visible()
    save_and_next(page, 6)

    # Step 7: the standard and the next theme.
    page.fill("#id_standard-title", "SOP Pendaftaran dan Alur Pasien Rawat Jalan")
    page.fill("#id_standard-summary", "Pasien mengambil nomor antrean dan didaftarkan di SIMPUS.")
    page.fill("#id_next_theme-theme", "Kelengkapan rekam medis")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Step 7 was saved.")
    assert_accessible(page)

    # The checker: only the meetings are missing; once they are recorded it goes green.
    page.get_by_role("link", name="Checker").first.click()
    expect(page.locator("main")).to_contain_text("The group recorded 0 meetings; at least 6 are required.")
    assert_accessible(page)
    for day in range(1, 7):
        meeting = Meeting.objects.create(
            risalah=risalah, date=date(2026, 3, day), duration_minutes=60, agenda=f"Rapat {day}"
        )
        meeting.attendees.set(people)
    page.reload()
    expect(page.locator("main")).to_contain_text("The checker finds nothing missing.")
    assert_accessible(page)

    # Submit; the risalah is then read-only.
    page.get_by_role("link", name="Go to submitting").click()
    expect(page.get_by_role("button", name="Submit to the bureau")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit to the bureau").click()
    expect(page.get_by_role("alert")).to_contain_text("The risalah was submitted to the bureau.")
    risalah.refresh_from_db()
    assert risalah.status == Status.SUBMITTED
    assert_accessible(page)
    page.get_by_role("link", name="1. Menentukan Tema dan Judul").click()
    expect(page.locator("main")).to_contain_text(
        "This risalah is submitted; the group can no longer change it."
    )
    expect(page.locator("#id_narrative")).to_be_disabled()
    assert_accessible(page)

    # The printed risalah carries the title and every step.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = " ".join(" ".join(page_.extract_text().split()) for page_ in pdf.pages)
    assert title in text
    for name in STEP_NAMES:
        assert name in text

    assert csp_violations == []
    assert_every_page_checked(page)


@pytest.mark.browser
def test_an_expired_session_loses_no_text(live_server, page: Page, world, csp_violations):
    world, _people = world
    log_in(page, live_server, world.users["operator_a"])
    page.goto(f"{live_server.url}/risalah/{world.risalah_a.uuid}/langkah/1/")
    assert_accessible(page)
    narrative = page.locator("#id_narrative")
    narrative.fill("Baris pertama.")
    expect(page.locator("#autosave-status")).to_contain_text("Saved", timeout=10_000)

    Session.objects.all().delete()  # the session ends on the server (timeout, logout elsewhere)
    narrative.press_sequentially(" Baris kedua.")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Your session has ended", timeout=10_000)
    # Saving now would end on the login page: the page keeps the writer here instead.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(status).to_contain_text("Your session has ended")
    assert page.url.endswith("/langkah/1/")
    expect(narrative).to_have_value("Baris pertama. Baris kedua.")

    # Log in again in another tab (which gives a new CSRF token), come back, keep typing.
    other = page.context.new_page()
    log_in(other, live_server, world.users["operator_a"])
    other.close()
    narrative.press_sequentially(" Baris ketiga.")
    expect(status).to_contain_text("Saved", timeout=10_000)
    step = RisalahStep.objects.get(risalah=world.risalah_a, method_step__number=1)
    assert step.narrative == "Baris pertama. Baris kedua. Baris ketiga."
    assert csp_violations == []


@pytest.mark.browser
def test_two_writers_on_one_step_lose_nothing(live_server, browser, browser_context_args, page: Page, world):
    world, _people = world
    url = f"{live_server.url}/risalah/{world.risalah_a.uuid}/langkah/1/"
    log_in(page, live_server, world.users["operator_a"])
    page.goto(url)
    colleague_context = browser.new_context(**browser_context_args)
    colleague_context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    colleague = colleague_context.new_page()
    log_in(colleague, live_server, world.users["admin"])
    colleague.goto(url)

    colleague.locator("#id_narrative").fill("Versi rekan kerja.")
    expect(colleague.locator("#autosave-status")).to_contain_text("Saved", timeout=10_000)
    page.locator("#id_narrative").fill("Versi saya sendiri.")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("saved this step at", timeout=10_000)
    expect(status).to_contain_text("are NOT saved")

    page.get_by_role("button", name="Compare the two versions").click()
    expect(page.locator("#conflict")).to_contain_text("A colleague saved this step while you were writing")
    assert_accessible(page)
    expect(page.locator("#their-version")).to_contain_text("Versi rekan kerja.")
    expect(page.locator("#id_narrative")).to_have_value("Versi saya sendiri.")
    step = RisalahStep.objects.get(risalah=world.risalah_a, method_step__number=1)
    assert step.narrative == "Versi rekan kerja."

    page.get_by_role("button", name="Save and keep my version").click()
    expect(page.get_by_role("alert")).to_contain_text("Step 1 was saved.")
    step.refresh_from_db()
    assert (step.narrative, step.updated_by) == ("Versi saya sendiri.", world.users["operator_a"])
    colleague_context.close()
