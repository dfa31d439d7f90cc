"""What the portal writes into a spreadsheet is data, never a formula (core.spreadsheets)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from core import imports, spreadsheets
from core.models import Unit

FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def cells_of(data: bytes) -> list[tuple[object, str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [(cell.value, cell.data_type) for row in sheet.iter_rows() for cell in row]


def test_xlsx_strings_are_string_cells_whatever_they_start_with():
    data = spreadsheets.xlsx_bytes(
        [["kode", "nama"], [FORMULA, "+62 812"], ["@SUM(A1)", "-1+1"], [7, "a\x01b"]], sheet_title="x"
    )
    assert cells_of(data) == [
        ("kode", "s"),
        ("nama", "s"),
        (FORMULA, "s"),
        ("+62 812", "s"),
        ("@SUM(A1)", "s"),
        ("-1+1", "s"),
        (7, "n"),
        ("ab", "s"),  # XLSX cannot hold control characters
    ]


def test_csv_cells_that_would_start_a_formula_get_an_apostrophe():
    data = spreadsheets.csv_bytes([["kode", "nama"], [FORMULA, "+62 812"], ["@x", "Dinas Kesehatan"]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["kode", "nama"], ["'" + FORMULA, "'+62 812"], ["'@x", "Dinas Kesehatan"]]


def test_import_template_holds_no_formula_even_for_a_code_that_looks_like_one(login, world):
    # A code saved before codes were checked (or through the admin) reaches the template
    # as the example parent.
    Unit.objects.filter(pk=world.pemda.pk).update(code=FORMULA)
    client = login("verifikator")

    response = client.get(reverse("core-unit-import-template"))
    cells = cells_of(response.content)
    assert [data_type for _value, data_type in cells if data_type == "f"] == []
    assert (FORMULA, "s") in cells

    response = client.get(reverse("core-unit-import-template"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][4] == "'" + FORMULA

    response = client.get(reverse("core-account-import-template"))
    assert [value for value, data_type in cells_of(response.content) if data_type == "f"] == []


def test_the_import_reads_a_written_csv_back_as_the_original_text():
    data = spreadsheets.csv_bytes([list(imports.UNIT_COLUMNS), [FORMULA, "-Nama", "", "OPD", "PEMDA", "'ya"]])
    table = imports.read_table(data, columns=imports.UNIT_COLUMNS, required=imports.UNIT_REQUIRED)
    assert [table.rows[0].values[name] for name in ("kode", "nama", "aktif")] == [FORMULA, "-Nama", "'ya"]
