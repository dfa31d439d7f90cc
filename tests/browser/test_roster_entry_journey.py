"""Entering a roster by pasting rows from Excel, in a real browser on a 360 px phone: a wrong
row is named and nothing is saved, the pasted text stays; corrected, the whole roster is in."""

import pytest
from playwright.sync_api import Page, expect

from groups.models import Completeness
from tests.accessibility import assert_accessible
from tests.browser.session import log_in
from tests.browser.test_group_journey import ROSTER, csp_violations, operator  # noqa: F401 (fixtures)
from tests.factories import GroupFactory, GroupYearFactory


@pytest.mark.browser
def test_operator_pastes_the_roster_from_excel(live_server, page: Page, operator, csp_violations):  # noqa: F811
    user, puskesmas = operator
    group = GroupFactory(unit=puskesmas, name="KBK Tempel")
    group_year = GroupYearFactory(group=group, programme_year__year=2026)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server, user, check=False)

    rows = [f"{nip}\t{name}\t{jabatan}\t{role.capitalize()}" for role, nip, name, jabatan in ROSTER]
    wrong = rows[:]
    wrong[2] = wrong[2].replace("199101052015032002", "199113052015032002")  # month 13
    page.goto(f"{live_server.url}/kelompok/{group.uuid}/tahun/2026/anggota/")
    page.fill("#id_rows", "\n".join(wrong))
    page.get_by_role("button", name="Periksa dan tambahkan baris").click()

    expect(page.get_by_test_id("paste-errors")).to_contain_text(
        "baris 3: NIP '199113052015032002': Digit 1-8 (19911305) bukan tanggal lahir yang valid (YYYYMMDD)."
    )
    expect(page.locator("#id_rows")).to_have_value("\n".join(wrong))
    assert group_year.members.count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 362
    assert_accessible(page)  # the roster page with the paste errors beside the field

    page.fill("#id_rows", "\n".join(rows))
    page.get_by_role("button", name="Periksa dan tambahkan baris").click()

    expect(page.get_by_role("alert")).to_contain_text("Susunan anggota disimpan: 5 ditambahkan, 0 diubah")
    expect(page.get_by_test_id("member-row")).to_have_count(5)
    assert_accessible(page)
    group_year.refresh_from_db()
    assert group_year.status == Completeness.COMPLETE
    assert csp_violations == []
