"""Writing the spreadsheets the portal hands out (XLSX and CSV), so that no cell is a formula.

Every XLSX or CSV the portal writes goes through ``xlsx_response`` / ``csv_response`` (or
``xlsx_bytes`` / ``csv_bytes``). Values come from users (unit codes, names, titles), and a
value such as ``=cmd|' /C calc'!A0`` must come back as the text it is, never as a live
formula ("CSV injection"):

- in an XLSX every string is written as a string cell, whatever it starts with; the
  spreadsheet program shows it as typed and never evaluates it;
- a CSV has no cell types, so a value that a spreadsheet program would read as a formula
  (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with an
  apostrophe, as OWASP recommends; the program shows the text without evaluating it.
"""

import csv
import io
from collections.abc import Iterable, Sequence

import openpyxl
from django.http import HttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# What a spreadsheet program takes as the start of a formula in a text file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """The text of one CSV cell; a value that would start a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(rows: Iterable[Sequence], *, delimiter: str = ";") -> bytes:
    """UTF-8 with a BOM (Excel then reads the accents right), CRLF line ends.

    Semicolons by default: what a spreadsheet set to Indonesian (decimal comma) expects.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()


def xlsx_bytes(
    rows: Iterable[Sequence], *, sheet_title: str, header: bool = True, text: bool = True
) -> bytes:
    """A one-sheet workbook. Strings are string cells, never formulas.

    ``header`` makes the first row bold; ``text`` formats every cell as text ("@"), so
    that what a user types into the template later (codes, NIPs) keeps its leading zeros
    and digits.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit for a sheet name
    widths: dict[int, int] = {}
    for row_number, values in enumerate(rows, start=1):
        for column_number, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            if isinstance(value, str):
                # Assigning a string that starts with "=" makes openpyxl write a formula;
                # the type is set back to string so that it is written as plain text.
                # Control characters cannot be stored in XLSX at all.
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = TYPE_STRING
            else:
                cell.value = value
            if text:
                cell.number_format = "@"
            if header and row_number == 1:
                cell.font = Font(bold=True)
            widths[column_number] = max(widths.get(column_number, 12), len(str(value or "")) + 2)
    for column_number, width in widths.items():
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column_number)].width = min(width, 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(rows: Iterable[Sequence], *, filename: str, sheet_title: str, **options) -> HttpResponse:
    data = xlsx_bytes(rows, sheet_title=sheet_title, **options)
    return _attachment(HttpResponse(data, content_type=XLSX_CONTENT_TYPE), filename)


def csv_response(rows: Iterable[Sequence], *, filename: str, delimiter: str = ";") -> HttpResponse:
    data = csv_bytes(rows, delimiter=delimiter)
    return _attachment(HttpResponse(data, content_type=CSV_CONTENT_TYPE), filename)
