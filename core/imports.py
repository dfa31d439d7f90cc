"""Imports of units and accounts from a spreadsheet (XLSX or CSV).

Three stages, kept apart so that the preview and the confirmation run the same checks:

1. ``read_table`` turns the uploaded bytes into rows (spreadsheet row numbers kept), after
   checking that the file really is an XLSX workbook or a UTF-8 CSV text.
2. ``plan_unit_import`` / ``plan_account_import`` compare every row with the database and
   give each one an outcome (new, changed, unchanged) or its errors in words. They write
   nothing.
3. ``unit_import_apply`` / ``account_import_apply`` carry out a plan without errors in one
   transaction. The views build a fresh plan at confirmation time and apply that one.

Between preview and confirmation the uploaded file waits in a private folder under
MEDIA_ROOT (there is no MEDIA_URL: nothing there is served), named by a random token that
only the uploader's session knows.
"""

import csv
import datetime
import hashlib
import io
import json
import os
import re
import secrets
import time
import warnings
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit, permissions
from core.models import AuditAction, Role, RoleAssignment, Unit, UnitKind, User
from core.services import account_create, role_grant
from core.unit_services import unit_create, unit_update

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

UNIT_COLUMNS = ("kode", "nama", "nama_singkat", "jenis", "induk", "aktif")
UNIT_REQUIRED = ("kode", "nama", "jenis", "induk")
ACCOUNT_COLUMNS = ("username", "email", "nama", "nip", "unit", "peran", "unit_peran")
ACCOUNT_REQUIRED = ("username", "email", "nama", "unit", "peran")

IMPORTABLE_ROLES = (Role.OPERATOR, Role.VERIFIKATOR, Role.PIMPINAN)

TRUE_WORDS = {"ya", "y", "yes", "1", "true", "benar", "aktif"}
FALSE_WORDS = {"tidak", "t", "no", "n", "0", "false", "salah", "nonaktif", "non aktif", "tidak aktif"}

# Words a clerk may write in the "jenis" column besides the codes and the labels.
KIND_SYNONYMS = {
    "kabupaten": UnitKind.PEMKAB,
    "pemerintah kabupaten": UnitKind.PEMKAB,
    "kota": UnitKind.PEMKOT,
    "pemerintah kota": UnitKind.PEMKOT,
    "provinsi": UnitKind.PEMPROV,
    "pemerintah provinsi": UnitKind.PEMPROV,
    "organisasi perangkat daerah": UnitKind.OPD,
    "perangkat daerah": UnitKind.OPD,
    "dinas": UnitKind.OPD,
    "badan": UnitKind.OPD,
    "rumah sakit": UnitKind.RSUD,
    "rumah sakit umum daerah": UnitKind.RSUD,
    "unit pelaksana teknis": UnitKind.UPT,
    "lain-lain": UnitKind.OTHER,
    "lain lain": UnitKind.OTHER,
}


