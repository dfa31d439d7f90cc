"""Juries, their assignments and conflicts of interest, scores with their history, and results."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models.events import AwardTier, Criterion, Event, Participant, Round, Track


class JuryKind(models.TextChoices):
    INTERNAL = "internal", _("Internal (staff)")
    EXTERNAL = "external", _("External guest")


class Jury(models.Model):
    """A jury member of one event: a role scoped to the event, not to a unit.

    An external guest gets an account and an invitation link; only the SHA-256 digest of the
    link's token is stored.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="juries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.PROTECT, related_name="juries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=JuryKind.choices, default=JuryKind.INTERNAL)
    affiliation = models.CharField(
        _("affiliation"), max_length=200, blank=True, help_text=_("For a guest: the company or institution.")
    )
    invitation_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("invitation accepted at"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="jury_once_per_event"),
            models.CheckConstraint(condition=Q(kind__in=JuryKind.values), name="jury_kind_valid"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class JuryAssignment(models.Model):
    """A jury member scores a participant in a round."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="assignments")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="assignments")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jury assignment")
        verbose_name_plural = _("jury assignments")
        ordering = ["round", "participant", "jury"]
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "participant", "round"], name="jury_assignment_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jury} → {self.participant}"


class ConflictSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Found automatically")
    DECLARED = "declared", _("Declared by the jury member")


class ConflictOfInterest(models.Model):
    """A jury member who must not score a participant, and why."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="conflicts")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="conflicts")
    source = models.CharField(_("source"), max_length=10, choices=ConflictSource.choices)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["jury", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "participant"], name="conflict_once_per_jury_participant"
            ),
            models.CheckConstraint(
                condition=Q(source__in=ConflictSource.values), name="conflict_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jury} ✗ {self.participant}"


class Score(models.Model):
    """A jury member's points for one criterion of one participant in one round.

    The offline score form sends each entry with an idempotency key; the key of every write is
    kept in ScoreChange, so a resent entry is recognised and counted once.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jury = models.ForeignKey(Jury, on_delete=models.PROTECT, related_name="scores")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="scores")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    # The key of the latest write; every key written is in ScoreChange.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64)
    # The bureau officer who typed in a paper score sheet; empty when the jury member entered it.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered from paper by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["round", "participant", "jury", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["jury", "participant", "round", "criterion"], name="score_one_per_key"
            ),
            # The upper bound is the criterion's maximum: checked by the service and the form.
            models.CheckConstraint(condition=Q(points__gte=0), name="score_points_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.jury} · {self.participant} · {self.criterion}: {self.points}"


class ScoreChange(models.Model):
    """Every write of a score: what it was, what it became, who wrote it, under which key."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="changes")
    idempotency_key = models.CharField(_("idempotency key"), max_length=64)
    old_points = models.DecimalField(
        _("previous points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    new_points = models.DecimalField(_("new points"), max_digits=6, decimal_places=2)
    old_comment = models.TextField(_("previous comment"), blank=True)
    new_comment = models.TextField(_("new comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        ordering = ["at", "pk"]
        constraints = [
            # A resent entry (same score, same key) is recognised: it is written once.
            models.UniqueConstraint(fields=["score", "idempotency_key"], name="score_change_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.old_points} → {self.new_points}"


class Result(models.Model):
    """A participant's place in a round and track, as computed by events.scoring."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="results")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="results")
    rank = models.PositiveSmallIntegerField(_("rank"))
    total = models.DecimalField(_("total"), max_digits=9, decimal_places=4)
    raw_total = models.DecimalField(_("total before normalisation"), max_digits=9, decimal_places=4)
    jury_count = models.PositiveSmallIntegerField(_("juries counted"))
    criterion_scores = models.JSONField(_("score per criterion"), default=dict)
    # How a tie was broken: {"tied_with": [participant pks], "rule": "criterion:risalah", "value": "42.5"}.
    tie_break = models.JSONField(_("how a tie was broken"), default=dict, blank=True)
    award_tier = models.ForeignKey(
        AwardTier, verbose_name=_("award"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    advanced = models.BooleanField(_("went on to the next round"), default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["round", "track", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant"], name="result_once_per_round_participant"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="result_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.participant}"
