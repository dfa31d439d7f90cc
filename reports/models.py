"""What the reports keep: the notes of each OPD's evaluation letter and who signs a Pemda's
documents (reports.documents), and the exports made in the background (reports.export_jobs).

The signatory is kept per Pemda (the unit of kind Pemkab, Pemkot or Pemprov the documents are
about), in the portal rather than in a setting: the Kepala Bagian Organisasi changes with every
rotation (mutasi) and the bureau must be able to put the new name in without a deployment.

What a background export kind builds is registered in :mod:`reports.export_jobs`; the file lives
in the private ``exports`` storage (settings.STORAGES) and is served only by the download view, to
the user who asked for it, while that user can still read the unit; it expires after
``settings.EXPORT_RETENTION_HOURS`` (``manage.py purge_exports`` deletes it).
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Unit
from groups.models import Person, ProgrammeYear


class OpdLetterNote(models.Model):
    """The bureau's notes for the evaluation letter of one unit (an OPD) for one year, typed
    before the letter is printed and kept for the next print."""

    programme_year = models.ForeignKey(
        ProgrammeYear, verbose_name=_("programme year"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(
        _("letter number"),
        max_length=120,
        blank=True,
        help_text=_("As in the bureau's register, e.g. 061/123/438.1.2/2026. Empty: a blank to fill in."),
    )
    text = models.TextField(_("notes of the Bagian Organisasi"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation letter notes")
        verbose_name_plural = _("evaluation letter notes")
        constraints = [
            models.UniqueConstraint(fields=["programme_year", "unit"], name="letter_note_once_per_unit_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.programme_year}"


class DocumentSignatory(models.Model):
    """Who signs the recap and the letters of a Pemda: the head of its Bagian Organisasi."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("regional government"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.CharField(
        _("position"),
        max_length=150,
        default="Kepala Bagian Organisasi",
        help_text=_("As printed above the name, e.g. Kepala Bagian Organisasi or Kepala Biro Organisasi."),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    rank = models.CharField(
        _("rank (pangkat)"), max_length=100, blank=True, help_text=_("e.g. Pembina Tingkat I (IV/b).")
    )
    place = models.CharField(
        _("place of signing"),
        max_length=100,
        blank=True,
        help_text=_("The town before the date, e.g. Tuban."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("document signatory")
        verbose_name_plural = _("document signatories")

    def __str__(self) -> str:
        return f"{self.position} — {self.unit}"


def export_storage():
    """The private storage of export files (a callable: the tests point it elsewhere)."""
    return storages["exports"]


def upload_to_export(instance, filename: str) -> str:
    # The stored name says nothing about the content; the download name is ExportJob.file_name.
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


ExportStatus.PENDING = frozenset({ExportStatus.QUEUED, ExportStatus.RUNNING})

# Why a job failed, stored as a code and put into words when shown (a stored sentence would stay
# in the language of the worker).
EXPORT_ERRORS = {
    "failed": _("The export failed. Please try again later."),
    "gone": _("The programme year or the unit of this export no longer exists."),
    "no_access": _("Your roles no longer cover this unit."),
    "unknown_kind": _("This kind of export is no longer offered."),
}


class ExportJob(models.Model):
    """One export asked for by one user; ``kind`` names its builder in reports.export_jobs.KINDS
    and ``parameters`` what it covers (JSON: the year, the unit's UUID, the language)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=40)
    # The subtree the export covers: the download checks that the user can still read it.
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), storage=export_storage, upload_to=upload_to_export, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    error = models.CharField(_("error"), max_length=40, blank=True)  # a key of EXPORT_ERRORS
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="export_job_user_created")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_job_progress_max_100"),
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="export_job_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.file_name or f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.status in ExportStatus.PENDING

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def error_message(self) -> str:
        return str(EXPORT_ERRORS.get(self.error, EXPORT_ERRORS["failed"])) if self.error else ""

    @property
    def is_downloadable(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file) and not self.is_expired()


class TrendTally(models.Model):
    """The trend's group figures of one programme year for one unit's own groups: the counts of
    ``reports.queries.Tally`` (none depends on the day) and the filed risalah's figures
    (``reports.queries.live_outcomes``), summed by the trend and the dashboard over a subtree's
    units. Kept by ``reports.trend_tally`` on every save and delete of a group, its year record,
    its risalah, their snapshots, meetings, steps and rosters and the programme year itself; a
    unit without groups that year has no row."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    groups = models.PositiveIntegerField(default=0)
    sk_valid = models.PositiveIntegerField(default=0)
    complete = models.PositiveIntegerField(default=0)
    draft = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    in_review = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    verified = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    filed = models.PositiveIntegerField(default=0)
    complete_and_filed = models.PositiveIntegerField(default=0)
    awaiting_review = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    complete_and_on_time = models.PositiveIntegerField(default=0)
    # The counted filed risalah's meetings, attendances and seats (as filed), and the groups whose
    # counted filed risalah says its target was reached (step 6) / names a standard (step 7).
    meetings = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)
    targets_reached = models.PositiveIntegerField(default=0)
    standards = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme_year", "unit"], name="trend_tally_once_per_unit"),
        ]

    def __str__(self):
        return f"{self.programme_year_id}/{self.unit_id}: {self.groups}"


class MemberTally(models.Model):
    """A person counted as a member of one unit's groups in one programme year: on the roster
    of a group without a filed risalah, or among the members as filed of the group's counted
    filed risalah (``reports.queries.member_sources``). The dashboard counts distinct people
    over a subtree's rows instead of building them from every roster and snapshot. Kept with
    :class:`TrendTally` by ``reports.trend_tally``, on the same saves and deletes and on the
    members of a snapshot."""

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "unit", "person"], name="member_tally_once_per_unit"
            ),
        ]

    def __str__(self):
        return f"{self.programme_year_id}/{self.unit_id}: {self.person_id}"
