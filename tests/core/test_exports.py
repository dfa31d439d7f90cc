"""The export of a list (core.exports): typed XLSX cells, a frozen header, a CSV that reads back,
and text that looks like a formula kept as text."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from core.exports import DATE, DATETIME, DECIMAL, INTEGER, Column, Offer, Table, csv_lines, write_xlsx

JAKARTA = ZoneInfo("Asia/Jakarta")
FORMULA = "=cmd|' /C calc'!A0"

TABLE = Table(
    name="uji",
    title="Uji: [daftar]",
    columns=(
        Column("Nama", lambda row: row.name, width=30),
        Column("Jumlah", lambda row: row.count, INTEGER),
        Column("Rata-rata", lambda row: row.mean, DECIMAL),
        Column("Tanggal", lambda row: row.day, DATE),
        Column("Diubah", lambda row: row.at, DATETIME),
    ),
)
ROWS = [
    # 20 March 2026, 01.30 in Jakarta is still 19 March in UTC: the file shows the Jakarta time.
    SimpleNamespace(
        name="Dinas Kesehatan",
        count=12,
        mean=Decimal("4.5"),
        day=date(2026, 2, 1),
        at=datetime(2026, 3, 20, 1, 30, tzinfo=JAKARTA),
    ),
    SimpleNamespace(name=FORMULA, count=0, mean=None, day=None, at=None),
    SimpleNamespace(name="+62 812", count=-3, mean=Decimal("-1.25"), day=None, at=None),
    SimpleNamespace(name="@SUM(A1)", count=None, mean=None, day=None, at=None),
    SimpleNamespace(name="-1+1", count=None, mean=None, day=None, at=None),
    SimpleNamespace(name="\tTab", count=None, mean=None, day=None, at=None),
    SimpleNamespace(name="a\x01b", count=None, mean=None, day=None, at=None),
]


def _workbook(rows=ROWS):
    output = io.BytesIO()
    written = write_xlsx(TABLE, rows, output)
    output.seek(0)
    return written, openpyxl.load_workbook(output).active


def test_the_workbook_holds_typed_cells_under_a_frozen_bold_header():
    written, sheet = _workbook()

    assert written == 7
    assert sheet.title == "Uji- (daftar)"  # Excel forbids : [ ] in a sheet name
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == ["Nama", "Jumlah", "Rata-rata", "Tanggal", "Diubah"]
    assert all(cell.font.bold for cell in sheet[1])
    first = sheet[2]
    assert [cell.value for cell in first] == [
        "Dinas Kesehatan",
        12,
        4.5,
        datetime(2026, 2, 1),
        datetime(2026, 3, 20, 1, 30),
    ]
    assert [cell.data_type for cell in first] == ["s", "n", "n", "d", "d"]
    assert first[3].number_format == "dd/mm/yyyy"
    assert first[4].number_format == "dd/mm/yyyy hh:mm"
    assert isinstance(first[1].value, int)
    assert [cell.value for cell in sheet[3]] == [FORMULA, 0, None, None, None]
    assert [cell.value for cell in sheet[4]][:3] == ["+62 812", -3, -1.25]


def test_text_that_looks_like_a_formula_is_a_string_cell():
    _written, sheet = _workbook()
    names = [(row[0].value, row[0].data_type) for row in sheet.iter_rows(min_row=3)]
    assert names == [
        (FORMULA, "s"),
        ("+62 812", "s"),
        ("@SUM(A1)", "s"),
        ("-1+1", "s"),
        ("\tTab", "s"),
        ("ab", "s"),  # XLSX cannot hold control characters
    ]
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []


def test_widths_follow_the_columns_and_their_headers():
    _written, sheet = _workbook()
    widths = {letter: round(sheet.column_dimensions[letter].width) for letter in "ABCDE"}
    # XlsxWriter stores a width with the padding Excel adds to its character count.
    assert widths == {"A": 31, "B": 11, "C": 13, "D": 13, "E": 18}


def test_an_empty_list_is_a_header_alone():
    written, sheet = _workbook(rows=[])
    assert written == 0
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Nama", "Jumlah", "Rata-rata", "Tanggal", "Diubah"]
    ]


def test_the_csv_reads_back_with_a_bom_semicolons_and_apostrophes_before_formulas():
    data = "".join(csv_lines(TABLE, ROWS)).encode()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [
        ["Nama", "Jumlah", "Rata-rata", "Tanggal", "Diubah"],
        ["Dinas Kesehatan", "12", "4,5", "2026-02-01", "2026-03-20 01:30"],
        ["'" + FORMULA, "0", "", "", ""],
        ["'+62 812", "-3", "-1,25", "", ""],  # a negative number stays a number
        ["'@SUM(A1)", "", "", "", ""],
        ["'-1+1", "", "", "", ""],
        ["'\tTab", "", "", "", ""],
        ["a\x01b", "", "", "", ""],
    ]


def test_prepare_runs_once_per_batch_before_the_cells_are_read():
    batches = []

    def prepare(batch):
        batches.append([item.n for item in batch])
        for item in batch:
            item.double = item.n * 2

    table = Table(
        name="x",
        title="x",
        columns=(Column("n", lambda i: i.double, INTEGER),),
        prepare=prepare,
        batch_size=2,
    )
    rows = list(table.rows([SimpleNamespace(n=n) for n in range(5)]))
    assert rows == [[0], [2], [4], [6], [8]]
    assert batches == [[0, 1], [2, 3], [4]]


@pytest.mark.parametrize(
    ("offer", "english"),
    [(Offer(rows=312, columns=14), "312 rows, 14 columns"), (Offer(rows=1, columns=1), "1 row, 1 column")],
)
def test_the_button_says_what_the_file_holds(settings, offer, english):
    settings.LANGUAGE_CODE = "en"
    assert offer.summary == english


def test_the_button_speaks_indonesian_by_default():
    assert Offer(rows=1312, columns=14).summary == "1.312 baris, 14 kolom"