class FileRejected(Exception):
    """The upload is not a spreadsheet we can read; ``message`` says why, in words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Outcome:
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"

    LABELS = {
        NEW: gettext_lazy("new"),
        CHANGED: gettext_lazy("changed"),
        UNCHANGED: gettext_lazy("unchanged"),
        ERROR: gettext_lazy("error"),
    }


# --- Reading the file -------------------------------------------------------------------


@dataclass
class TableRow:
    number: int  # the row number a spreadsheet program shows
    values: dict[str, str]
    lossy: frozenset[str] = frozenset()  # columns holding a number too long to be exact


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
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= EXACT_DIGITS_LIMIT


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
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(values)
    finally:
        workbook.close()


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
    return text


def _csv_raw_rows(text: str, columns: tuple[str, ...]):
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _sniff_delimiter(first_line, columns)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise FileRejected(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


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
        for name, value in zip(header, values, strict=False):
            if name in columns:
                row_values[name] = _cell_text(value)
                if _is_lossy(value):
                    lossy.add(name)
        rows.append(TableRow(number=number, values=row_values, lossy=frozenset(lossy)))
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


def _stash_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "imports"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def stash_save(*, data: bytes, file_format: str) -> str:
    """Keep an upload under a random name; returns that name (for the session)."""
    stash_purge_stale()
    name = f"{secrets.token_urlsafe(24)}.{file_format}"
    descriptor = os.open(_stash_dir() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return name


def stash_read(name: str) -> bytes | None:
    if not isinstance(name, str) or not STASH_NAME.match(name):
        return None
    try:
        return (_stash_dir() / name).read_bytes()
    except FileNotFoundError:
        return None


def stash_delete(name: str) -> None:
    if isinstance(name, str) and STASH_NAME.match(name):
        (_stash_dir() / name).unlink(missing_ok=True)


def stash_purge_stale(max_age_seconds: int = STASH_MAX_AGE_SECONDS) -> None:
    """Remove uploads whose preview was abandoned more than a day ago."""
    limit = time.time() - max_age_seconds
    for path in _stash_dir().iterdir():
        if STASH_NAME.match(path.name) and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


# --- Plans shared parts -----------------------------------------------------------------


@dataclass
class PlanRow:
    number: int
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outcome: str = Outcome.UNCHANGED

    @property
    def outcome_label(self):
        return Outcome.LABELS[self.outcome]

    def error(self, message: str, **params) -> None:
        self.errors.append(message % {"row": self.number, **params})


@dataclass
class Plan:
    rows: list
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.error_rows

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in Outcome.LABELS}

    @property
    def has_changes(self) -> bool:
        return any(row.outcome in (Outcome.NEW, Outcome.CHANGED) for row in self.rows)

    @property
    def fingerprint(self) -> str:
        """A digest of what the preview showed; the confirmation must match it."""
        summary = [(row.number, row.outcome, row.changes, row.errors) for row in self.rows]
        return hashlib.sha256(json.dumps(summary, default=str).encode()).hexdigest()


def _finish_outcome(row: PlanRow, *, is_new: bool) -> None:
    if row.errors:
        row.outcome = Outcome.ERROR
    elif is_new:
        row.outcome = Outcome.NEW
    elif row.changes:
        row.outcome = Outcome.CHANGED
    else:
        row.outcome = Outcome.UNCHANGED


def _check_lossy(row: PlanRow, table_row: TableRow) -> None:
    for column in sorted(table_row.lossy):
        row.error(
            _(
                "row %(row)d: column '%(column)s' holds a long number that the spreadsheet may have "
                "rounded; format the column as text and type the value again"
            ),
            column=column,
        )


def _duplicates(rows, key) -> dict[str, list[int]]:
    """Row numbers per key value that occurs more than once (empty values ignored)."""
    numbers: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        value = key(row)
        if value:
            numbers[value].append(row.number)
    return {value: found for value, found in numbers.items() if len(found) > 1}


def _fold(text: str) -> str:
    return _collapse(text).casefold()


# --- Units ------------------------------------------------------------------------------


def kind_aliases() -> dict[str, str]:
    """Every accepted spelling of a kind (folded) -> the kind's code."""
    aliases: dict[str, str] = {}
    for kind in UnitKind:
        aliases[_fold(kind.value)] = kind.value
        for language in ("en", "id"):
            with translation.override(language):
                label = str(kind.label)
            aliases[_fold(label)] = kind.value
            short = re.search(r"\(([^)]+)\)\s*$", label)
            if short:
                aliases[_fold(short.group(1))] = kind.value
    for word, kind in KIND_SYNONYMS.items():
        aliases.setdefault(_fold(word), kind.value)
    return aliases


def parse_active(text: str) -> bool | None:
    folded = _fold(text)
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    return None


@dataclass
class UnitRow(PlanRow):
    code: str = ""
    name: str = ""
    short_name: str = ""
    kind: str = ""
    parent_ref: str = ""
    is_active: bool = True
    existing: Unit | None = None
    parent_code: str | None = None  # the code of the parent after the import
    parent_label: str = ""
    parent_changed: bool = False
    parent_ok: bool = False

    @property
    def kind_label(self) -> str:
        return UnitKind(self.kind).label if self.kind in UnitKind.values else ""


