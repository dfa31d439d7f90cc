"""Writes of the Bimtek's side and of certificates: registration by NIP within an OPD's quota,
check-in on the day, numbered certificates with a verification code. Re-exported by
events.services."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Unit
from core.nip import clean_nip
from events import history
from events.models import (
    BimtekParticipant,
    BimtekQuota,
    Certificate,
    CertificateKind,
    Event,
    EventStatus,
    Participant,
    Result,
)

# Letters and digits that cannot be mistaken for one another when typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
KIND_CODES = {
    CertificateKind.WINNER: "JUARA",
    CertificateKind.PRESENTER: "PESERTA",
    CertificateKind.BIMTEK_ATTENDEE: "BIMTEK",
}


def quota_for(event: Event, unit: Unit) -> BimtekQuota | None:
    """The quota covering ``unit``: the one of its nearest ancestor (or itself) that has one."""
    quotas = [q for q in event.quotas.select_related("unit") if unit.is_within(q.unit)]
    return max(quotas, key=lambda q: q.unit.depth, default=None)


@transaction.atomic
def bimtek_register(*, event: Event, nip: str, name: str, unit: Unit, by, person=None) -> BimtekParticipant:
    """Register a person for a Bimtek or seminar; refused over the quota of the person's OPD."""
    if event.is_competition:
        raise ValidationError(_("A competition takes groups, not single people."), code="competition")
    if event.status not in (EventStatus.DRAFT, EventStatus.REGISTRATION_OPEN):
        raise ValidationError(_("Registration for this event is closed."), code="registration_closed")
    if not unit.is_within(event.scope):
        raise ValidationError(_("This unit may not take part in this event."), code="outside_scope")
    nip = clean_nip(nip)
    quota = quota_for(event, unit)
    if quota is not None:
        quota = BimtekQuota.objects.select_for_update().get(pk=quota.pk)  # one registration at a time
        taken = BimtekParticipant.objects.filter(event=event, unit__path__startswith=quota.unit.path).count()
        if taken >= quota.seats:
            raise ValidationError(
                _("%(unit)s has used all its %(seats)s seats.") % {"unit": quota.unit, "seats": quota.seats},
                code="quota_full",
            )
    try:
        with transaction.atomic():
            attendee = BimtekParticipant.objects.create(
                event=event, nip=nip, name=name.strip(), unit=unit, person=person, registered_by=by
            )
    except IntegrityError:
        raise ValidationError(_("This NIP is already registered."), code="already_registered") from None
    history.record("registered", event=event, by=by, target=attendee)
    return attendee


@transaction.atomic
def bimtek_check_in(*, attendee: BimtekParticipant, by) -> BimtekParticipant:
    """Mark a registered person present (a second check-in keeps the first time)."""
    updated = BimtekParticipant.objects.filter(pk=attendee.pk, attended=False).update(
        attended=True, attended_at=timezone.now()
    )
    attendee.refresh_from_db()
    if updated:
        history.record("checked_in", event=attendee.event, by=by, target=attendee)
    return attendee


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _index in range(10))


@transaction.atomic
def certificate_issue(
    *,
    event: Event,
    kind: str,
    by,
    participant: Participant | None = None,
    attendee: BimtekParticipant | None = None,
) -> Certificate:
    """A numbered certificate ("007/JUARA/2026/<event>") with a random verification code.

    A winner's certificate needs an award in the last round's results, a Bimtek certificate an
    attendance. Issuing the same certificate twice returns the first one.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)  # numbers are handed out one by one
    tier = None
    if kind == CertificateKind.BIMTEK_ATTENDEE:
        if attendee is None or attendee.event_id != event.pk or not attendee.attended:
            raise ValidationError(_("Only people who attended get a certificate."), code="not_attended")
        existing = Certificate.objects.filter(attendee=attendee, revoked_at__isnull=True).first()
        recipient = attendee.name
    else:
        if participant is None or participant.event_id != event.pk:
            raise ValidationError(_("That group takes part in another event."), code="foreign_participant")
        if kind == CertificateKind.WINNER:
            last = event.rounds.order_by("-order").first()
            result = Result.objects.filter(
                round=last, participant=participant, award_tier__isnull=False
            ).first()
            if result is None:
                raise ValidationError(_("This group has no award."), code="no_award")
            tier = result.award_tier
        existing = Certificate.objects.filter(
            participant=participant, kind=kind, revoked_at__isnull=True
        ).first()
        recipient = f"{participant.group.name} — {participant.group.unit.name}"
    if existing is not None:
        return existing
    sequence = Certificate.objects.filter(event=event).count() + 1
    certificate = Certificate.objects.create(
        event=event,
        kind=kind,
        number=f"{sequence:03d}/{KIND_CODES[kind]}/{event.programme_year.year}/{event.pk}",
        verification_code=_code(),
        participant=participant if kind != CertificateKind.BIMTEK_ATTENDEE else None,
        attendee=attendee if kind == CertificateKind.BIMTEK_ATTENDEE else None,
        award_tier=tier,
        recipient_name=recipient,
        issued_by=by,
    )
    history.record("certificate", event=event, by=by, target=certificate.number)
    return certificate


def certificate_verify(code: str) -> Certificate | None:
    """The valid certificate with this verification code (case and spaces ignored). One query."""
    code = "".join(code.split()).upper()
    return (
        Certificate.objects.select_related("event", "award_tier")
        .filter(verification_code=code, revoked_at__isnull=True)
        .first()
    )
