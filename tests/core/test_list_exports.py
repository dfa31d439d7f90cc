"""The unit and account lists export what they show (core.tables, core.exports)."""

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent, Role, UnitKind
from tests.export_files import button_summary, csv_rows, workbook_of, xlsx_rows
from tests.factories import GroupFactory, RoleFactory, UnitFactory, UserFactory

UNIT_HEADER = ["Unit", "Short name", "Code", "Kind", "Active", "Sub-units", "Active groups"]
ACCOUNT_HEADER = ["Name", "NIP", "Username", "E-mail", "Home unit", "Roles", "Active"]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_the_unit_export_holds_every_managed_unit_cell_by_cell(login, world):
    response = login("verifikator").get(reverse("core-unit-list"), {"format": "xlsx"})

    assert response["Content-Disposition"].startswith('attachment; filename="unit-')
    sheet = workbook_of(response)
    assert sheet.freeze_panes == "A2"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        UNIT_HEADER,
        ["Pemerintah Kabupaten Contoh", "Pemkab Contoh", "PEMDA", UnitKind.PEMKAB.label, "Yes", 2, 0],
        ["Dinas Kesehatan", "Dinkes", "DINKES", UnitKind.OPD.label, "Yes", 1, 0],
        ["Puskesmas Sukamaju", "PKM Sukamaju", "PKM-SKM", UnitKind.PUSKESMAS.label, "Yes", 0, 1],
        ["Dinas Pendidikan", "Disdik", "DISDIK", UnitKind.OPD.label, "Yes", 0, 1],
    ]
    assert [cell.data_type for cell in sheet[2]] == ["s", "s", "s", "s", "s", "n", "n"]


def test_a_filtered_unit_export_has_exactly_the_filtered_rows_and_the_button_says_so(login, world):
    client = login("verifikator")
    filters = {"kind": UnitKind.OPD, "q": "dinas"}

    page = client.get(reverse("core-unit-list"), filters)
    rows = csv_rows(client.get(reverse("core-unit-list"), {**filters, "format": "csv"}))

    assert rows == [
        UNIT_HEADER,
        ["Dinas Kesehatan", "Dinkes", "DINKES", UnitKind.OPD.label, "Yes", "1", "0"],
        ["Dinas Pendidikan", "Disdik", "DISDIK", UnitKind.OPD.label, "Yes", "0", "1"],
    ]
    assert button_summary(page.content.decode()) == (len(rows) - 1, len(rows[0])) == (2, 7)


def test_the_export_ignores_the_page_number(login, world):
    client = login("verifikator")
    rows = xlsx_rows(client.get(reverse("core-unit-list"), {"page": 2, "format": "xlsx"}))
    assert len(rows) == 5


def test_a_unit_name_that_looks_like_a_formula_stays_text(login, world):
    UnitFactory(parent=world.unit_b, name='=HYPERLINK("http://x")', short_name="@x", code="X1")
    client = login("verifikator")

    sheet = workbook_of(client.get(reverse("core-unit-list"), {"q": "x", "format": "xlsx"}))
    cells = [(cell.value, cell.data_type) for cell in sheet[2][:2]]
    assert cells == [('=HYPERLINK("http://x")', "s"), ("@x", "s")]

    rows = csv_rows(client.get(reverse("core-unit-list"), {"q": "x", "format": "csv"}))
    assert rows[1][:2] == ['\'=HYPERLINK("http://x")', "'@x"]


def test_a_verifikator_of_one_opd_exports_only_his_subtree(login, world, client):
    officer = UserFactory(unit=world.unit_a)
    RoleFactory(user=officer, role=Role.VERIFIKATOR, unit=world.unit_a)
    client.force_login(officer)

    rows = xlsx_rows(client.get(reverse("core-unit-list"), {"format": "xlsx"}))
    assert [row[0] for row in rows[1:]] == ["Dinas Kesehatan", "Puskesmas Sukamaju"]


def test_an_operator_gets_no_unit_export(login, world):
    response = login("operator_a").get(reverse("core-unit-list"), {"format": "xlsx"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 0


def test_every_export_is_written_to_the_audit_log(login, world):
    login("verifikator").get(reverse("core-unit-list"), {"kind": "opd", "format": "csv"})

    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.target.split(": ")[0], event.details) == (
        world.users["verifikator"],
        "Units",
        {"rows": 2, "format": "csv", "columns": 7, "filters": "kind=opd"},
    )
    assert event.target.endswith(".csv")


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_unit_export_queries_do_not_grow_with_units(login, world, django_assert_num_queries, file_format):
    client = login("verifikator")
    counts = []
    for _round in range(2):
        with django_assert_num_queries(9 if file_format == "csv" else 8) as captured:
            response = client.get(reverse("core-unit-list"), {"format": file_format})
            rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
        counts.append((len(captured), len(rows) > 1))
        for _more in range(3):
            GroupFactory(unit=UnitFactory(parent=world.unit_b))
    assert counts[0] == counts[1]


# --- accounts -------------------------------------------------------------------------------


def test_the_account_export_follows_the_role_filter_cell_by_cell(login, world):
    world.users["operator_a"].nip = "198503302010011001"
    world.users["operator_a"].save()
    client = login("verifikator")

    page = client.get(reverse("core-account-list"), {"role": Role.OPERATOR})
    rows = xlsx_rows(client.get(reverse("core-account-list"), {"role": Role.OPERATOR, "format": "xlsx"}))

    operator, outsider = world.users["operator_a"], world.users["outsider"]
    expected = [
        [
            user.full_name,
            user.nip or None,
            user.username,
            user.email,
            str(user.unit),
            f"Operator · {user.roles.get().unit}",
            "Yes",
        ]
        for user in sorted([operator, outsider], key=lambda u: u.full_name)
    ]
    assert rows == [ACCOUNT_HEADER, *expected]
    assert (
        rows[1 if operator.full_name < outsider.full_name else 2][1] == "198503302010011001"
    )  # a NIP is text
    assert button_summary(page.content.decode()) == (2, 7)


def test_account_export_queries_do_not_grow_with_accounts(login, world, django_assert_num_queries):
    client = login("verifikator")
    counts = []
    for _round in range(2):
        with django_assert_num_queries(9) as captured:
            xlsx_rows(client.get(reverse("core-account-list"), {"format": "xlsx"}))
        counts.append(len(captured))
        for _more in range(3):
            RoleFactory(user=UserFactory(unit=world.unit_b), role=Role.PIMPINAN, unit=world.unit_b)
    assert counts[0] == counts[1]
