"""The content check of evidence files: what each kind of evidence accepts, and ``check_evidence_file``.

Every file goes through ``check_evidence_file``: photos, scans and PDFs through the portal's one
upload gate (``core.uploads.validate_upload``, images re-encoded); raw data may also be an Excel
workbook (XLSX) or a CSV file, which that gate does not know, so they get their own content
checks here.
"""

import csv
import io
import re
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from core import uploads
from risalah.models import Evidence

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CONTENT_TYPES = {**uploads.CONTENT_TYPES, ".xlsx": XLSX_CONTENT_TYPE, ".csv": CSV_CONTENT_TYPE}
DATA_LABELS = {"xlsx": "Excel (XLSX)", "csv": "CSV"}
DATA_ACCEPT = {
    "xlsx": f"{XLSX_CONTENT_TYPE},.xlsx",
    "csv": "text/csv,.csv",
}

PHOTO_KINDS = uploads.IMAGE_KINDS
SCAN_KINDS = (*uploads.IMAGE_KINDS, "pdf")
DATA_KINDS = (*uploads.ALL_KINDS, "xlsx", "csv")

# Which files each kind of evidence accepts.
EVIDENCE_FILE_KINDS = {
    Evidence.DAFTAR_HADIR: SCAN_KINDS,
    Evidence.PHOTO_BEFORE: PHOTO_KINDS,
    Evidence.PHOTO_DURING: PHOTO_KINDS,
    Evidence.PHOTO_AFTER: PHOTO_KINDS,
    Evidence.RAW_DATA: DATA_KINDS,
    Evidence.SOP: SCAN_KINDS,
    Evidence.OTHER: DATA_KINDS,
}
# The order in which evidence is listed, on the page and in the printed risalah.
KIND_ORDER = [
    Evidence.DAFTAR_HADIR,
    Evidence.PHOTO_BEFORE,
    Evidence.PHOTO_DURING,
    Evidence.PHOTO_AFTER,
    Evidence.RAW_DATA,
    Evidence.SOP,
    Evidence.OTHER,
]
PHOTO_EVIDENCE = frozenset({Evidence.PHOTO_BEFORE, Evidence.PHOTO_DURING, Evidence.PHOTO_AFTER})

# A workbook is a zip archive; these bound what unpacking it could cost (a "zip bomb").
XLSX_MAX_MEMBERS = 2000
XLSX_MAX_UNPACKED = 100 * 1024 * 1024
_CSV_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A web page, an SVG drawing or any XML is no table, even when a reader splits it into rows.
_MARKUP = re.compile(r"^\s*<|<\s*(?:svg|html|script|body|iframe|!doctype|\?xml)\b", re.IGNORECASE)
CSV_DELIMITERS = (";", ",", "\t")


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the content check, ready to store."""

    content: ContentFile
    content_type: str
    original_name: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def kinds_label(kinds) -> str:
    """'JPEG, PNG, WebP, PDF, Excel (XLSX) or CSV'."""
    labels = [uploads.LABELS.get(kind) or DATA_LABELS[kind] for kind in kinds]
    return str(get_text_list(labels, _("or")))


def accept_attribute(kinds) -> str:
    return ",".join(uploads.ACCEPT.get(kind) or DATA_ACCEPT[kind] for kind in kinds)


def _wrong_kind(kinds) -> ValidationError:
    return ValidationError(
        _(
            "The file must be a %(kinds)s file. This file is something else, whatever its name says; "
            "please choose the right file."
        )
        % {"kinds": kinds_label(kinds)},
        code="wrong_kind",
    )


def _damaged_workbook() -> ValidationError:
    return ValidationError(
        _(
            "The Excel file is damaged or cannot be read. Please save it again as .xlsx and upload the new file."
        ),
        code="damaged_xlsx",
    )


def _too_large(size: int, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("The file is too large (%(size)s); at most %(max)s is allowed. Please make it smaller.")
        % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        code="too_large",
    )


def _read_limited(file, max_bytes: int) -> bytes:
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(size, max_bytes)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(size or len(data), max_bytes)
    return data


def check_xlsx(data: bytes) -> None:
    """An Office Open XML workbook without macros, whose unpacking cost is bounded."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > XLSX_MAX_MEMBERS or sum(m.file_size for m in members) > XLSX_MAX_UNPACKED:
                raise ValidationError(
                    _(
                        "The Excel file unpacks to far more data than a workbook holds; it cannot be accepted."
                    ),
                    code="xlsx_too_large",
                )
            if any(member.flag_bits & 0x1 for member in members):
                raise ValidationError(
                    _(
                        "The Excel file is protected with a password. Please remove the password and upload it again."
                    ),
                    code="xlsx_encrypted",
                )
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise _damaged_workbook()
            content_types = archive.read("[Content_Types].xml")
            if (
                any(name.lower().endswith("vbaproject.bin") for name in names)
                or b"macroEnabled" in content_types
            ):
                raise ValidationError(
                    _(
                        "The Excel file contains macros. Please save it as a plain workbook (.xlsx) and upload it again."
                    ),
                    code="xlsx_macros",
                )
            # Reads every member and checks its CRC: a truncated or corrupted upload fails here.
            if archive.testzip() is not None:
                raise _damaged_workbook()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # zipfile: a compression method it cannot read
        OSError,
        EOFError,
        RuntimeError,
        ValueError,
    ) as exc:
        raise _damaged_workbook() from exc


