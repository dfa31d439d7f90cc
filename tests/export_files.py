"""Reading back what a list export wrote (core.exports), for the tests of every list."""

import csv
import io
import re

import openpyxl
from django.http import FileResponse, StreamingHttpResponse


def content_of(response) -> bytes:
    if isinstance(response, FileResponse | StreamingHttpResponse):
        # The test client closes the response (and a FileResponse its file) once the content is
        # read to its end; closing it again would fire request_finished, and Django would close
        # the database connection of the test.
        return b"".join(response.streaming_content)
    return response.content


def workbook_of(response):
    """The only sheet of an XLSX response."""
    return openpyxl.load_workbook(io.BytesIO(content_of(response))).active


def xlsx_rows(response) -> list[list]:
    return [list(row) for row in workbook_of(response).iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    """The CSV read back with the csv module; fails unless it starts with a UTF-8 BOM."""
    data = content_of(response)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def button_summary(html: str) -> tuple[int, int]:
    """(rows, columns) as the page's export button says them ("312 rows, 14 columns")."""
    match = re.search(r'data-testid="export-summary">\((\d[\d.,]*) rows?, (\d+) columns?\)', html)
    assert match, "no export button on the page"
    return int(match.group(1).replace(",", "").replace(".", "")), int(match.group(2))
