"""An OPD's evidence pack for the bureaucratic-reform (RB) evaluation, as one ZIP file.

For a programme year and a unit (its whole subtree):

- ``01-SK/``: the scanned SK of every group of the year that has one, as uploaded;
- ``02-Bimtek/``: the attendance of the unit's people at the Bimtek of the year (XLSX);
- ``03-Sertifikat-Gelar/``: the Gelar certificates of the unit's groups (PDF, as
  :mod:`events.certificate_pdf` prints them);
- ``04-Risalah/``: the verified risalah of the unit's groups (PDF, as :mod:`risalah.pdf` prints
  them; one per group, its newest verified revision);
- ``index.csv``: every file with what it is, its group and unit, its size and SHA-256;
- ``README.txt``: what the pack holds, in the portal's language.

Uploaded files are read through their storage (never from a path on disk) and copied into the
archive in chunks; the archive is written into a temporary file, which the caller streams and
closes. The queries do not grow with the number of files, except those of each printed risalah.
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.exports import DATE, DATETIME, Column, Table, write_xlsx, yes_no
from core.models import Unit
from core.spreadsheets import csv_bytes
from events.certificate_pdf import render_certificate_pdf
from events.models import BimtekParticipant, Certificate, EventKind
from groups.models import GroupYear, ProgrammeYear
from reports.documents import heading_for, verified_risalah
from reports.queries import population
from risalah.pdf_cache import cached_risalah_pdf

SK_FOLDER = "01-SK"
BIMTEK_FOLDER = "02-Bimtek"
CERTIFICATE_FOLDER = "03-Sertifikat-Gelar"
RISALAH_FOLDER = "04-Risalah"
INDEX_NAME = "index.csv"
README_NAME = "README.txt"
CHUNK = 1024 * 1024
# Already compressed: stored as they are, so that the pack is not slower for nothing.
STORED_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".webp", ".xlsx", ".zip"}


@dataclass
class Entry:
    """One file of the pack, as the index lists it."""

    path: str
    contents: str
    unit: str = ""
    group: str = ""
    description: str = ""
    size: int = 0
    sha256: str = ""


@dataclass
class Pack:
    """The archive being written and what went into it."""

    archive: zipfile.ZipFile
    stamp: tuple[int, int, int, int, int, int]
    entries: list[Entry] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # stored names not found in the storage
    names: set[str] = field(default_factory=set)

    def _unique(self, path: str) -> str:
        candidate, number = path, 1
        stem, suffix = str(PurePosixPath(path).with_suffix("")), PurePosixPath(path).suffix
        while candidate.lower() in self.names:
            number += 1
            candidate = f"{stem}-{number}{suffix}"
        self.names.add(candidate.lower())
        return candidate

    def _info(self, path: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(path, date_time=self.stamp)
        stored = PurePosixPath(path).suffix.lower() in STORED_SUFFIXES
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        return info

    def add_chunks(self, entry: Entry, chunks: Iterator[bytes]) -> Entry:
        entry.path = self._unique(entry.path)
        digest = hashlib.sha256()
        with self.archive.open(self._info(entry.path), "w") as target:
            for chunk in chunks:
                digest.update(chunk)
                entry.size += len(chunk)
                target.write(chunk)
        entry.sha256 = digest.hexdigest()
        self.entries.append(entry)
        return entry

    def add_bytes(self, entry: Entry, data: bytes) -> Entry:
        return self.add_chunks(entry, iter([data]))

    def add_stored(self, entry: Entry, field_file) -> Entry | None:
        """A file from its storage (opened by name, read in chunks); None if it is not there."""
        try:
            handle = field_file.storage.open(field_file.name, "rb")
        except FileNotFoundError:
            self.missing.append(entry.path)
            return None
        with handle:
            return self.add_chunks(entry, iter(lambda: handle.read(CHUNK), b""))

    def add_plain(self, path: str, data: bytes) -> None:
        """The index and the README: in the archive, not in the index."""
        self.archive.writestr(self._info(path), data)


def _name(*parts: str) -> str:
    """A file name from its parts: "PKM-02", "KBK Sehati" -> "pkm-02_kbk-sehati" ("/" in codes
    and certificate numbers becomes "-", not nothing)."""
    slugs = (slugify(part.replace("/", "-")) for part in parts)
    return "_".join(slug for slug in slugs if slug) or "berkas"


# --- what the pack holds ---------------------------------------------------------------------------


def sk_records(year: ProgrammeYear, unit: Unit) -> QuerySet:
    """The year's records of the subtree's groups that have a scanned SK. One query."""
    return (
        GroupYear.objects.filter(population(year.year, "group__"), programme_year=year)
        .filter(group__unit__path__startswith=unit.path)
        .exclude(sk_scan="")
        .select_related("group__unit")
        .order_by("group__unit__path", "group__name", "pk")
    )


def bimtek_attendees(year: ProgrammeYear, unit: Unit) -> QuerySet:
    """Everyone registered for a unit of the subtree at a Bimtek of the year. One query."""
    return (
        BimtekParticipant.objects.filter(
            event__programme_year=year, event__kind=EventKind.BIMTEK, unit__path__startswith=unit.path
        )
        .select_related("event", "unit")
        .order_by("event__starts_on", "event__title", "event__pk", "name", "pk")
    )


def attendance_table() -> Table:
    return Table(
        name="kehadiran-bimtek",
        title=_("Bimtek attendance"),
        columns=(
            Column(_("Bimtek"), lambda row: row.event.title, width=36),
            Column(_("Date"), lambda row: row.event.starts_on, DATE),
            Column(_("Name"), lambda row: row.name, width=30),
            Column(_("NIP"), lambda row: row.nip, width=20),
            Column(_("Unit"), lambda row: row.unit.name, width=30),
            Column(_("Attended"), lambda row: yes_no(row.attended)),
            Column(_("Checked in at"), lambda row: row.attended_at, DATETIME),
        ),
    )


def gelar_certificates(year: ProgrammeYear, unit: Unit) -> QuerySet:
    """The valid certificates of the subtree's groups at the Gelar of the year. One query."""
    return (
        Certificate.objects.filter(
            event__programme_year=year,
            event__kind=EventKind.GELAR,
            revoked_at__isnull=True,
            participant__group__unit__path__startswith=unit.path,
        )
        .select_related("event__organiser", "participant__group__unit", "award_tier", "attendee__unit")
        .order_by("event__starts_on", "event__pk", "number")
    )


