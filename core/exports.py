"""Export what you see: a list of the portal, as its filters show it, as XLSX or CSV.

Each list declares once, in the app that owns it, a :class:`Table`: its columns (a header, how
to read the value from a row, the value's kind) and, where rows need figures computed in bulk,
a ``prepare`` step run on each batch of rows. The list view builds its filtered rows once and
hands them either to the page (paginated) or, for ``?format=xlsx`` / ``?format=csv``, to
:func:`export_response`: the same queryset, so the file holds exactly the rows the page counts.

Formula safety follows :mod:`core.spreadsheets`: in an XLSX every text is a string cell (never
a formula, whatever it starts with); in a CSV a text that would start a formula gets the
apostrophe of :func:`core.spreadsheets.csv_safe`.

The XLSX is written by XlsxWriter in constant-memory mode (one row in memory at a time, into a
temporary file); the CSV is streamed row by row. Querysets are read in batches of
``Table.batch_size`` rows, so the queries of an export do not grow with its rows (one round of
prefetches per batch).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import batched
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core import audit
from core.models import AuditAction, Unit
from core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_safe

TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"
DATE = "date"
DATETIME = "datetime"

FORMATS = ("xlsx", "csv")
FORMAT_PARAMETER = "format"
# Query parameters that choose a page or a file, not rows: left out of the filters.
NOT_FILTERS = (FORMAT_PARAMETER, "page")

DEFAULT_WIDTHS = {TEXT: 24, INTEGER: 10, DECIMAL: 12, DATE: 12, DATETIME: 17}
NUMBER_FORMATS = {INTEGER: "0", DECIMAL: "0.0#", DATE: "dd/mm/yyyy", DATETIME: "dd/mm/yyyy hh:mm"}
MAX_WIDTH = 60
MAX_TEXT = 32767  # the longest text an XLSX cell holds


@dataclass(frozen=True)
class Column:
    """One column of a list: its header, how a row gives its value, and what kind the value is
    (the XLSX cell type). A value of None is an empty cell."""

    header: Any
    value: Callable[[Any], Any]
    kind: str = TEXT
    width: int | None = None  # in characters; by default from the kind and the header

    @property
    def shown_width(self) -> int:
        width = self.width or DEFAULT_WIDTHS[self.kind]
        return min(max(width, len(str(self.header)) + 2), MAX_WIDTH)


@dataclass(frozen=True)
class Table:
    """A list's columns; ``prepare`` (optional) is called with each batch of rows before their
    cells are read, for figures computed for many rows at once."""

    name: str  # the file name's stem, e.g. "unit"
    title: Any  # the sheet's title and the audit log's name of the export
    columns: tuple[Column, ...]
    prepare: Callable[[list], None] | None = None
    batch_size: int = 2000

    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    def rows(self, objects: Iterable) -> Iterator[list]:
        """The values of each row, in column order."""
        if isinstance(objects, QuerySet):
            objects = objects.iterator(chunk_size=self.batch_size)
        for batch in batched(objects, self.batch_size):
            batch = list(batch)
            if self.prepare is not None:
                self.prepare(batch)
            for item in batch:
                yield [column.value(item) for column in self.columns]


# --- the request: filters and format ------------------------------------------------------


def filters_of(request) -> QueryDict | None:
    """The list's filters in the request (None without any): the query string without the page
    and the format, so that a page and its export read the same filters."""
    data = request.GET.copy()
    for name in NOT_FILTERS:
        data.pop(name, None)
    return data or None


def requested_format(request) -> str | None:
    value = request.GET.get(FORMAT_PARAMETER)
    return value if value in FORMATS else None


@dataclass(frozen=True)
class Offer:
    """What the export buttons of a list say: the rows and columns the file will hold."""

    rows: int
    columns: int

    @property
    def summary(self) -> str:
        rows = ngettext("%(count)s row", "%(count)s rows", self.rows) % {
            "count": number_format(self.rows, force_grouping=True)
        }
        columns = ngettext("%(count)s column", "%(count)s columns", self.columns) % {"count": self.columns}
        return f"{rows}, {columns}"


def offer(table: Table, rows: int) -> Offer:
    """For the template ``partials/export.html``; ``rows`` is the count the page shows."""
    return Offer(rows=rows, columns=len(table.columns))


# --- writing ------------------------------------------------------------------------------


def _local(value: datetime) -> datetime:
    """A naive local time: XLSX has no time zones, and the portal's users read Jakarta time."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _day(value: date) -> date:
    """The local day of a time (a submission at 01.00 in Jakarta is on that day, not the UTC one)."""
    return _local(value).date() if isinstance(value, datetime) else value


