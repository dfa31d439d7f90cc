"""Exports built in the background by the task worker (django.tasks with the django-tasks-db
backend: the ``db_worker`` that sends the mail), with their progress, their file and its expiry.

A kind of export is registered in :data:`KINDS`: its label and its builder, a function
``build(job, progress) -> (file name, content)`` where ``content`` is the file's bytes or the
path of a temporary file (moved into the exports storage, then deleted) and ``progress(percent)``
reports how far it got (0-100). The builder reads what to build from ``job.parameters``. The
documents of the documents page (the PDF recap, the letters, the evidence packs) register from
:mod:`reports.document_jobs` (imported when the app is ready, so the worker knows them too).

:func:`start_export` queues a job (and writes the audit log); :func:`run_export` is the task;
:func:`purge_expired_exports` (``manage.py purge_exports``, or the task
:func:`purge_exports_task`) deletes the files past ``settings.EXPORT_RETENTION_HOURS``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit, permissions
from core.mail import queue_mail
from core.models import AuditAction, MailKind, Unit, User
from groups.models import ProgrammeYear
from reports.models import ExportJob, ExportStatus
from reports.recap import recap_filename, write_recap

Progress = Callable[[int], None]
Built = tuple[str, bytes | Path]


@dataclass(frozen=True)
class ExportKind:
    label: Any
    build: Callable[[ExportJob, Progress], Built]


class ExportRefused(Exception):
    """The job cannot be built; ``code`` is one of reports.models.EXPORT_ERRORS."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- the yearly recap (XLSX) ------------------------------------------------------------------

RECAP_XLSX = "recap_xlsx"


def recap_parameters(*, year: ProgrammeYear, unit: Unit, notify: bool = False) -> dict:
    return {
        "year": year.year,
        "unit": str(unit.uuid),
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "notify": notify,
    }


def export_subject(job: ExportJob, *, bureau: bool = False) -> tuple[ProgrammeYear, Unit]:
    """The job's year and unit, if its user may still read the unit (``bureau``: still make the
    bureau's documents of it, as a verifikator over it or an admin). Checked when the job runs:
    the roles may have changed since it was queued."""
    try:
        year = ProgrammeYear.objects.get(year=job.parameters["year"])
        unit = Unit.objects.get(uuid=job.parameters["unit"])
    except (KeyError, ProgrammeYear.DoesNotExist, Unit.DoesNotExist, ValidationError) as exc:
        raise ExportRefused("gone") from exc
    if not permissions.can_read_unit(job.user, unit):
        raise ExportRefused("no_access")
    if bureau and not permissions.can_manage_units(job.user, unit):
        raise ExportRefused("no_access")
    return year, unit


def build_recap_xlsx(job: ExportJob, progress: Progress) -> Built:
    year, unit = export_subject(job)
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as output:
        path = Path(output.name)
    try:
        write_recap(year=year, unit=unit, output=str(path), made_by=user_name(job.user), progress=progress)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return recap_filename(year, unit), path


KINDS: dict[str, ExportKind] = {
    RECAP_XLSX: ExportKind(gettext_lazy("Yearly recap (XLSX)"), build_recap_xlsx),
}


def register(kind: str, label, build: Callable[[ExportJob, Progress], Built]) -> None:
    """Add a kind of export (from the module that builds it)."""
    KINDS[kind] = ExportKind(label, build)


def label_of(job: ExportJob) -> str:
    kind = KINDS.get(job.kind)
    return str(kind.label) if kind else job.kind


def with_labels(jobs) -> list[ExportJob]:
    """The jobs, each with ``label`` (its kind's label, for the page). No query of its own."""
    jobs = list(jobs)
    for job in jobs:
        job.label = label_of(job)
    return jobs


def user_name(user: User) -> str:
    return user.full_name or user.get_username()


# --- starting, running ------------------------------------------------------------------------


def start_export(
    *, user: User, kind: str, parameters: dict, unit: Unit, request=None, details: dict | None = None
) -> ExportJob:
    """Queue an export for the worker (after the transaction commits) and write the audit log
    (with ``details``, more of what the log says about it)."""
    if kind not in KINDS:
        raise ValueError(f"no export kind {kind!r}")
    with transaction.atomic():
        job = ExportJob.objects.create(user=user, kind=kind, parameters=parameters, unit=unit)
        audit.record(
            action=AuditAction.EXPORT,
            actor=user,
            target=f"{KINDS[kind].label}: {unit}",
            unit=unit,
            request=request,
            delivery="background",
            export_job=str(job.uuid),
            **({"programme_year": parameters["year"]} if "year" in parameters else {}),
            **(details or {}),
        )
        transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