@dataclass
class UnitImportPlan(Plan):
    pass


def _unit_label(name: str, code: str) -> str:
    return f"{name} ({code})"


def plan_unit_import(*, table: Table, user: User) -> UnitImportPlan:
    """Compare the rows of a unit sheet with the tree. Writes nothing.

    Loads all units in one query and works in memory, so the number of queries does not
    depend on the number of rows.
    """
    access = permissions.access_for(user)

    def manages(unit: Unit) -> bool:
        return access.covers(unit, permissions.UNIT_ADMIN_ROLES)

    def reads(unit: Unit) -> bool:
        return manages(unit) or access.covers(unit, permissions.READ_ROLES)

    units = list(Unit.objects.all())
    by_code = {unit.code: unit for unit in units}
    by_path = {unit.path: unit for unit in units}

    def db_parent(unit: Unit) -> Unit | None:
        return by_path.get(unit.path[: -Unit.steplen]) if unit.depth > 1 else None

    aliases = kind_aliases()
    kind_names = ", ".join(kind.value for kind in UnitKind)
    rows: list[UnitRow] = []
    for table_row in table.rows:
        values = table_row.values
        row = UnitRow(
            number=table_row.number,
            code=values["kode"],
            name=values["nama"],
            short_name=values.get("nama_singkat", ""),
            parent_ref=values["induk"],
        )
        _check_lossy(row, table_row)
        row.existing = by_code.get(row.code) if row.code else None
        if not row.code:
            row.error(_("row %(row)d: the code (kode) is missing"))
        elif len(row.code) > 40:
            row.error(
                _("row %(row)d: the code '%(code)s' is longer than %(max)d characters"), code=row.code, max=40
            )
        elif row.existing is not None and not manages(row.existing):
            row.error(
                _("row %(row)d: the code '%(code)s' belongs to a unit outside your units"), code=row.code
            )
        if not row.name:
            row.error(_("row %(row)d: the name (nama) is missing"))
        elif len(row.name) > 200:
            row.error(_("row %(row)d: the name is longer than %(max)d characters"), max=200)
        if not row.short_name:
            if row.existing is not None:
                row.short_name = row.existing.short_name
            elif len(row.name) <= 60:
                row.short_name = row.name
            else:
                row.error(
                    _(
                        "row %(row)d: the short name (nama_singkat) is missing "
                        "and the name is too long to use instead"
                    )
                )
        elif len(row.short_name) > 60:
            row.error(_("row %(row)d: the short name is longer than %(max)d characters"), max=60)
        kind_text = values["jenis"]
        if not kind_text:
            if row.existing is not None:
                row.kind = row.existing.kind
            else:
                row.error(_("row %(row)d: the kind (jenis) is missing"))
        elif _fold(kind_text) in aliases:
            row.kind = aliases[_fold(kind_text)]
        else:
            row.error(
                _("row %(row)d: unknown kind '%(kind)s'; use one of: %(choices)s"),
                kind=kind_text,
                choices=kind_names,
            )
        active_text = values.get("aktif", "")
        if not active_text:
            row.is_active = row.existing.is_active if row.existing is not None else True
        else:
            active = parse_active(active_text)
            if active is None:
                row.error(_("row %(row)d: 'aktif' must be ya or tidak, not '%(value)s'"), value=active_text)
            else:
                row.is_active = active
        rows.append(row)

    duplicates = _duplicates(rows, lambda row: row.code)
    file_rows: dict[str, UnitRow] = {}
    for row in rows:
        if row.code in duplicates:
            others = ", ".join(str(number) for number in duplicates[row.code] if number != row.number)
            row.error(
                _("row %(row)d: the code '%(code)s' is also used in row %(others)s"),
                code=row.code,
                others=others,
            )
        if row.code:
            file_rows.setdefault(row.code, row)

    # Names and short names a parent may be given by: the file's rows as they will be, and
    # the units the user can see that the file does not mention.
    name_index: dict[str, set[str]] = defaultdict(set)
    short_index: dict[str, set[str]] = defaultdict(set)
    for code, row in file_rows.items():
        name_index[_fold(row.name)].add(code)
        short_index[_fold(row.short_name)].add(code)
    for unit in units:
        if unit.code not in file_rows and reads(unit):
            name_index[_fold(unit.name)].add(unit.code)
            short_index[_fold(unit.short_name)].add(unit.code)

    def label_of(code: str) -> str:
        if code in file_rows:
            return _unit_label(file_rows[code].name, code)
        return _unit_label(by_code[code].name, code)

    for row in rows:
        current_parent = db_parent(row.existing) if row.existing is not None else None
        if not row.parent_ref:
            if row.existing is not None:
                row.parent_code = current_parent.code if current_parent else None
                row.parent_ok = True
            elif not access.is_admin:
                row.error(
                    _(
                        "row %(row)d: the parent (induk) is missing; "
                        "only an administrator can add a top-level unit"
                    )
                )
            else:
                row.parent_ok = True
        else:
            ref = row.parent_ref
            if ref in file_rows or ref in by_code:
                candidates = {ref}
            else:
                candidates = name_index.get(_fold(ref)) or short_index.get(_fold(ref)) or set()
            if not candidates:
                row.error(_("row %(row)d: parent '%(parent)s' not found"), parent=ref)
            elif len(candidates) > 1:
                row.error(
                    _("row %(row)d: parent '%(parent)s' matches several units; use its code"), parent=ref
                )
            else:
                row.parent_code = next(iter(candidates))
                row.parent_ok = True
        if not row.parent_ok:
            continue
        current_code = current_parent.code if current_parent else None
        row.parent_changed = row.existing is None or row.parent_code != current_code
        if row.parent_code is not None:
            row.parent_label = label_of(row.parent_code)
        if row.parent_code is not None and row.parent_code == row.code:
            row.error(
                _("row %(row)d: the unit cannot be placed under '%(parent)s', which is itself"),
                parent=row.parent_ref,
            )
            row.parent_ok = False
        elif row.parent_changed and row.parent_code is None and not access.is_admin:
            row.error(_("row %(row)d: only an administrator can make a unit a top-level unit"))
            row.parent_ok = False
        elif row.parent_changed and row.parent_code in by_code and not manages(by_code[row.parent_code]):
            row.error(_("row %(row)d: parent '%(parent)s' is outside your units"), parent=row.parent_ref)
            row.parent_ok = False

    # Loops: follow each moved or new unit's parents as they will be after the import.
    def parent_after(code: str) -> str | None:
        if code in file_rows:
            return file_rows[code].parent_code
        parent = db_parent(by_code[code])
        return parent.code if parent else None

    limit = len(units) + len(rows) + 1
    for row in rows:
        if not (row.parent_ok and row.parent_changed and row.parent_code):
            continue
        seen: set[str] = set()
        step = row.parent_code
        while step is not None and step not in seen and len(seen) < limit:
            if step == row.code:
                row.error(
                    _(
                        "row %(row)d: the unit cannot be placed under '%(parent)s', "
                        "which lies under the unit itself"
                    ),
                    parent=row.parent_ref,
                )
                row.parent_ok = False
                break
            seen.add(step)
            step = parent_after(step)

    field_labels = {
        name: str(Unit._meta.get_field(name).verbose_name) for name in ("name", "short_name", "kind")
    }
    for row in rows:
        unit = row.existing
        if unit is not None and not row.errors:
            for name, old, new in (
                ("name", unit.name, row.name),
                ("short_name", unit.short_name, row.short_name),
            ):
                if old != new:
                    row.changes.append(f"{field_labels[name]}: {old} → {new}")
            if unit.kind != row.kind:
                row.changes.append(f"{field_labels['kind']}: {unit.get_kind_display()} → {row.kind_label}")
            if unit.is_active != row.is_active:
                row.changes.append(
                    _("active: %(old)s → %(new)s")
                    % {"old": _yes_no(unit.is_active), "new": _yes_no(row.is_active)}
                )
            if row.parent_changed:
                parent = db_parent(unit)
                old = _unit_label(parent.name, parent.code) if parent else _("none (top level)")
                new = row.parent_label or _("none (top level)")
                row.changes.append(_("parent: %(old)s → %(new)s") % {"old": old, "new": new})
        _finish_outcome(row, is_new=unit is None)
    return UnitImportPlan(rows=rows, ignored_columns=table.ignored_columns)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