def _text(value) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_TEXT]


SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = str.maketrans("[]:*?/\\", "()-----")


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: a table, its rows and, above its header, a few lines of text
    (a title, what the sheet covers). ``objects`` may be a callable, called when the sheet is
    written (so a workbook's later sheets run their queries only when their turn comes)."""

    table: Table
    objects: Iterable | Callable[[], Iterable]
    preamble: tuple[Any, ...] = ()


class XlsxBook:
    """A workbook of one or more sheets in XlsxWriter's constant-memory mode.

    Each sheet is written whole before the next (constant-memory writes every row of a sheet in
    order); sheet names are cut to Excel's 31 characters, stripped of the characters Excel
    forbids, and kept unique.
    """

    def __init__(self, output, *, title: str = ""):
        self.workbook = xlsxwriter.Workbook(
            output, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        if title:
            self.workbook.set_properties({"title": _text(title)})
        self.bold = self.workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.heading = self.workbook.add_format({"bold": True, "font_size": 13})
        self.formats = {
            kind: self.workbook.add_format({"num_format": code}) for kind, code in NUMBER_FORMATS.items()
        }
        self.names: set[str] = set()

    def sheet_name(self, title) -> str:
        base = _text(title).translate(SHEET_NAME_FORBIDDEN).strip("'")[:SHEET_NAME_MAX] or "Sheet"
        name, number = base, 1
        while name.lower() in self.names:
            number += 1
            suffix = f" ({number})"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        self.names.add(name.lower())
        return name

    def write(self, table: Table, objects: Iterable, *, preamble: Iterable = ()) -> int:
        """Write one sheet: the preamble's lines (the first as a heading), a blank line, the
        frozen bold header with a filter, then the rows. Returns the rows written."""
        sheet = self.workbook.add_worksheet(self.sheet_name(table.title))
        for number, column in enumerate(table.columns):
            sheet.set_column(number, number, column.shown_width)
        top = 0
        for top, line in enumerate(preamble, start=1):
            sheet.write_string(top - 1, 0, _text(line), self.heading if top == 1 else None)
        header = top + 1 if top else 0
        sheet.freeze_panes(header + 1, 0)
        for number, text in enumerate(table.headers()):
            sheet.write_string(header, number, text, self.bold)
        count = 0
        for count, values in enumerate(table.rows(objects), start=1):
            for number, (column, value) in enumerate(zip(table.columns, values, strict=True)):
                _write_cell(sheet, header + count, number, column.kind, value, self.formats)
        if table.columns:
            sheet.autofilter(header, 0, header + count, len(table.columns) - 1)
        return count

    def close(self) -> None:
        self.workbook.close()


def write_xlsx(table: Table, objects: Iterable, output) -> int:
    """Write the workbook into ``output`` (a path or a binary file); returns the rows written.

    Every value goes through the writer of its column's kind (``write_string`` for text), never
    through XlsxWriter's guessing ``write``: a text starting with "=" stays text.
    """
    book = XlsxBook(output)
    count = book.write(table, objects)
    book.close()
    return count


def write_workbook(
    sheets: Iterable[Sheet],
    output,
    *,
    title: str = "",
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Write several sheets into one workbook (``output``: a path or a binary file); returns the
    rows written per sheet. ``progress`` is called with the share done (0-100) after each sheet."""
    sheets = list(sheets)
    book = XlsxBook(output, title=title)
    counts = []
    try:
        for number, sheet in enumerate(sheets, start=1):
            objects = sheet.objects() if callable(sheet.objects) else sheet.objects
            counts.append(book.write(sheet.table, objects, preamble=sheet.preamble))
            if progress is not None:
                progress(number * 100 // len(sheets))
    finally:
        book.close()
    return counts


def _write_cell(sheet, row: int, column: int, kind: str, value, formats) -> None:
    if value is None or value == "":
        return
    if (
        kind in (INTEGER, DECIMAL)
        and isinstance(value, int | float | Decimal)
        and not isinstance(value, bool)
    ):
        sheet.write_number(row, column, float(value) if isinstance(value, Decimal) else value, formats[kind])
    elif kind == DATETIME and isinstance(value, datetime):
        sheet.write_datetime(row, column, _local(value), formats[DATETIME])
    elif kind == DATE and isinstance(value, date):
        sheet.write_datetime(row, column, _day(value), formats[DATE])
    else:
        sheet.write_string(row, column, _text(value))


def csv_text(kind: str, value) -> str:
    """One CSV cell: ISO dates, local times, decimal commas (the semicolon is the delimiter)."""
    if value is None:
        return ""
    if kind == DATETIME and isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if kind == DATE and isinstance(value, date):
        return _day(value).isoformat()
    if (
        kind in (INTEGER, DECIMAL)
        and isinstance(value, int | float | Decimal)
        and not isinstance(value, bool)
    ):
        return str(value).replace(".", ",")
    return csv_safe(value)


class _Line:
    """csv.writer's file: hands back what it would write."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: Table, objects: Iterable) -> Iterator[str]:
    """The CSV, one batch of lines at a time: a BOM (Excel then reads UTF-8 right), semicolons."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(table.headers())
    lines: list[str] = []
    for values in table.rows(objects):
        lines.append(
            writer.writerow([csv_text(c.kind, v) for c, v in zip(table.columns, values, strict=True)])
        )
        if len(lines) >= 200:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def _count(objects) -> int:
    return objects.count() if isinstance(objects, QuerySet) else len(objects)


def export_response(
    request, table: Table, objects, *, file_format: str, unit: Unit | None = None, name: str = ""
) -> HttpResponse:
    """The file of ``objects`` in ``file_format`` ("xlsx" or "csv"), written to the audit log.

    ``objects`` is the list's filtered queryset (or list) before pagination; ``unit`` is the unit
    the export is about, if one (the audit log's unit); ``name`` replaces the file name's stem.
    """
    filename = f"{name or table.name}-{timezone.localdate():%Y%m%d}.{file_format}"
    filters = filters_of(request)
    details = {
        "format": file_format,
        "columns": len(table.columns),
        "filters": filters.urlencode() if filters else "",
    }
    if file_format == "xlsx":
        # Not a "with": the response streams the file and closes it when it is sent.
        output = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            rows = write_xlsx(table, objects, output)
        except BaseException:
            output.close()
            raise
        output.seek(0)
        response = FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    else:
        # Counted before the stream starts: the audit row is written even if the download breaks off.
        rows = _count(objects)
        response = StreamingHttpResponse(csv_lines(table, objects), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit.record(
        action=AuditAction.EXPORT,
        actor=request.user,
        target=f"{table.title}: {filename}",
        unit=unit,
        request=request,
        rows=rows,
        **details,
    )
    return response


def export_or_none(request, table: Table, objects, **options) -> HttpResponse | None:
    """The export the request asks for (``?format=xlsx`` or ``?format=csv``), else None (the page)."""
    file_format = requested_format(request)
    if file_format is None:
        return None
    return export_response(request, table, objects, file_format=file_format, **options)


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")
