"""Certificates (winners, presenting groups, Bimtek attendees) and the Bimtek's participants."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Unit
from events.models.events import AwardTier, Event, Participant


class BimtekQuota(models.Model):
    """How many people an OPD may register for a Bimtek."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    seats = models.PositiveSmallIntegerField(_("seats"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["event", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["event", "unit"], name="bimtek_quota_once_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.seats}"


class BimtekParticipant(models.Model):
    """A person registered for a Bimtek or seminar (by NIP), and whether they attended."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(
        "groups.Person",
        verbose_name=_("ASN"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("name"), max_length=150)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    attended = models.BooleanField(_("attended"), default=False)
    attended_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Bimtek participant")
        verbose_name_plural = _("Bimtek participants")
        ordering = ["event", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "nip"], name="bimtek_participant_once_per_event"),
            models.CheckConstraint(
                condition=Q(attended=False, attended_at__isnull=True)
                | Q(attended=True, attended_at__isnull=False),
                name="bimtek_attended_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class CertificateKind(models.TextChoices):
    WINNER = "winner", _("Winner")
    PRESENTER = "presenter", _("Presenting group")
    BIMTEK_ATTENDEE = "bimtek_attendee", _("Bimtek attendee")


class Certificate(models.Model):
    """A numbered certificate; anyone can check its verification code on a public page."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    number = models.CharField(_("number"), max_length=60, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=20, unique=True)
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="certificates"
    )
    attendee = models.ForeignKey(
        BimtekParticipant, on_delete=models.PROTECT, null=True, blank=True, related_name="certificates"
    )
    award_tier = models.ForeignKey(
        AwardTier, verbose_name=_("award"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # As printed: the certificate says what it said on the day even if a name changes later.
    recipient_name = models.CharField(_("awarded to"), max_length=250)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["event", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CertificateKind.values), name="certificate_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="bimtek_attendee", attendee__isnull=False, participant__isnull=True)
                | Q(kind__in=["winner", "presenter"], participant__isnull=False, attendee__isnull=True),
                name="certificate_has_one_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(kind="winner") | Q(award_tier__isnull=False),
                name="certificate_winner_has_award",
            ),
            models.UniqueConstraint(
                fields=["participant", "kind"],
                condition=Q(revoked_at__isnull=True, participant__isnull=False),
                name="certificate_once_per_participant_kind",
            ),
            models.UniqueConstraint(
                fields=["attendee"],
                condition=Q(revoked_at__isnull=True, attendee__isnull=False),
                name="certificate_once_per_attendee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.recipient_name}"
