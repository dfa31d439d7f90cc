"""The Reports page: the yearly recap made at once (an OPD) or in the background (a whole Pemda,
a large unit) by the real task worker, its progress partial, "My exports", the download, the
expiry and who may see what. On the hand-built picture of tests/reports/conftest.py: the bureau
holds Pemkot Uji (a whole government: its recap goes to the worker), the operator Dinas Satu."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditAction, AuditEvent, MailKind, Role, SentMail
from reports import export_jobs
from reports.models import ExportJob, ExportStatus
from tests.export_files import content_of
from tests.factories import RoleFactory, UserFactory
from tests.reports.test_recap_workbook import SHEETS

RECAP = reverse("reports-recap")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _status_url(job) -> str:
    return reverse("reports-export-status", args=[job.uuid])


def _download_url(job) -> str:
    return reverse("reports-export-download", args=[job.uuid])


def _job(user, unit, *, status=ExportStatus.QUEUED, progress=0, content: bytes | None = None, **fields):
    job = ExportJob.objects.create(
        user=user,
        unit=unit,
        kind=export_jobs.RECAP_XLSX,
        parameters={"year": 2025, "unit": str(unit.uuid), "language": "en"},
        status=status,
        progress=progress,
        **fields,
    )
    if content is not None:
        job.file.save("laporan-tahunan-2025-uji.xlsx", ContentFile(content), save=False)
        job.file_name = "laporan-tahunan-2025-uji.xlsx"
        job.size = len(content)
        job.finished_at = timezone.now()
        job.expires_at = job.finished_at + timedelta(hours=72)
        job.save()
    return job


def _sheetnames(data: bytes) -> list[str]:
    return openpyxl.load_workbook(io.BytesIO(data)).sheetnames


def _partial(client, job) -> str:
    """The status partial as htmx asks for it (the HX-Request header)."""
    return client.get(_status_url(job), headers={"HX-Request": "true"}).content.decode()


def _polls(html: str) -> bool:
    return 'hx-trigger="every 2s"' in html


@pytest.mark.django_db(transaction=True)
def test_a_whole_pemda_recap_is_made_by_the_real_worker(client, picture):
    """The database task backend, as in production: the job waits in the queue until `db_worker`
    runs it; the page polls until it is done, then offers the file (and the e-mail says so)."""
    bureau = picture.bureau
    client.force_login(bureau)
    with override_settings(TASKS=DATABASE_TASKS):
        response = client.post(RECAP, {"year": 2025, "unit": picture.root.uuid, "notify": "on"})
        job = ExportJob.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"{RECAP}#ekspor-{job.uuid}"
        assert (job.user, job.unit, job.status, job.progress) == (
            bureau,
            picture.root,
            ExportStatus.QUEUED,
            0,
        )
        assert job.parameters == {
            "year": 2025,
            "unit": str(picture.root.uuid),
            "language": "en",
            "notify": True,
        }
        page = client.get(RECAP).content.decode()
        assert "is being made in the background" in page
        queued = _partial(client, job)
        assert _polls(queued)
        assert 'value="0"' in queued and "Queued · 0%" in queued

        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (ExportStatus.DONE, 100, "")
    assert job.file_name == "laporan-tahunan-2025-pemkot-uji.xlsx"
    assert job.expires_at == job.finished_at + timedelta(hours=72)
    assert job.file.storage.exists(job.file.name) and job.size == job.file.size
    done = _partial(client, job)
    assert not _polls(done)
    assert "Your export is ready." in done
    assert _download_url(job) in done
    download = client.get(_download_url(job))
    assert download["Content-Disposition"] == 'attachment; filename="laporan-tahunan-2025-pemkot-uji.xlsx"'
    assert _sheetnames(content_of(download)) == SHEETS
    assert [m.subject for m in mail.outbox] == ["Your export is ready: Yearly recap (XLSX)"]
    assert "laporan-tahunan-2025-pemkot-uji.xlsx" in mail.outbox[0].body
    assert mail.outbox[0].to == [bureau.email]
    assert SentMail.objects.get().kind == MailKind.EXPORT_READY  # not a risalah's status notice
    audit = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    assert [(event.actor, event.unit, event.details["delivery"]) for event in audit] == [
        (bureau, picture.root, "background"),
        (bureau, picture.root, "download"),
    ]
    assert audit[0].details == {"delivery": "background", "export_job": str(job.uuid), "programme_year": 2025}


def test_the_recap_of_an_opd_downloads_at_once(client, picture):
    client.force_login(picture.operator_u1)
    response = client.post(RECAP, {"year": 2025, "unit": picture.u1.uuid})
    assert response["Content-Disposition"] == 'attachment; filename="laporan-tahunan-2025-dinas-satu.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(content_of(response)))
    assert book.sheetnames == SHEETS
    assert [row[3] for row in book["Groups and SK"].iter_rows(min_row=2, values_only=True)] == [
        "Alpha",
        "Beta",
        "Gamma",
    ]
    assert ExportJob.objects.count() == 0
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.target) == (
        picture.operator_u1,
        picture.u1,
        "Yearly recap (XLSX): laporan-tahunan-2025-dinas-satu.xlsx",
    )
    # 26 indicators, 2 matrix lines, 3 groups twice, a filed risalah in three sheets, 2 years.
    assert event.details == {"delivery": "direct", "format": "xlsx", "rows": 39, "programme_year": 2025}


def test_a_large_unit_goes_to_the_worker(client, picture, settings, django_capture_on_commit_callbacks):
    """More groups than EXPORT_DIRECT_MAX_GROUPS: the background, even for an OPD (the immediate
    task backend of the tests runs the job as the transaction commits)."""
    settings.EXPORT_DIRECT_MAX_GROUPS = 2
    client.force_login(picture.operator_u1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RECAP, {"year": 2025, "unit": picture.u1.uuid})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert (job.unit, job.status, job.file_name) == (
        picture.u1,
        ExportStatus.DONE,
        "laporan-tahunan-2025-dinas-satu.xlsx",
    )
    assert mail.outbox == []  # no e-mail asked for
    settings.EXPORT_DIRECT_MAX_GROUPS = 3
    response = client.post(RECAP, {"year": 2025, "unit": picture.u1.uuid})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ExportJob.objects.count() == 1
    content_of(response)  # read to its end: the response closes its file


def test_the_units_offered_are_the_users_own_subtree(client, picture):
    client.force_login(picture.bureau)
    form = client.get(RECAP).context["form"]
    assert [label for _value, label in form.fields["unit"].choices] == [
        "Pemerintah Kota Uji",
        "— Dinas Dua",
        "— Dinas Satu",
        "— Dinas Tiga",
    ]
    client.force_login(picture.operator_u1)
    form = client.get(RECAP).context["form"]
    assert [label for _value, label in form.fields["unit"].choices] == ["Dinas Satu"]
    # Another unit's recap is not a choice: the form says so and nothing is made.
    response = client.post(RECAP, {"year": 2025, "unit": picture.root.uuid})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["unit"]
    assert (ExportJob.objects.count(), AuditEvent.objects.filter(action=AuditAction.EXPORT).count()) == (0, 0)
    client.force_login(picture.outsider)
    response = client.post(RECAP, {"year": 2025, "unit": picture.u1.uuid})
    assert list(response.context["form"].errors) == ["unit"]


def test_the_progress_partial_polls_until_the_export_ends(client, picture):
    client.force_login(picture.bureau)
    job = _job(picture.bureau, picture.root, status=ExportStatus.RUNNING, progress=45)
    running = _partial(client, job)
    assert _polls(running)
    assert re.search(r'<progress class="w-100" max="100" value="45"', running)
    assert "Running · 45%" in running
    assert running.count("<li ") == 1  # the partial only, to replace itself
    # Opened as a page, the address leads to the export in the list.
    page = client.get(_status_url(job))
    assert (page.status_code, page["Location"]) == (302, f"{RECAP}#ekspor-{job.uuid}")

    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, error="no_access")
    failed = _partial(client, job)
    assert not _polls(failed)
    assert "Failed: Your roles no longer cover this unit." in failed

    ready = _job(picture.bureau, picture.root, status=ExportStatus.DONE, progress=100, content=b"xlsx")
    done = _partial(client, ready)
    assert not _polls(done)
    assert "Your export is ready." in done
    assert f'href="{_download_url(ready)}"' in done


def test_a_job_fails_when_its_user_can_no_longer_read_the_unit(picture):
    job = _job(picture.operator_u1, picture.root)
    assert export_jobs.run_export.call(job.pk) == ExportStatus.FAILED
    job.refresh_from_db()
    assert (job.status, job.error, bool(job.file)) == (ExportStatus.FAILED, "no_access", False)
    # A task run twice does nothing the second time.
    assert export_jobs.run_export.call(job.pk) == ExportStatus.FAILED


def test_another_users_export_is_a_404(client, picture):
    job = _job(picture.bureau, picture.root, status=ExportStatus.DONE, progress=100, content=b"xlsx")
    colleague = UserFactory()
    RoleFactory(user=colleague, role=Role.VERIFIKATOR, unit=picture.root)
    for user in (colleague, picture.operator_u1, picture.outsider):
        client.force_login(user)
        assert client.get(_status_url(job), headers={"HX-Request": "true"}).status_code == 404
        assert client.get(_status_url(job)).status_code == 404
        assert client.get(_download_url(job)).status_code == 404
        assert job.file_name not in client.get(RECAP).content.decode()
    # The owner whose role was withdrawn can no longer fetch it either.
    picture.bureau.roles.all().delete()
    RoleFactory(user=picture.bureau, role=Role.OPERATOR, unit=picture.u1)
    client.force_login(picture.bureau)
    assert client.get(_download_url(job)).status_code == 404


def test_expired_files_are_purged_by_the_command_and_the_task(client, picture):
    old = _job(picture.bureau, picture.root, status=ExportStatus.DONE, progress=100, content=b"old")
    fresh = _job(picture.bureau, picture.root, status=ExportStatus.DONE, progress=100, content=b"fresh")
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    stuck = _job(picture.bureau, picture.root, status=ExportStatus.RUNNING, progress=10)  # its worker died
    ExportJob.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=73))
    waiting = _job(picture.bureau, picture.root)
    stored = old.file.name
    client.force_login(picture.bureau)
    assert client.get(_download_url(old)).status_code == 404  # expired, even before the purge

    call_command("purge_exports", stdout=io.StringIO())

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.file.name, old.file.storage.exists(stored)) == ("", False)
    assert fresh.file.storage.exists(fresh.file.name)
    stuck.refresh_from_db()
    waiting.refresh_from_db()
    assert [(job.status, job.error) for job in (stuck, waiting)] == [
        (ExportStatus.FAILED, "failed"),
        (ExportStatus.QUEUED, ""),
    ]
    page = client.get(RECAP).content.decode()
    assert "Expired on" in page
    assert page.count('data-testid="export-download"') == 1
    ExportJob.objects.filter(pk=fresh.pk).update(expires_at=timezone.now())
    assert export_jobs.purge_exports_task.enqueue().return_value == 1
    fresh.refresh_from_db()
    assert fresh.file.name == ""


@pytest.mark.parametrize("count", [1, 3])
def test_my_exports_do_not_grow_the_queries(client, picture, count):
    for number in range(count):
        unit = picture.root if number % 2 == 0 else picture.u1
        _job(picture.bureau, unit, status=ExportStatus.DONE, progress=100, content=b"x")
    _job(picture.operator_u1, picture.u1)  # another user's: never listed
    client.force_login(picture.bureau)
    with CaptureQueriesContext(connection) as context:
        response = client.get(RECAP)
    assert len(response.context["jobs"]) == count
    assert len(context.captured_queries) == 15


def test_the_menu_leads_to_the_reports_page(client, picture):
    client.force_login(picture.operator_u1)
    items = {item["label"]: item for item in client.get(RECAP).context["nav_items"]}
    assert (items["Reports"]["url"], items["Reports"]["active"], items["Dashboard"]["active"]) == (
        RECAP,
        True,
        False,
    )
    # The dashboard links to the recap of the unit it shows, for its year.
    dashboard = client.get(reverse("reports-dashboard"), {"year": 2025, "unit": picture.u1.uuid})
    items = {item["label"]: item for item in dashboard.context["nav_items"]}
    assert (items["Reports"]["active"], items["Dashboard"]["active"]) == (False, True)
    link = f'href="{RECAP}?year=2025&amp;unit={picture.u1.uuid}"'
    assert link in dashboard.content.decode()
    form = client.get(RECAP, {"year": 2025, "unit": picture.u1.uuid}).context["form"]
    assert (form["year"].value(), form["unit"].value()) == ("2025", str(picture.u1.uuid))
