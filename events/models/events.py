"""An event, its rounds, tracks, rubric and award tiers, its participants and their schedule."""

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import Unit
from groups.models import Group, ProgrammeYear


class EventKind(models.TextChoices):
    GELAR = "gelar", _("Gelar Budaya Kerja / competition")
    BIMTEK = "bimtek", _("Bimtek (technical guidance)")
    SEMINAR = "seminar", _("Seminar")


# Kinds with rounds, tracks, juries and a ranking.
COMPETITION_KINDS = frozenset({EventKind.GELAR})


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    RUNNING = "running", _("Running")
    RESULTS_PUBLISHED = "results_published", _("Results published")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean")
    MEDIAN = "median", _("Median")


class EventQuerySet(models.QuerySet):
    def within(self, unit: Unit):
        """Events whose participating subtree lies under ``unit`` (a provincial event of a
        Pemprov sees the kabupaten events under it)."""
        return self.filter(scope__path__startswith=unit.path)


class Event(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.GELAR)
    title = models.CharField(_("title"), max_length=200)
    programme_year = models.ForeignKey(
        ProgrammeYear, verbose_name=_("programme year"), on_delete=models.PROTECT, related_name="events"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="organised_events"
    )
    scope = models.ForeignKey(
        Unit,
        verbose_name=_("participating units (and everything under them)"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only groups of this unit and the units under it may take part."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    # The lottery of the presentation order: the seed is kept so anyone can repeat the draw.
    lottery_seed = models.BigIntegerField(_("lottery seed"), null=True, blank=True)
    lottery_drawn_at = models.DateTimeField(_("lottery drawn at"), null=True, blank=True)
    lottery_drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A presentation slot: yel-yel, then the presentation, then the questions (DOMAIN.md: 5+10+5).
    slot_yel_yel_minutes = models.PositiveSmallIntegerField(_("yel-yel (minutes)"), default=5)
    slot_presentation_minutes = models.PositiveSmallIntegerField(_("presentation (minutes)"), default=10)
    slot_questions_minutes = models.PositiveSmallIntegerField(_("questions (minutes)"), default=5)
    slot_gap_minutes = models.PositiveSmallIntegerField(_("changeover between groups (minutes)"), default=0)
    day_starts_at = models.TimeField(_("first slot of a day"), default=time(8, 0))
    slots_per_day = models.PositiveSmallIntegerField(_("groups per day"), default=15)
    break_every = models.PositiveSmallIntegerField(
        _("a break after every ... groups"), default=5, help_text=_("0 for no breaks.")
    )
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=15)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="event_ends_after_start"),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=EventStatus.values), name="event_status_valid"),
            models.CheckConstraint(
                condition=Q(slot_presentation_minutes__gte=1), name="event_slot_has_a_presentation"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_competition(self) -> bool:
        return self.kind in COMPETITION_KINDS

    @property
    def slot_minutes(self) -> int:
        return self.slot_yel_yel_minutes + self.slot_presentation_minutes + self.slot_questions_minutes


class RoundKind(models.TextChoices):
    DESK = "desk", _("Desk screening of the risalah")
    PRESENTATION = "presentation", _("Presentation")


class Round(models.Model):
    """One round of a competition. ``advance_count`` groups per track go on to the next round."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices)
    advance_count = models.PositiveSmallIntegerField(
        _("groups that go on to the next round (per track)"), null=True, blank=True
    )
    # Scores can change until the bureau locks the round.
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["event", "order"]
        constraints = [
            models.UniqueConstraint(fields=["event", "order"], name="round_order_unique_per_event"),
            models.CheckConstraint(condition=Q(kind__in=RoundKind.values), name="round_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.name}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


# The default tie-break order (DOMAIN.md): the risalah criterion, then the questions, then the lottery.
DEFAULT_TIE_BREAKS = ["criterion:risalah", "criterion:tanya_jawab", "lottery"]


class Track(models.Model):
    """An award track (KBK Prestasi, KBK Kreatif) with its own rubric and ranking rules.

    ``tie_breaks`` lists the rules in order: ``criterion:<code>`` (the higher aggregated score
    of that criterion wins), ``raw_total`` (the total before normalisation) and ``lottery``
    (the earlier lottery number wins); see events.scoring.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    requires_verified_risalah = models.BooleanField(
        _("requires a verified risalah of the year"), default=False
    )
    aggregation = models.CharField(
        _("aggregation of the juries' totals"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
    )
    normalise = models.BooleanField(
        _("normalise each jury's totals (z-score)"),
        default=False,
        help_text=_("Evens out strict and lenient juries."),
    )
    tie_breaks = models.JSONField(_("tie-break rules, in order"), default=list, blank=True)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["event", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="track_code_unique_per_event"),
            models.CheckConstraint(
                condition=Q(aggregation__in=Aggregation.values), name="track_aggregation_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """One line of a track's rubric in one round: points 0..max_points, worth ``weight`` of the total."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="criteria")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what the jury looks at"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=100)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["track", "round", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["track", "round", "code"], name="criterion_code_unique_per_track_round"
            ),
            models.CheckConstraint(condition=Q(max_points__gte=1), name="criterion_max_points_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class AwardTier(models.Model):
    """An award given per track to the group at ``rank`` (Juara I at 1, ..., Harapan II at 5)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="award_tiers")
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=60)
    goes_onward = models.BooleanField(_("goes on to the provincial round"), default=False)

    class Meta:
        verbose_name = _("award tier")
        verbose_name_plural = _("award tiers")
        ordering = ["event", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["event", "rank"], name="award_tier_rank_unique_per_event"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="award_tier_rank_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class ParticipantQuerySet(models.QuerySet):
    def in_round(self, round: Round):
        return self.filter(event_id=round.event_id, current_round__order__gte=round.order)

    def for_schedule(self):
        return self.select_related("group__unit", "track").order_by("lottery_order", "group__name", "pk")


class Participant(models.Model):
    """A group taking part in a competition, in one track.

    ``current_round`` is the furthest round the group reached; it is in every round up to it.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="event_entries"
    )
    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.PROTECT, related_name="participants"
    )
    risalah = models.ForeignKey(
        "risalah.Risalah",
        verbose_name=_("risalah"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_entries",
    )
    current_round = models.ForeignKey(
        Round, verbose_name=_("round reached"), on_delete=models.PROTECT, related_name="+"
    )
    lottery_order = models.PositiveSmallIntegerField(_("presentation order"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    sent_onward_at = models.DateTimeField(_("sent to the provincial round at"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "lottery_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "group"], name="event_one_participant_per_group"),
            models.UniqueConstraint(
                fields=["event", "lottery_order"],
                condition=Q(lottery_order__isnull=False),
                name="event_lottery_order_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} ({self.track})"


class ScheduleSlot(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="slots")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    notified_at = models.DateTimeField(_("group told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule slot")
        verbose_name_plural = _("schedule")
        ordering = ["round", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "round"], name="slot_once_per_participant_round"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.starts_at:%Y-%m-%d %H:%M}"
