"""Reading an uploaded spreadsheet (XLSX or UTF-8 CSV) into rows, and keeping the upload
between preview and confirmation in a private folder."""

import csv
import datetime
import io
import os
import re
import secrets
import time
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# An XLSX is a zip: refuse archives that would unpack to far more than any real sheet
# of MAX_ROWS rows (a "zip bomb").
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
# Spreadsheets often carry formatted but empty rows below the data; stop reading after
# this many empty rows in a row instead of walking a million of them.
MAX_BLANK_RUN = 1000
# Excel keeps 15 significant digits: a longer number typed into a numeric cell (a NIP)
# has already lost its last digits.
EXACT_DIGITS_LIMIT = 10**15


class FileRejected(Exception):
    """The upload is not a spreadsheet we can read; ``message`` says why, in words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Reading the file -------------------------------------------------------------------


@dataclass
class TableRow:
    number: int  # the row number a spreadsheet program shows
    values: dict[str, str]
    lossy: frozenset[str] = frozenset()  # columns holding a number too long to be exact
    # Columns whose XLSX cell held a number rather than text -> that number as stored
    # (``values`` has it as the sheet shows it: "3523.10" for 3523.1 formatted "0.00").
    numbers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NumberCell:
    """A numeric XLSX cell: the number, and its text as the spreadsheet program shows it."""

    value: int | float
    text: str


@dataclass
class Table:
    format: str  # "xlsx" or "csv"
    columns: list[str]
    ignored_columns: list[str]
    rows: list[TableRow]


def _normalise_header(value) -> str:
    return re.sub(r"[\s\-]+", "_", _cell_text(value).lower())


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, NumberCell):
        return value.text
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _collapse(str(value))


def _is_lossy(value) -> bool:
    if isinstance(value, NumberCell):
        value = value.value
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= EXACT_DIGITS_LIMIT


# Number formats whose text is easy to reproduce: "0", "00000" (leading zeros), "0.00".
PLAIN_NUMBER_FORMAT = re.compile(r"^(0+)(?:\.(0+))?$")


def _number_text(value: int | float, number_format: str) -> str:
    """The number as the spreadsheet shows it under a plain format, else as Python writes it."""
    match = PLAIN_NUMBER_FORMAT.match(number_format or "")
    if match and abs(value) < EXACT_DIGITS_LIMIT:
        width, decimals = len(match.group(1)), len(match.group(2) or "")
        text = f"{abs(value):.{decimals}f}"
        whole, _dot, fraction = text.partition(".")
        text = whole.zfill(width) + (f".{fraction}" if fraction else "")
        return "-" + text if value < 0 else text
    return _cell_text(value)


def _xlsx_cell_value(cell):
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return NumberCell(value=value, text=_number_text(value, getattr(cell, "number_format", "")))
    return value


# Documents and pictures that are sometimes uploaded by mistake; some of them (a simple
# PDF) would otherwise pass as text.
BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")


def detect_format(data: bytes) -> str:
    """``"xlsx"`` or ``"csv"`` from the content (never from the file name)."""
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise FileRejected(_("The file is damaged: it cannot be opened as an XLSX workbook.")) from exc
        if "xl/workbook.xml" not in names:
            raise FileRejected(
                _(
                    "This is not an Excel workbook (XLSX). "
                    "Save the sheet as .xlsx or as CSV (UTF-8) and try again."
                )
            )
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise FileRejected(
                _("The workbook is far too large once unpacked. Remove unneeded sheets and try again.")
            )
        return "xlsx"
    if data.startswith(BINARY_SIGNATURES):
        raise FileRejected(_("The file is neither an XLSX workbook nor a CSV text file."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            _("This is an old Excel file (.xls). Save it as .xlsx or as CSV (UTF-8) and try again.")
        )
    return "csv"


def _xlsx_raw_rows(data: bytes):
    """(row number, cell values) of the first worksheet."""
    try:
        # openpyxl warns about workbook features it ignores (styles, data validation);
        # they do not matter for reading values.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files; all mean "unreadable"
        raise FileRejected(
            _("The workbook cannot be read. Open it in a spreadsheet program and save it again.")
        ) from exc
    try:
        if not workbook.worksheets:
            raise FileRejected(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write wrong dimensions; read every row
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Cells, not values only: a code stored as a number is read as the sheet shows it.
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                yield number, [_xlsx_cell_value(cell) for cell in cells]
    finally:
        workbook.close()


# A web page, an SVG drawing or any XML is no table, even when a reader splits it into rows.
MARKUP = re.compile(r"^\s*<|<\s*(?:svg|html|script|body|iframe|!doctype|\?xml)\b", re.IGNORECASE)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _csv_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            _(
                "The file is neither an XLSX workbook nor a CSV text in UTF-8. "
                "In Excel choose “Save as” → “CSV UTF-8”, or upload the .xlsx file."
            )
        ) from exc
    if CONTROL_CHARACTERS.search(text):
        raise FileRejected(_("The file is neither an XLSX workbook nor a CSV text file."))
    if MARKUP.search(text):
        raise FileRejected(
            _(
                "This file is a web page or a drawing (HTML, SVG or XML), not a CSV table. "
                "Open the data in a spreadsheet program and save it as “CSV UTF-8”."
            )
        )
    return text


def _csv_raw_rows(text: str, columns: tuple[str, ...]):
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _sniff_delimiter(first_line, columns)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            yield number, [_csv_unescape(cell) for cell in cells]
    except csv.Error as exc:
        raise FileRejected(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


def _csv_unescape(cell: str) -> str:
    """Undo the apostrophe that core.spreadsheets puts before a value that looks like a formula."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def _sniff_delimiter(header_line: str, columns: tuple[str, ...]) -> str:
    """The delimiter under which the header line names the most known columns."""
    best, best_score = ",", -1
    for delimiter in (";", ",", "\t"):
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        score = sum(1 for cell in cells if _normalise_header(cell) in columns)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_table(data: bytes, *, columns: tuple[str, ...], required: tuple[str, ...]) -> Table:
    """Check and read an uploaded spreadsheet. Raises FileRejected with a reason in words.

    The header is the first non-empty row; its names are matched case-insensitively.
    Empty rows are skipped but keep their row numbers.
    """
    if len(data) > MAX_BYTES:
        raise FileRejected(_("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // (1024 * 1024)})
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    file_format = detect_format(data)
    raw_rows = _xlsx_raw_rows(data) if file_format == "xlsx" else _csv_raw_rows(_csv_text(data), columns)

    header: list[str] | None = None
    rows: list[TableRow] = []
    blank_run = 0
    for number, values in raw_rows:
        if all(_cell_text(value) == "" for value in values):
            blank_run += 1
            if header is not None and blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if header is None:
            header = [_normalise_header(value) for value in values]
            _check_header(header, columns, required)
            continue
        if len(rows) >= MAX_ROWS:
            raise FileRejected(
                _("The file has more than %(max)d rows; split it into smaller files.") % {"max": MAX_ROWS}
            )
        row_values = dict.fromkeys(columns, "")
        lossy = set()
        numbers = {}
        for name, value in zip(header, values, strict=False):
            if name in columns:
                row_values[name] = _cell_text(value)
                if _is_lossy(value):
                    lossy.add(name)
                if isinstance(value, NumberCell):
                    numbers[name] = _cell_text(value.value)
        rows.append(TableRow(number=number, values=row_values, lossy=frozenset(lossy), numbers=numbers))
    if header is None:
        raise FileRejected(_("The file is empty."))
    if not rows:
        raise FileRejected(_("The file has a header row but no data rows."))
    return Table(
        format=file_format,
        columns=[name for name in header if name in columns],
        ignored_columns=[name for name in header if name and name not in columns],
        rows=rows,
    )


def _check_header(header: list[str], columns: tuple[str, ...], required: tuple[str, ...]) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise FileRejected(
            _(
                "The first row must name the columns. Missing: %(missing)s. "
                "Download the template to see the expected columns."
            )
            % {"missing": ", ".join(missing)}
        )
    seen = set()
    for name in header:
        if name in columns and name in seen:
            raise FileRejected(
                _("The column '%(column)s' appears twice in the first row.") % {"column": name}
            )
        seen.add(name)


# --- Keeping the upload between preview and confirmation -------------------------------

STASH_NAME = re.compile(r"^[A-Za-z0-9_-]{20,64}\.(xlsx|csv)$")
STASH_MAX_AGE_SECONDS = 24 * 60 * 60
STASH_FOLDER = "imports"


def _on_disk() -> bool:
    """True when uploads are files under MEDIA_ROOT; otherwise (MEDIA_STORAGE=s3) the stash is
    in the default storage too, so that the app server that confirms finds what another one
    previewed."""
    return isinstance(default_storage, FileSystemStorage)


def _stash_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / STASH_FOLDER
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def stash_save(*, data: bytes, file_format: str) -> str:
    """Keep an upload under a random name; returns that name (for the session)."""
    stash_purge_stale()
    name = f"{secrets.token_urlsafe(24)}.{file_format}"
    if not _on_disk():
        default_storage.save(f"{STASH_FOLDER}/{name}", ContentFile(data))
        return name
    descriptor = os.open(_stash_dir() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return name


def stash_read(name: str) -> bytes | None:
    if not isinstance(name, str) or not STASH_NAME.match(name):
        return None
    try:
        if not _on_disk():
            with default_storage.open(f"{STASH_FOLDER}/{name}", "rb") as handle:
                return handle.read()
        return (_stash_dir() / name).read_bytes()
    except FileNotFoundError:
        return None


def stash_delete(name: str) -> None:
    if isinstance(name, str) and STASH_NAME.match(name):
        if not _on_disk():
            default_storage.delete(f"{STASH_FOLDER}/{name}")
            return
        (_stash_dir() / name).unlink(missing_ok=True)


def stash_purge_stale(max_age_seconds: int = STASH_MAX_AGE_SECONDS) -> None:
    """Remove uploads whose preview was abandoned more than a day ago."""
    limit = time.time() - max_age_seconds
    if not _on_disk():
        for name in default_storage.listdir(STASH_FOLDER)[1]:
            stored = f"{STASH_FOLDER}/{name}"
            if STASH_NAME.match(name) and default_storage.get_modified_time(stored).timestamp() < limit:
                default_storage.delete(stored)
        return
    for path in _stash_dir().iterdir():
        if STASH_NAME.match(path.name) and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
