"""The risalah (Risalah Budaya Kerja): one TULTA project of a group, written step by step.

A method (the 7-step TULTA, or a variant) is data: its steps say which tools they offer and
which evidence they need. Each step of a risalah stores its tool data as JSON (shaped by
``risalah.tools``), a narrative, and a version number that detects concurrent edits.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groups.models import Group, Person, ProgrammeYear


class PdcaPhase(models.TextChoices):
    PLAN = "plan", _("Plan")
    DO = "do", _("Do")
    CHECK = "check", _("Check")
    ACTION = "action", _("Action")


class Tool(models.TextChoices):
    """The structured tools a method step can offer (see risalah/tools.py for their data)."""

    PROBLEM_LIST = "problem_list", _("Problem list")
    CHECK_SHEET = "check_sheet", _("Check sheet / stratification")
    PARETO = "pareto", _("Pareto chart")
    TARGET = "target", _("Target")
    FISHBONE = "fishbone", _("Cause-and-effect (fishbone) diagram")
    CAUSE_TEST = "cause_test", _("Testing the causes")
    SCATTER = "scatter", _("Scatter diagram")
    PLAN_5W1H = "plan_5w1h", _("5W+1H plan")
    IMPLEMENTATION_LOG = "implementation_log", _("Implementation log")
    BEFORE_AFTER = "before_after", _("Before and after")
    CONTROL_CHART = "control_chart", _("Histogram and control chart")
    BENEFITS = "benefits", _("Benefits")
    STANDARD = "standard", _("Standard (SOP)")
    NEXT_THEME = "next_theme", _("Next theme")


class Evidence(models.TextChoices):
    DAFTAR_HADIR = "daftar_hadir", _("Attendance list (daftar hadir)")
    PHOTO_BEFORE = "photo_before", _("Photo before")
    PHOTO_DURING = "photo_during", _("Photo during")
    PHOTO_AFTER = "photo_after", _("Photo after")
    RAW_DATA = "raw_data", _("Raw data")
    SOP = "sop", _("Standard operating procedure (SOP)")
    OTHER = "other", _("Other")


class Method(models.Model):
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_method"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def default(cls) -> "Method":
        """The default method (TULTA 7 steps). Runs a query."""
        return cls.objects.get(is_default=True)


class MethodStep(models.Model):
    method = models.ForeignKey(Method, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.SlugField(_("code"))
    name = models.CharField(_("name"), max_length=120)
    pdca = models.CharField(_("PDCA phase"), max_length=10, choices=PdcaPhase.choices)
    explanation = models.TextField(_("explanation for the writer"), blank=True)
    tools = models.JSONField(_("tools"), default=list, blank=True)
    evidence = models.JSONField(_("required evidence"), default=list, blank=True)

    class Meta:
        verbose_name = _("method step")
        verbose_name_plural = _("method steps")
        ordering = ["method", "number"]
        constraints = [
            models.UniqueConstraint(fields=["method", "number"], name="method_step_number_unique"),
            models.UniqueConstraint(fields=["method", "code"], name="method_step_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class YearRules(models.Model):
    """The bureau's choices for a programme year's risalah: the method and the thresholds."""

    programme_year = models.OneToOneField(
        ProgrammeYear, on_delete=models.CASCADE, related_name="risalah_rules"
    )
    method = models.ForeignKey(Method, verbose_name=_("method"), on_delete=models.PROTECT)
    min_meetings = models.PositiveSmallIntegerField(_("minimum number of meetings"), default=6)
    min_attendance_pct = models.PositiveSmallIntegerField(_("minimum average attendance (%)"), default=75)

    class Meta:
        verbose_name = _("risalah rules for a year")
        verbose_name_plural = _("risalah rules for a year")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_attendance_pct__lte=100), name="year_rules_attendance_pct_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_year}: {self.method}"


class Status(models.TextChoices):
    """A risalah's place in the workflow; only risalah.transitions.transition changes it.

    The groups of statuses the code reads are set below the class (an enum's body cannot name
    its own members), once, as ``Status.EDITABLE`` and the like.
    """

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("Under review")
    RETURNED = "returned", _("Returned for revision")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


# The group may write: a draft, or a risalah returned for revision.
Status.EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
# Out of the group's hands, so shown as filed (the roster, SK and figures of the submission).
Status.FILED = frozenset(Status) - Status.EDITABLE
# The verifikator may write notes and decide: submitted, or under review.
Status.REVIEWABLE = frozenset({Status.SUBMITTED, Status.IN_REVIEW})
# The verifikator has decided; the last transition says who and why.
Status.DECIDED = frozenset({Status.VERIFIED, Status.REJECTED})
# Filed and not rejected: the dashboard counts their figures.
Status.STANDING = Status.FILED - {Status.REJECTED}


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")


class Risalah(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="risalah"
    )
    programme_year = models.ForeignKey(
        ProgrammeYear, verbose_name=_("programme year"), on_delete=models.PROTECT, related_name="risalah"
    )
    method = models.ForeignKey(Method, verbose_name=_("method"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    theme = models.CharField(_("theme (tema)"), max_length=250, blank=True)
    # The measurable title, in parts; the portal composes the sentence (risalah.titles).
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    metric = models.CharField(_("what is measured"), max_length=250, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    title = models.TextField(_("title"), blank=True)
    title_is_custom = models.BooleanField(_("title edited by hand"), default=False)
    schedule_start = models.DateField(_("first week of the schedule"), null=True, blank=True)
    schedule_weeks = models.PositiveSmallIntegerField(_("weeks in the schedule"), default=16)
    conclusion = models.TextField(_("conclusion"), blank=True)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # A verified risalah is frozen; a later correction is a new revision that is reviewed again.
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    previous_revision = models.OneToOneField(
        "self",
        verbose_name=_("previous revision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_revision",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("risalah")
        verbose_name_plural = _("risalah")
        ordering = ["-programme_year__year", "group__name"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="risalah_status_valid"),
            models.CheckConstraint(
                condition=Q(schedule_weeks__gte=1, schedule_weeks__lte=52),
                name="risalah_schedule_weeks_range",
            ),
            # One risalah per group and programme year; a correction is its next revision.
            models.UniqueConstraint(
                fields=["group", "programme_year", "revision"], name="risalah_one_per_group_per_year"
            ),
        ]
        indexes = [
            # The risalah list's count and its page of keys read this (an index-only scan, 2 MB)
            # instead of the whole table of wide rows (17 MB at a big kabupaten).
            models.Index(fields=["programme_year", "group", "created_at", "id"], name="risalah_list_keys"),
        ]

    def __str__(self) -> str:
        return self.title or self.theme or str(self.group)

    @property
    def is_editable(self) -> bool:
        return self.status in Status.EDITABLE


class RisalahStep(models.Model):
    risalah = models.ForeignKey(Risalah, on_delete=models.CASCADE, related_name="steps")
    method_step = models.ForeignKey(MethodStep, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(_("tool data"), default=dict, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    planned_weeks = models.JSONField(_("planned weeks"), default=list, blank=True)
    actual_weeks = models.JSONField(_("actual weeks"), default=list, blank=True)
    # Each save increments the version; a save based on an older version is a conflict.
    version = models.PositiveIntegerField(default=0)
    # Rendered SVG charts keyed by chart name, with the hash of the data they were drawn from.
    charts = models.JSONField(default=dict, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "charts"])

    class Meta:
        verbose_name = _("risalah step")
        verbose_name_plural = _("risalah steps")
        ordering = ["risalah", "method_step__number"]
        constraints = [
            models.UniqueConstraint(fields=["risalah", "method_step"], name="risalah_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.risalah}: {self.method_step}"


class Meeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    risalah = models.ForeignKey(Risalah, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    agenda = models.CharField(_("agenda"), max_length=250)
    notulen = models.TextField(_("minutes (notulen)"), blank=True)
    attendees = models.ManyToManyField(Person, verbose_name=_("present"), blank=True, related_name="meetings")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=1440),
                name="meeting_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.agenda}"


def upload_to_attachment(instance, filename: str) -> str:
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"risalah/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    risalah = models.ForeignKey(Risalah, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=Evidence.choices)
    step = models.ForeignKey(
        RisalahStep,
        verbose_name=_("step"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=upload_to_attachment)
    thumbnail = models.FileField(upload_to=upload_to_attachment, blank=True, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.caption or self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Transition(models.Model):
    """Every status change of a risalah: who, when, from what to what, and why."""

    risalah = models.ForeignKey(Risalah, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    # On a return: the content as the verifikator saw it, so the next review shows what changed.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    # On a submission: handed in after the programme year's risalah deadline.
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.risalah}: {self.from_status} → {self.to_status}"


class ReviewNote(models.Model):
    """A verifikator's note on one step (or on the whole risalah when ``step`` is empty).

    Notes written during a review belong to the return (``transition``) that sends them to
    the group; until then they are the verifikator's working notes.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    risalah = models.ForeignKey(Risalah, on_delete=models.CASCADE, related_name="review_notes")
    step = models.ForeignKey(
        RisalahStep,
        verbose_name=_("step"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_notes",
    )
    text = models.TextField(_("note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    transition = models.ForeignKey(
        Transition, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )

    class Meta:
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class RisalahSnapshot(models.Model):
    """What the risalah showed as its roster, SK and meeting figures when it was filed.

    Written by the submission and by the verification (in their transaction, one per such
    Transition), so a later change of the group's roster or SK never changes a filed risalah.
    The shapes are those of ``risalah.snapshots``.
    """

    risalah = models.ForeignKey(Risalah, on_delete=models.CASCADE, related_name="snapshots")
    transition = models.OneToOneField(Transition, on_delete=models.CASCADE, related_name="filed")
    roster = models.JSONField(default=list)
    sk = models.JSONField(null=True, blank=True)
    figures = models.JSONField(default=dict)
    # The figures the dashboard sums, as filed (``figures`` holds the same for the risalah's own
    # pages): meetings, roster members present and expected over them (Pembina not counted), and
    # the people counted as members (distinct people can only be counted from rows).
    meetings = models.PositiveIntegerField(_("meetings"), default=0)
    present = models.PositiveIntegerField(_("members present"), default=0)
    expected = models.PositiveIntegerField(_("members expected"), default=0)
    members = models.ManyToManyField(Person, verbose_name=_("members"), related_name="filed_in", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The newest snapshot of its risalah (by created_at, then pk): the one the dashboard counts.
    # Kept by risalah.snapshots.record, the only writer; reading it spares the dashboard a "no
    # newer snapshot" probe per row and a scan of this wide table.
    is_latest = models.BooleanField(_("newest of its risalah"), default=False)

    class Meta:
        verbose_name = _("risalah as filed")
        verbose_name_plural = _("risalah as filed")
        ordering = ["created_at", "pk"]
        constraints = [
            # Also the (small, partial) index the dashboard reads the newest snapshots through.
            models.UniqueConstraint(
                fields=["risalah"], condition=Q(is_latest=True), name="risalah_snapshot_one_latest"
            ),
        ]
        indexes = [
            # What the dashboard reads of the newest snapshots, so that it reads them from this
            # index (an index-only scan) instead of the wide rows (rosters and SK as JSON).
            models.Index(
                fields=["risalah", "id", "meetings", "present", "expected"],
                condition=Q(is_latest=True),
                name="risalah_snapshot_latest_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risalah} @ {self.created_at:%Y-%m-%d %H:%M}"