def certificate_check_url(certificate: Certificate) -> str:
    """The public page printed on the certificate, on the portal's address (no request here)."""
    path = reverse("events-certificate-check", args=[certificate.verification_code])
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


# --- writing ---------------------------------------------------------------------------------------


def _add_sk_scans(pack: Pack, records: list[GroupYear], tick: Callable[[], None]) -> None:
    for record in records:
        group = record.group
        suffix = PurePosixPath(record.sk_scan.name).suffix.lower()
        description = _("SK number %(number)s of %(date)s") % {
            "number": record.sk_number or "–",
            "date": date_format(record.sk_date) if record.sk_date else "–",
        }
        entry = Entry(
            path=f"{SK_FOLDER}/{_name(group.unit.code, group.name)}{suffix}",
            contents=_("SK of the group"),
            unit=group.unit.name,
            group=group.name,
            description=description,
        )
        pack.add_stored(entry, record.sk_scan)
        tick()


def _add_attendance(pack: Pack, year: ProgrammeYear, unit: Unit) -> int:
    """The attendance sheet, if anyone was registered; the number of people on it."""
    with tempfile.TemporaryFile() as sheet:
        rows = write_xlsx(attendance_table(), bimtek_attendees(year, unit), sheet)
        if not rows:
            return 0
        sheet.seek(0)
        entry = Entry(
            path=f"{BIMTEK_FOLDER}/kehadiran-bimtek-{year.year}-{_name(unit.code)}.xlsx",
            contents=_("Bimtek attendance"),
            unit=unit.name,
            description=ngettext("%(count)s registration", "%(count)s registrations", rows) % {"count": rows},
        )
        pack.add_chunks(entry, iter(lambda: sheet.read(CHUNK), b""))
    return rows


def _add_certificates(pack: Pack, certificates: list[Certificate], tick: Callable[[], None]) -> None:
    for certificate in certificates:
        group = certificate.participant.group
        data = render_certificate_pdf(certificate, verification_url=certificate_check_url(certificate))
        award = certificate.award_tier.name if certificate.award_tier else certificate.get_kind_display()
        entry = Entry(
            path=f"{CERTIFICATE_FOLDER}/{_name(certificate.number)}.pdf",
            contents=_("Gelar certificate"),
            unit=group.unit.name,
            group=group.name,
            description=f"{certificate.event.title}: {award} ({certificate.number})",
        )
        pack.add_bytes(entry, data)
        tick()


def _add_risalah(pack: Pack, verified: list, tick: Callable[[], None]) -> None:
    for risalah in verified:
        group = risalah.group
        entry = Entry(
            path=f"{RISALAH_FOLDER}/{_name(group.unit.code, group.name)}.pdf",
            contents=_("Verified risalah"),
            unit=group.unit.name,
            group=group.name,
            description=risalah.title or risalah.theme,
        )
        pack.add_bytes(entry, cached_risalah_pdf(risalah))
        tick()