@transaction.atomic
def unit_import_apply(*, plan: UnitImportPlan, by: User) -> dict[str, int]:
    """Create and change the units of a plan without errors, parents before children."""
    if not plan.is_valid:
        raise ValueError("a plan with errors cannot be applied")
    pending = [row for row in plan.rows if row.outcome in (Outcome.NEW, Outcome.CHANGED)]
    if not pending:
        return plan.counts
    pending_by_code = {row.code: row for row in pending}

    def file_depth(row: UnitRow) -> int:
        depth, step = 0, row
        while step.parent_code in pending_by_code and step.parent_changed:
            depth += 1
            step = pending_by_code[step.parent_code]
        return depth

    levels: dict[int, list[UnitRow]] = defaultdict(list)
    for row in pending:
        levels[file_depth(row)].append(row)
    # Parents first. Within a level, moves go first (they may shift the paths of the new
    # units' parents), then the new units are added parent by parent.
    for depth in sorted(levels):
        level = levels[depth]
        for row in sorted((row for row in level if row.outcome == Outcome.CHANGED), key=lambda row: row.name):
            parent = Unit.objects.get(code=row.parent_code) if row.parent_code else None
            unit_update(unit=Unit.objects.get(code=row.code), parent=parent, by=by, **_unit_fields(row))
        _create_units([row for row in level if row.outcome == Outcome.NEW], by=by)
    counts = plan.counts
    audit.record(action=AuditAction.IMPORT, actor=by, target=_("units"), **counts)
    return counts