class _Reporter:
    """The builder's progress callback: writes the share done when it grows (a few writes per job)."""

    def __init__(self, job: ExportJob):
        self.job = job
        self.shown = 0

    def __call__(self, percent: int) -> None:
        # 100 is written with the file: until then the list still shows "running".
        percent = max(0, min(99, int(percent)))
        if percent > self.shown:
            self.shown = percent
            ExportJob.objects.filter(pk=self.job.pk).update(progress=percent)


@task()
def run_export(job_id: int) -> str:
    """Build one queued export. A job already started (a task run twice) is left alone."""
    started = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    job = ExportJob.objects.select_related("user", "unit").filter(pk=job_id).first()
    if job is None or not started:
        return job.status if job else "gone"  # its user was deleted meanwhile
    kind = KINDS.get(job.kind)
    try:
        if kind is None:
            raise ExportRefused("unknown_kind")
        with translation.override(job.parameters.get("language") or settings.LANGUAGE_CODE):
            name, content = kind.build(job, _Reporter(job))
            _store(job, name, content)
    except ExportRefused as exc:
        _fail(job, exc.code)
        return job.status
    except Exception:
        # Whatever broke is for the administrator (the task's result keeps the traceback); the
        # user reads that it failed and may try again.
        _fail(job, "failed")
        raise
    _notify(job)
    return job.status


def _store(job: ExportJob, name: str, content: bytes | Path) -> None:
    if isinstance(content, bytes):
        job.file.save(name, ContentFile(content), save=False)
        job.size = len(content)
    else:
        try:
            with content.open("rb") as handle:
                job.file.save(name, File(handle), save=False)
            job.size = content.stat().st_size
        finally:
            content.unlink(missing_ok=True)
    now = timezone.now()
    job.file_name = name[:200]
    job.status = ExportStatus.DONE
    job.progress = 100
    job.finished_at = now
    job.expires_at = now + timedelta(hours=settings.EXPORT_RETENTION_HOURS)
    job.save(update_fields=["file", "file_name", "size", "status", "progress", "finished_at", "expires_at"])


def _fail(job: ExportJob, code: str) -> None:
    job.status = ExportStatus.FAILED
    job.error = code
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def _notify(job: ExportJob) -> None:
    """The e-mail the user asked for when the export is ready."""
    if not job.parameters.get("notify") or not job.user.email:
        return
    with translation.override(job.parameters.get("language") or settings.LANGUAGE_CODE):
        what = label_of(job)
        link = settings.PORTAL_BASE_URL.rstrip("/") + reverse("reports-recap")
        hours = settings.EXPORT_RETENTION_HOURS
        body = _(
            "Your export is ready: %(what)s, %(file)s.\n\nDownload it from “My exports” on the Reports "
            "page within %(hours)d hours, after which it is deleted:\n%(link)s"
        ) % {"what": what, "file": job.file_name, "hours": hours, "link": link}
        queue_mail(
            user=job.user,
            to_email=job.user.email,
            kind=MailKind.EXPORT_READY,
            subject=_("Your export is ready: %(what)s") % {"what": what},
            body=body,
            dedupe_key=f"export-ready-{job.uuid}",
        )


# --- access and expiry ------------------------------------------------------------------------


def get_export_for_user(user: User, job_uuid) -> ExportJob:
    """The user's own export, while the user can still read its unit; anyone else's is a 404."""
    try:
        job = ExportJob.objects.select_related("unit").get(uuid=job_uuid, user=user)
    except (ExportJob.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if job.unit is None or not permissions.can_read_unit(user, job.unit):
        raise Http404
    return job


def exports_of(user: User):
    """The user's exports, newest first, for "My exports"."""
    return ExportJob.objects.filter(user=user).select_related("unit").order_by("-created_at", "-pk")


def purge_expired_exports(*, now=None) -> int:
    """Delete the files of the exports past their expiry; the rows stay (the list shows them as
    expired). A job still queued or running after the retention time (its worker died) is marked
    failed, so that its row stops polling. Returns the files deleted."""
    now = now or timezone.now()
    stale = now - timedelta(hours=settings.EXPORT_RETENTION_HOURS)
    ExportJob.objects.filter(status__in=ExportStatus.PENDING, created_at__lte=stale).update(
        status=ExportStatus.FAILED, error="failed", finished_at=now
    )
    deleted = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(file="").only("pk", "file"):
        job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(file="")
        deleted += 1
    return deleted


@task()
def purge_exports_task() -> int:
    return purge_expired_exports()