def index_rows(entries: list[Entry]) -> list[list]:
    rows: list[list] = [
        [
            _("No."),
            _("File"),
            _("Contents"),
            _("Unit"),
            _("Group"),
            _("Description"),
            _("Size (bytes)"),
            _("SHA-256"),
        ]
    ]
    for number, entry in enumerate(entries, start=1):
        rows.append(
            [
                number,
                entry.path,
                entry.contents,
                entry.unit,
                entry.group,
                entry.description,
                entry.size,
                entry.sha256,
            ]
        )
    return rows


def readme_text(pack: Pack, year: ProgrammeYear, unit: Unit, *, attendees: int, made_at: datetime) -> str:
    heading = heading_for(unit, now=made_at)

    def count(folder: str) -> int:
        return sum(1 for entry in pack.entries if entry.path.startswith(f"{folder}/"))

    lines = [
        _("Evidence pack of the work culture programme %(year)s") % {"year": year.year},
        "",
        _("Unit: %(unit)s (%(code)s) and the units under it") % {"unit": unit.name, "code": unit.code},
        _("Regional government: %(pemda)s") % {"pemda": heading.pemda.name},
        _("Made by the KBK Portal on %(when)s")
        % {"when": date_format(timezone.localtime(made_at), "DATETIME_FORMAT")},
        "",
        _("Contents:"),
        f"- {SK_FOLDER}/: "
        + ngettext("%(count)s scanned SK of a group", "%(count)s scanned SK of the groups", count(SK_FOLDER))
        % {"count": count(SK_FOLDER)},
        f"- {BIMTEK_FOLDER}/: "
        + (
            ngettext(
                "the Bimtek attendance sheet (XLSX), %(count)s registration",
                "the Bimtek attendance sheet (XLSX), %(count)s registrations",
                attendees,
            )
            % {"count": attendees}
            if attendees
            else _("nobody of the unit was registered for a Bimtek of the year")
        ),
        f"- {CERTIFICATE_FOLDER}/: "
        + ngettext(
            "%(count)s Gelar certificate (PDF)",
            "%(count)s Gelar certificates (PDF)",
            count(CERTIFICATE_FOLDER),
        )
        % {"count": count(CERTIFICATE_FOLDER)},
        f"- {RISALAH_FOLDER}/: "
        + ngettext(
            "%(count)s verified risalah (PDF)", "%(count)s verified risalah (PDF)", count(RISALAH_FOLDER)
        )
        % {"count": count(RISALAH_FOLDER)},
        f"- {INDEX_NAME}: "
        + _("every file with what it is, its group and unit, its size and its SHA-256 checksum"),
    ]
    if pack.missing:
        lines += ["", _("Recorded in the portal but not found in its storage (ask the administrator):")]
        lines += [f"- {path}" for path in pack.missing]
    return "\r\n".join(lines) + "\r\n"


def zip_stamp(moment: datetime) -> tuple[int, int, int, int, int, int]:
    """A ZIP member's date and time: the local time of ``moment``."""
    local = timezone.localtime(moment)
    return (local.year, local.month, local.day, local.hour, local.minute, local.second)


def write_evidence_zip(
    year: ProgrammeYear,
    unit: Unit,
    output: IO[bytes],
    *,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Entry]:
    """Write the pack into ``output`` (a binary file); returns the files listed in the index.
    ``progress`` is called with the share done (0-100) after each file (the printed risalah and
    certificates are what takes the time)."""
    made_at = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE), zipfile.ZipFile(output, "w") as archive:
        pack = Pack(archive=archive, stamp=zip_stamp(made_at))
        # Read first (the same queries), so that the share done is known after each file.
        records = list(sk_records(year, unit))
        certificates = list(gelar_certificates(year, unit))
        verified = list(verified_risalah(year, unit))
        total = len(records) + 1 + len(certificates) + len(verified)
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done * 100 // total)

        _add_sk_scans(pack, records, tick)
        attendees = _add_attendance(pack, year, unit)
        tick()
        _add_certificates(pack, certificates, tick)
        _add_risalah(pack, verified, tick)
        pack.add_plain(INDEX_NAME, csv_bytes(index_rows(pack.entries)))
        pack.add_plain(
            README_NAME, readme_text(pack, year, unit, attendees=attendees, made_at=made_at).encode()
        )
    return pack.entries


def build_evidence_zip(year: ProgrammeYear, unit: Unit) -> IO[bytes]:
    """The pack of ``unit`` for ``year`` in a temporary file, at its start; the caller closes it
    (a FileResponse does when the download ends)."""
    output = tempfile.TemporaryFile()  # noqa: SIM115  # handed to the caller, who closes it
    try:
        write_evidence_zip(year, unit, output)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output