def check_csv(data: bytes, kinds) -> None:
    """UTF-8 text without NUL or other control bytes, no markup (HTML, SVG, XML), that reads as
    a table: a header row and rows of its width, split by semicolons, commas or tabs."""
    if b"\x00" in data:
        raise _wrong_kind(kinds)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _(
                "The CSV file is not UTF-8 text. In Excel choose “Save As” and the type “CSV UTF-8”, "
                "then upload the new file."
            ),
            code="csv_encoding",
        ) from exc
    if _CSV_CONTROL.search(text):
        raise _wrong_kind(kinds)
    if not text.strip():
        raise ValidationError(_("The CSV file has no data in it."), code="csv_empty")
    if _MARKUP.search(text):
        raise ValidationError(
            _(
                "This file is a web page or a drawing (HTML, SVG or XML), not a CSV table. "
                "Open the data in a spreadsheet program and save it as “CSV UTF-8”."
            ),
            code="csv_markup",
        )
    readable = False
    for delimiter in CSV_DELIMITERS:
        try:
            rows = _csv_rows(text, delimiter)
        except csv.Error:
            continue
        readable = True
        if _is_table(rows):
            return
    if not readable:
        raise ValidationError(
            _("The CSV file cannot be read as rows and columns. Please export it again."), code="csv_damaged"
        )
    raise ValidationError(
        _(
            "The CSV file does not read as a table: it needs a header row with at least two "
            "column names and below it rows with the same number of columns. "
            "Please save the sheet again as “CSV UTF-8”."
        ),
        code="csv_not_table",
    )


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    """The rows that are not empty, as the reader splits them with ``delimiter``."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    return [row for row in reader if any(cell.strip() for cell in row)]


def _is_table(rows: list[list[str]]) -> bool:
    """A header of at least two named columns, at least one row below it, and every row as wide
    as the header (cells past the header's last column may only be empty, as spreadsheets
    sometimes write them)."""
    if len(rows) < 2:
        return False
    header = list(rows[0])
    while header and not header[-1].strip():
        header.pop()
    width = len(header)
    if width < 2 or not all(cell.strip() for cell in header):
        return False
    return all(len(row) >= width and not any(cell.strip() for cell in row[width:]) for row in rows[1:])


def check_evidence_file(file, *, kinds) -> CheckedFile:
    """Check ``file`` by its content against the allowed ``kinds``; return what to store.

    Raises ValidationError with a message a clerk understands; nothing is stored here.
    """
    kinds = tuple(kinds)
    max_bytes = settings.UPLOAD_MAX_BYTES
    original_name = (getattr(file, "name", "") or "")[-200:]
    data = _read_limited(file, max_bytes)
    if not data:
        raise ValidationError(_("The file is empty. Please choose the file again."), code="empty")
    sniffed = uploads.sniff(data[:16])
    if sniffed is not None:
        if sniffed not in kinds:
            raise _wrong_kind(kinds)
        content = uploads.validate_upload(io.BytesIO(data), kinds=(sniffed,), max_bytes=max_bytes)
    elif data.startswith(b"PK\x03\x04") and "xlsx" in kinds:
        check_xlsx(data)
        content = ContentFile(data, name=f"{uuid.uuid4().hex}.xlsx")
    elif "csv" in kinds:
        check_csv(data, kinds)
        content = ContentFile(data, name=f"{uuid.uuid4().hex}.csv")
    else:
        raise _wrong_kind(kinds)
    suffix = "." + content.name.rsplit(".", 1)[-1]
    return CheckedFile(content=content, content_type=CONTENT_TYPES[suffix], original_name=original_name)
