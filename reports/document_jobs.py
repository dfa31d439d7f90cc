"""The documents page's files as background exports (reports.export_jobs): the recap PDF, an OPD's
evaluation letter and evidence pack, and for the bureau in one file the letters (one ZIP of PDFs)
and the evidence packs (one ZIP of ZIPs) of every unit right under the chosen one.

Each builder checks again, when the worker runs it, that the job's user may still have the
document (the recap and the "every unit" files are the bureau's); the files are written into
temporary files, never held whole in memory, except a single letter or recap PDF (WeasyPrint
returns its bytes).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.models import Unit
from groups.models import ProgrammeYear
from reports.documents import EVIDENCE_ZIP, LETTER_PDF, RECAP_PDF, file_stem
from reports.evidence import CHUNK, write_evidence_zip, zip_stamp
from reports.export_jobs import Built, ExportRefused, Progress, export_subject, recap_parameters, register
from reports.letters import build_letter_pdf
from reports.models import ExportJob
from reports.recap_pdf import build_recap_pdf

# Every unit's letters / evidence packs, in one file (the single ones use reports.documents' names).
LETTERS_ZIP = "letters_zip"
EVIDENCE_PACKS_ZIP = "evidence_packs_zip"

RECAP_STEM = "rekap-budaya-kerja"
LETTER_STEM = "surat-evaluasi"
EVIDENCE_STEM = "bukti-budaya-kerja"


def document_parameters(*, year: ProgrammeYear, unit: Unit, notify: bool = False) -> dict:
    """What a document job covers: the year, the unit's UUID, the asker's language, and whether
    the asker wants an e-mail when the file is ready."""
    return recap_parameters(year=year, unit=unit, notify=notify)


def child_units(unit: Unit):
    """The units right under ``unit``, in tree order (the documents page lists them). One query."""
    return Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)


def recap_pdf_name(year: ProgrammeYear, unit: Unit) -> str:
    return f"{file_stem(RECAP_STEM, year.year, unit.code)}.pdf"


def letter_pdf_name(year: ProgrammeYear, unit: Unit) -> str:
    return f"{file_stem(LETTER_STEM, year.year, unit.code)}.pdf"


def evidence_zip_name(year: ProgrammeYear, unit: Unit) -> str:
    return f"{file_stem(EVIDENCE_STEM, year.year, unit.code)}.zip"


def letters_zip_name(year: ProgrammeYear, unit: Unit) -> str:
    return f"{file_stem(LETTER_STEM, 'semua', year.year, unit.code)}.zip"


def evidence_packs_zip_name(year: ProgrammeYear, unit: Unit) -> str:
    return f"{file_stem(EVIDENCE_STEM, 'semua', year.year, unit.code)}.zip"


def _temporary(suffix: str) -> Path:
    """An empty temporary file for the worker's output (export_jobs moves it, then deletes it)."""
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as output:
        return Path(output.name)


def _writing(suffix: str, write: Callable[[Path], None]) -> Path:
    path = _temporary(suffix)
    try:
        write(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _stored(name: str, size: int) -> zipfile.ZipInfo:
    # PDFs and ZIPs are compressed already: stored as they are.
    info = zipfile.ZipInfo(name, date_time=zip_stamp(timezone.now()))
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = size  # known beforehand: ZIP64 is used when a pack needs it
    return info


def _units_under(unit: Unit) -> list[Unit]:
    units = list(child_units(unit))
    if not units:
        raise ExportRefused("gone")  # the units were moved or deleted since the job was asked for
    return units


# --- the builders ------------------------------------------------------------------------------


def build_recap_pdf_job(job: ExportJob, progress: Progress) -> Built:
    year, unit = export_subject(job, bureau=True)
    return recap_pdf_name(year, unit), build_recap_pdf(year, unit, progress=progress)


def build_letter_pdf_job(job: ExportJob, progress: Progress) -> Built:
    year, unit = export_subject(job)
    return letter_pdf_name(year, unit), build_letter_pdf(year, unit)


def build_evidence_zip_job(job: ExportJob, progress: Progress) -> Built:
    year, unit = export_subject(job)

    def write(path: Path) -> None:
        with path.open("wb") as output:
            write_evidence_zip(year, unit, output, progress=progress)

    return evidence_zip_name(year, unit), _writing(".zip", write)


def build_letters_zip_job(job: ExportJob, progress: Progress) -> Built:
    """One ZIP with the letter (PDF) of every unit right under the job's unit."""
    year, unit = export_subject(job, bureau=True)
    units = _units_under(unit)

    def write(path: Path) -> None:
        with zipfile.ZipFile(path, "w") as archive:
            for done, child in enumerate(units, start=1):
                data = build_letter_pdf(year, child)
                archive.writestr(_stored(letter_pdf_name(year, child), len(data)), data)
                progress(done * 100 // len(units))

    return letters_zip_name(year, unit), _writing(".zip", write)


def build_evidence_packs_zip_job(job: ExportJob, progress: Progress) -> Built:
    """One ZIP holding the evidence pack (a ZIP) of every unit right under the job's unit, each
    written into a temporary file first and copied in chunks."""
    year, unit = export_subject(job, bureau=True)
    units = _units_under(unit)

    def write(path: Path) -> None:
        with zipfile.ZipFile(path, "w") as archive:
            for number, child in enumerate(units):

                def step(percent: int, number: int = number) -> None:
                    progress((number * 100 + percent) // len(units))

                with tempfile.TemporaryFile() as pack:
                    write_evidence_zip(year, child, pack, progress=step)
                    size = pack.seek(0, 2)
                    pack.seek(0)
                    with archive.open(_stored(evidence_zip_name(year, child), size), "w") as target:
                        shutil.copyfileobj(pack, target, CHUNK)

    return evidence_packs_zip_name(year, unit), _writing(".zip", write)


register(RECAP_PDF, gettext_lazy("Yearly recap (PDF)"), build_recap_pdf_job)
register(LETTER_PDF, gettext_lazy("Evaluation letter (PDF)"), build_letter_pdf_job)
register(EVIDENCE_ZIP, gettext_lazy("Evidence pack (ZIP)"), build_evidence_zip_job)
register(LETTERS_ZIP, gettext_lazy("Every unit's evaluation letter (ZIP)"), build_letters_zip_job)
register(EVIDENCE_PACKS_ZIP, gettext_lazy("Every unit's evidence pack (ZIP)"), build_evidence_packs_zip_job)
