"""Writes of the results pages: winners sent to the provincial round, certificates issued in bulk.

Like events.services: keyword-only, one transaction, the audit row written there. Reads that the
public pages share (a published event's results, a certificate found by its code) live here too.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import history
from events.attendance import certificate_issue
from events.models import (
    Certificate,
    CertificateKind,
    Event,
    EventStatus,
    Participant,
    Result,
    Round,
)


def last_round(event: Event) -> Round | None:
    """The event's final round (its results carry the awards). One query."""
    return event.rounds.order_by("-order").first()


def final_results(event: Event):
    """The last round's results with what the pages show of each group (no N+1)."""
    return (
        Result.objects.filter(round__event=event, round=last_round(event))
        .select_related("participant__group__unit", "track", "award_tier")
        .order_by("track__order", "track__pk", "rank", "participant__group__name")
    )


def _require_published(event: Event) -> None:
    if event.status != EventStatus.RESULTS_PUBLISHED:
        raise ValidationError(_("Publish the results first."), code="not_published")


@transaction.atomic
def participant_send_onward(*, participant: Participant, by) -> Participant:
    """Mark a winner of a published event as sent to the provincial round (once)."""
    participant = Participant.objects.select_for_update().select_related("event").get(pk=participant.pk)
    _require_published(participant.event)
    has_award = Result.objects.filter(
        round=last_round(participant.event), participant=participant, award_tier__isnull=False
    ).exists()
    if not has_award:
        raise ValidationError(
            _("Only a group with an award goes on to the provincial round."), code="no_award"
        )
    if participant.sent_onward_at is None:
        participant.sent_onward_at = timezone.now()
        participant.save(update_fields=["sent_onward_at"])
        history.record("sent_onward", event=participant.event, by=by, target=participant)
    return participant


def onward_candidates(event: Event):
    """The winners sent on to this event: groups of its scope marked as sent to the provincial
    round by a published event of a smaller scope in the same programme year, not yet entered."""
    return (
        Participant.objects.filter(
            sent_onward_at__isnull=False,
            event__kind=event.kind,
            event__status=EventStatus.RESULTS_PUBLISHED,
            event__programme_year_id=event.programme_year_id,
            event__scope__path__startswith=event.scope.path,
        )
        .exclude(event__scope_id=event.scope_id)
        .exclude(group_id__in=event.participants.values("group_id"))
        .select_related("event", "group__unit", "track")
        .order_by("event__title", "group__name")
    )


@dataclass(frozen=True)
class TakenOnward:
    entered: list[Participant]
    refused: list[tuple[Participant, str]]  # the winner and why it was not entered


@transaction.atomic
def participants_take_onward(*, event: Event, by) -> TakenOnward:
    """Enter every winner sent on to this event in the track of the same code, through the same
    rules as any registration (the scope, a verified risalah for KBK Prestasi, ...)."""
    from events.services import participant_register

    tracks = {track.code: track for track in event.tracks.all()}
    entered, refused = [], []
    for source in onward_candidates(event):
        track = tracks.get(source.track.code)
        if track is None:
            refused.append((source, _("This event has no track %(track)s.") % {"track": source.track.name}))
            continue
        try:
            with transaction.atomic():
                participant = participant_register(event=event, group=source.group, track=track, by=by)
        except ValidationError as error:
            refused.append((source, " ".join(error.messages)))
            continue
        history.record("taken_onward", event=event, by=by, target=participant, from_event=source.event.title)
        entered.append(participant)
    return TakenOnward(entered, refused)


@dataclass(frozen=True)
class Issued:
    winners: int
    presenters: int


@transaction.atomic
def certificates_issue_all(*, event: Event, by) -> Issued:
    """A winner's certificate for every award of the last round and a presenter's certificate
    for every group ranked in it; certificates already issued are kept (not numbered again)."""
    _require_published(event)
    winners = presenters = 0
    for result in final_results(event):
        if result.award_tier_id is not None:
            certificate_issue(event=event, kind=CertificateKind.WINNER, participant=result.participant, by=by)
            winners += 1
        certificate_issue(event=event, kind=CertificateKind.PRESENTER, participant=result.participant, by=by)
        presenters += 1
    return Issued(winners, presenters)


@dataclass(frozen=True)
class Lookup:
    """What the public verification page found for a code."""

    code: str
    certificate: Certificate | None

    @property
    def revoked(self) -> bool:
        return self.certificate is not None and self.certificate.revoked_at is not None


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def certificate_lookup(code: str) -> Lookup:
    """The certificate with this code, valid or revoked (case and spaces ignored). One query."""
    code = normalise_code(code)
    certificate = (
        Certificate.objects.select_related("event", "award_tier").filter(verification_code=code).first()
        if code
        else None
    )
    return Lookup(code, certificate)