def _unit_fields(row: UnitRow) -> dict:
    return {
        "kind": row.kind,
        "name": row.name,
        "short_name": row.short_name,
        "code": row.code,
        "is_active": row.is_active,
    }


def _create_units(rows: list[UnitRow], *, by: User) -> None:
    """Add the new units of one level of the import, grouped by parent.

    Inserting one node at a time costs some fifteen queries (treebeard keeps siblings in
    name order by shifting paths). When a parent's new children all sort after its present
    children, which is the case for a new parent or a list appended to, their paths are
    computed here and the rows written with one bulk insert. Otherwise the units are added
    one by one in their sorted places.
    """
    by_parent: dict[str | None, list[UnitRow]] = defaultdict(list)
    for row in rows:
        by_parent[row.parent_code].append(row)
    for parent_code, children in by_parent.items():
        children.sort(key=lambda row: row.name)
        parent = Unit.objects.get(code=parent_code) if parent_code else None
        last = None
        if parent is not None:
            last = (
                Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .first()
            )
        if parent is None or (last is not None and children[0].name < last.name):
            for row in children:
                unit_create(parent=parent, by=by, **_unit_fields(row))
            continue
        first_position = last._get_lastpos_in_path() + 1 if last is not None else 1
        depth = parent.depth + 1
        Unit.objects.bulk_create(
            Unit(
                path=Unit._get_path(parent.path, depth, first_position + offset),
                depth=depth,
                numchild=0,
                **_unit_fields(row),
            )
            for offset, row in enumerate(children)
        )
        Unit.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(children))


# --- Accounts ---------------------------------------------------------------------------


def role_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for role in Role:
        for language in ("en", "id"):
            with translation.override(language):
                aliases[_fold(str(role.label))] = role.value
        aliases[_fold(role.value)] = role.value
    aliases["administrator"] = Role.ADMIN
    return aliases


