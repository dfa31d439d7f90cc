"""The Reports page (the yearly recap) and "My exports". An export is its owner's only: everyone
else gets a 404, whatever their role (tests/reports/test_export_jobs.py covers who may build what)."""

from django.core.files.base import ContentFile

from reports.export_jobs import RECAP_XLSX
from reports.models import ExportJob, ExportStatus
from tests.url_matrix import Row, expect


def _job(world, *, done: bool = False) -> ExportJob:
    """An export of operator A's unit, asked for by operator A (queued, or done with its file)."""
    job = ExportJob.objects.create(
        user=world.users["operator_a"],
        unit=world.unit_a,
        kind=RECAP_XLSX,
        parameters={"year": world.year.year, "unit": str(world.unit_a.uuid), "language": "id"},
    )
    if done:
        job.file.save("laporan.xlsx", ContentFile(b"PK"), save=False)
        job.file_name = "laporan.xlsx"
        job.status = ExportStatus.DONE
        job.progress = 100
        job.save()
    return job


ROWS = [
    Row("reports-recap", expect(200, jury=403)),  # the jury persona has no role
    Row("reports-recap", expect(200, jury=403), query="?year=2026"),
    # An OPD's recap downloads at once; the outsider's form refuses another unit's.
    Row(
        "reports-recap",
        expect(200, jury=403),
        method="post",
        data=lambda w: {"year": 2026, "unit": w.unit_a.uuid},
    ),
    # The whole Pemda goes to the worker (a redirect to the list); only its verifikator and the
    # admin may ask. (The query only tells this row from the one above.)
    Row(
        "reports-recap",
        expect(200, verifikator=302, admin=302, jury=403),
        method="post",
        data=lambda w: {"year": 2026, "unit": w.pemda.uuid},
        query="?pemda",
    ),
    # Opened as a page (not by htmx), the status leads to the export in the owner's list.
    Row(
        "reports-export-status",
        expect(404, operator_a=302),
        kwargs=lambda w: {"job": _job(w).uuid},
    ),
    Row(
        "reports-export-download",
        expect(404, operator_a=200),
        kwargs=lambda w: {"job": _job(w, done=True).uuid},
    ),
]