@dataclass
class AccountRow(PlanRow):
    username: str = ""
    email: str = ""
    full_name: str = ""
    nip: str = ""
    unit_code: str = ""
    role_text: str = ""
    role_unit_code: str = ""
    existing: User | None = None
    unit: Unit | None = None
    roles: list[tuple[str, Unit]] = field(default_factory=list)
    new_roles: list[tuple[str, Unit]] = field(default_factory=list)

    @property
    def role_labels(self) -> list[str]:
        return [f"{Role(role).label} — {unit}" for role, unit in self.roles]


@dataclass
class AccountImportPlan(Plan):
    pass


def plan_account_import(*, table: Table, user: User) -> AccountImportPlan:
    """Compare the rows of an account sheet with the accounts. Writes nothing.

    A fixed number of queries: the units, the matching usernames, the matching e-mail
    addresses and the existing accounts' roles.
    """
    access = permissions.access_for(user)

    def manages(unit: Unit) -> bool:
        return access.covers(unit, permissions.UNIT_ADMIN_ROLES)

    units_by_code = {unit.code: unit for unit in Unit.objects.all()}
    aliases = role_aliases()
    role_names = ", ".join(role.value for role in IMPORTABLE_ROLES)
    username_validator = User.username_validator

    rows: list[AccountRow] = []
    for table_row in table.rows:
        values = table_row.values
        rows.append(
            AccountRow(
                number=table_row.number,
                username=values["username"],
                email=values["email"],
                full_name=values["nama"],
                nip=re.sub(r"[\s.]", "", values.get("nip", "")),
                unit_code=values["unit"],
                role_text=values["peran"],
                role_unit_code=values.get("unit_peran", ""),
            )
        )
        _check_lossy(rows[-1], table_row)

    usernames = {row.username.lower() for row in rows if row.username}
    existing_by_username = {
        account.username.lower(): account
        for account in User.objects.annotate(username_lower=Lower("username"))
        .filter(username_lower__in=usernames)
        .select_related("unit")
    }
    emails = {row.email.lower() for row in rows if row.email}
    taken_emails = {
        email.lower(): username.lower()
        for email, username in User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email", "username")
    }
    held_roles = set()
    if existing_by_username:
        held_roles = set(
            RoleAssignment.objects.filter(user__in=existing_by_username.values()).values_list(
                "user_id", "role", "unit_id"
            )
        )
    duplicate_usernames = _duplicates(rows, lambda row: row.username.lower())
    duplicate_emails = _duplicates(rows, lambda row: row.email.lower())

    def unit_for(row: AccountRow, code: str) -> Unit | None:
        unit = units_by_code.get(code)
        if unit is None:
            row.error(_("row %(row)d: unit '%(unit)s' not found"), unit=code)
        elif not manages(unit):
            row.error(_("row %(row)d: unit '%(unit)s' is outside your units"), unit=code)
            return None
        return unit

    for row in rows:
        # Who the row is about.
        if not row.username:
            row.error(_("row %(row)d: the username is missing"))
        elif len(row.username) > 150:
            row.error(_("row %(row)d: the username is longer than %(max)d characters"), max=150)
        else:
            try:
                username_validator(row.username)
            except ValidationError:
                row.error(
                    _(
                        "row %(row)d: the username '%(username)s' may contain "
                        "only letters, digits and @ . + - _"
                    ),
                    username=row.username,
                )
        if row.username.lower() in duplicate_usernames:
            others = ", ".join(
                str(number) for number in duplicate_usernames[row.username.lower()] if number != row.number
            )
            row.error(
                _("row %(row)d: the username '%(username)s' is also used in row %(others)s"),
                username=row.username,
                others=others,
            )
        row.existing = existing_by_username.get(row.username.lower()) if row.username else None
        if (
            row.existing is not None
            and not access.is_admin
            and (row.existing.unit is None or not manages(row.existing.unit))
        ):
            row.error(
                _(
                    "row %(row)d: the username '%(username)s' is already taken "
                    "by an account outside your units"
                ),
                username=row.username,
            )

        # Personal data: checked in full for new accounts; an existing account keeps its own.
        if row.existing is None:
            if not row.email:
                row.error(_("row %(row)d: the e-mail address is missing"))
            else:
                try:
                    validate_email(row.email)
                except ValidationError:
                    row.error(_("row %(row)d: '%(email)s' is not a valid e-mail address"), email=row.email)
                else:
                    if row.email.lower() in taken_emails:
                        row.error(
                            _(
                                "row %(row)d: the e-mail address '%(email)s' "
                                "is already used by another account"
                            ),
                            email=row.email,
                        )
                if row.email.lower() in duplicate_emails:
                    others = ", ".join(
                        str(number) for number in duplicate_emails[row.email.lower()] if number != row.number
                    )
                    row.error(
                        _("row %(row)d: the e-mail address '%(email)s' is also used in row %(others)s"),
                        email=row.email,
                        others=others,
                    )
            if not row.full_name:
                row.error(_("row %(row)d: the full name (nama) is missing"))
            elif len(row.full_name) > 150:
                row.error(_("row %(row)d: the full name is longer than %(max)d characters"), max=150)
            if row.nip and not re.fullmatch(r"\d{18}", row.nip):
                row.error(_("row %(row)d: the NIP must be 18 digits, not '%(nip)s'"), nip=row.nip)
        else:
            account = row.existing
            differs = (
                (row.email and row.email.lower() != account.email.lower())
                or (row.full_name and row.full_name != account.full_name)
                or (row.nip and row.nip != account.nip)
                or (row.unit_code and (account.unit is None or account.unit.code != row.unit_code))
            )
            if differs:
                row.notes.append(
                    _(
                        "The account already exists: its e-mail address, name, NIP and unit "
                        "are left as they are."
                    )
                )

        # Where and what.
        if not row.unit_code:
            row.error(_("row %(row)d: the unit code is missing"))
        else:
            row.unit = unit_for(row, row.unit_code)
        role_unit = row.unit
        if row.role_unit_code:
            role_unit = unit_for(row, row.role_unit_code)
        role_words = [word.strip() for word in re.split(r"[,;/]", row.role_text) if word.strip()]
        if not role_words:
            row.error(_("row %(row)d: no role given; use %(choices)s"), choices=role_names)
        for word in role_words:
            role = aliases.get(_fold(word))
            if role == Role.ADMIN:
                row.error(_("row %(row)d: the administrator role cannot be given by import"))
            elif role is None:
                row.error(
                    _("row %(row)d: unknown role '%(role)s'; use %(choices)s"), role=word, choices=role_names
                )
            elif role_unit is not None and (role, role_unit) not in row.roles:
                row.roles.append((role, role_unit))

        if row.existing is not None and not row.errors:
            for role, unit in row.roles:
                if (row.existing.pk, role, unit.pk) not in held_roles:
                    row.new_roles.append((role, unit))
                    row.changes.append(
                        _("new role: %(role)s — %(unit)s") % {"role": Role(role).label, "unit": unit}
                    )
        _finish_outcome(row, is_new=row.existing is None)
    return AccountImportPlan(rows=rows, ignored_columns=table.ignored_columns)


@transaction.atomic
def account_import_apply(*, plan: AccountImportPlan, by: User, base_url: str) -> dict[str, int]:
    """Create the new accounts (each invited by e-mail after commit) and grant new roles."""
    if not plan.is_valid:
        raise ValueError("a plan with errors cannot be applied")
    for row in plan.rows:
        if row.outcome == Outcome.NEW:
            account_create(
                username=row.username,
                email=row.email,
                full_name=row.full_name,
                nip=row.nip,
                unit=row.unit,
                roles=row.roles,
                by=by,
                base_url=base_url,
            )
        elif row.outcome == Outcome.CHANGED:
            for role, unit in row.new_roles:
                role_grant(user=row.existing, role=role, unit=unit, by=by)
    counts = plan.counts
    audit.record(action=AuditAction.IMPORT, actor=by, target=_("accounts"), **counts)
    return counts
