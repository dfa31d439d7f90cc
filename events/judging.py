"""Writes of the juries' side: jury members, conflicts of interest, assignments and scores.

Keyword-only, one transaction each, like events.services (which re-exports them).
"""

import hashlib
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import PEMDA_KINDS, Unit
from events import conflicts, history
from events.models import (
    ConflictOfInterest,
    ConflictSource,
    Criterion,
    Event,
    Jury,
    JuryAssignment,
    JuryKind,
    Participant,
    Round,
    Score,
    ScoreChange,
)


def _pemda_paths() -> set[str]:
    return set(Unit.objects.filter(kind__in=PEMDA_KINDS).values_list("path", flat=True))


def conflict_reason(jury: Jury, participant: Participant, pemda_paths: set[str]) -> str | None:
    """Why ``jury`` must not score ``participant`` by the unit tree; None when free to.
    Needs jury.user.unit and participant.group.unit loaded; runs a query to name the OPD."""
    unit = jury.user.unit
    group_unit = participant.group.unit
    if unit is None or not conflicts.in_conflict(unit.path, group_unit.path, pemda_paths):
        return None
    opd = Unit.objects.get(path=conflicts.opd_path(group_unit.path, pemda_paths))
    # Stored with the conflict: written in the portal's language, whoever's menu triggered it.
    with translation.override(settings.LANGUAGE_CODE):
        if unit.path == opd.path:
            return _("%(jury)s works in %(opd)s, the OPD of %(group)s.") % {
                "jury": jury.user,
                "opd": opd,
                "group": participant.group.name,
            }
        return _("%(jury)s works in %(unit)s, in %(opd)s, the OPD of %(group)s.") % {
            "jury": jury.user,
            "unit": unit,
            "opd": opd,
            "group": participant.group.name,
        }


@transaction.atomic
def conflicts_detect(*, event: Event, juries: Iterable[Jury] | None = None) -> list[ConflictOfInterest]:
    """Record the automatic conflicts of interest of the event's juries (or of ``juries``) with
    its participants. A declared conflict stays as declared. Returns the new rows."""
    pemda_paths = _pemda_paths()
    juries = list(juries if juries is not None else event.juries.select_related("user__unit"))
    participants = list(event.participants.select_related("group__unit"))
    known = set(ConflictOfInterest.objects.filter(jury__in=juries).values_list("jury_id", "participant_id"))
    found = []
    for jury in juries:
        for participant in participants:
            if (jury.pk, participant.pk) in known:
                continue
            reason = conflict_reason(jury, participant, pemda_paths)
            if reason:
                found.append(
                    ConflictOfInterest(
                        jury=jury, participant=participant, source=ConflictSource.AUTOMATIC, reason=reason
                    )
                )
    created = ConflictOfInterest.objects.bulk_create(found)
    # An assignment made before the conflict was known is withdrawn where it can still be.
    for conflict in created:
        JuryAssignment.objects.filter(
            jury=conflict.jury, participant=conflict.participant, round__locked_at__isnull=True
        ).delete()
    return created


@transaction.atomic
def conflict_declare(*, jury: Jury, participant: Participant, reason: str, by) -> ConflictOfInterest:
    """A jury member declares a conflict with a group; their assignments to it in open rounds go."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say what the conflict of interest is."), code="reason_required")
    if participant.event_id != jury.event_id:
        raise ValidationError(_("That group takes part in another event."), code="foreign_participant")
    conflict, created = ConflictOfInterest.objects.get_or_create(
        jury=jury, participant=participant, defaults={"source": ConflictSource.DECLARED, "reason": reason}
    )
    # An automatic conflict found earlier keeps its reason: the unit tree already bars the pair.
    JuryAssignment.objects.filter(jury=jury, participant=participant, round__locked_at__isnull=True).delete()
    history.record("conflict_declared", event=jury.event, by=by, target=participant, jury=str(jury))
    return conflict


@transaction.atomic
def jury_add(*, event: Event, user, by, kind: str = JuryKind.INTERNAL, affiliation: str = "") -> Jury:
    """Make ``user`` a jury member of ``event``; their automatic conflicts are recorded at once."""
    if Jury.objects.filter(event=event, user=user).exists():
        raise ValidationError(_("This person is already on the jury."), code="already_jury")
    jury = Jury.objects.create(
        event=event, user=user, kind=kind, affiliation=affiliation.strip(), added_by=by
    )
    jury = Jury.objects.select_related("user__unit").get(pk=jury.pk)
    conflicts_detect(event=event, juries=[jury])
    history.record("jury_added", event=event, by=by, target=jury)
    return jury


# How long an invitation link works; the bureau can always send a new one.
INVITATION_VALID_DAYS = 14


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def jury_invite_guest(
    *, event: Event, email: str, full_name: str, by, affiliation: str = ""
) -> tuple[Jury, str]:
    """An external jury member: an account without a password (made when first invited) and an
    invitation token for the link (only its digest is stored). Returns the jury and the token."""
    User = get_user_model()
    email = email.strip()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email.lower()[:150], email=email, full_name=full_name.strip())
        user.set_unusable_password()
        user.save()
    jury = Jury.objects.filter(event=event, user=user).first()
    if jury is None:
        jury = jury_add(event=event, user=user, by=by, kind=JuryKind.EXTERNAL, affiliation=affiliation)
    token = secrets.token_urlsafe(32)
    jury.invitation_digest, jury.invited_at = _digest(token), timezone.now()
    jury.save(update_fields=["invitation_digest", "invited_at"])
    history.record("jury_invited", event=event, by=by, target=jury)
    return jury, token


def jury_for_invitation(token: str) -> Jury | None:
    """The jury membership of an invitation link's token. One query."""
    return Jury.objects.select_related("user", "event").filter(invitation_digest=_digest(token)).first()


def participants_judged_in(round: Round):
    """Participants of the round whose track has a rubric in it."""
    return Participant.objects.in_round(round).filter(track__criteria__round=round).distinct()


@dataclass
class Balance:
    created: list[JuryAssignment] = field(default_factory=list)
    # Participants that could not get enough juries (conflicts, caps): how many are missing.
    short: dict[Participant, int] = field(default_factory=dict)


@transaction.atomic
def assignments_balance(
    *, round: Round, by, per_group: int = 3, cap: int | None = None, track=None
) -> Balance:
    """Give every group of the round ``per_group`` juries, the least loaded first, never one with
    a conflict of interest and never more than ``cap`` groups per jury. Existing assignments
    count and stay."""
    if round.is_locked:
        raise ValidationError(_("The round is locked."), code="locked")
    participants = (
        participants_judged_in(round).select_related("group").order_by("lottery_order", "group__name", "pk")
    )
    if track is not None:
        participants = participants.filter(track=track)
    juries = list(Jury.objects.filter(event_id=round.event_id, is_active=True).order_by("pk"))
    barred = set(
        ConflictOfInterest.objects.filter(jury__event_id=round.event_id).values_list(
            "jury_id", "participant_id"
        )
    )
    existing = list(JuryAssignment.objects.filter(round=round).values_list("jury_id", "participant_id"))
    load = Counter(jury_id for jury_id, _participant in existing)
    taken = set(existing)
    result = Balance()
    # The groups with the fewest juries free of conflict are served first, so that the juries
    # they need are still under their cap; otherwise in lottery order.
    ordered = list(participants)
    free = {p.pk: sum(1 for jury in juries if (jury.pk, p.pk) not in barred) for p in ordered}
    ordered.sort(key=lambda p: free[p.pk])  # stable: the lottery order within equal counts
    for participant in ordered:
        have = sum(1 for jury in juries if (jury.pk, participant.pk) in taken)
        candidates = sorted(
            (
                jury
                for jury in juries
                if (jury.pk, participant.pk) not in taken
                and (jury.pk, participant.pk) not in barred
                and (cap is None or load[jury.pk] < cap)
            ),
            key=lambda jury: (load[jury.pk], jury.pk),
        )
        chosen = candidates[: max(per_group - have, 0)]
        for jury in chosen:
            load[jury.pk] += 1
            taken.add((jury.pk, participant.pk))
            result.created.append(
                JuryAssignment(jury=jury, participant=participant, round=round, assigned_by=by)
            )
        if have + len(chosen) < per_group:
            result.short[participant] = per_group - have - len(chosen)
    JuryAssignment.objects.bulk_create(result.created)
    history.record("assigned", event=round.event, by=by, target=round, count=len(result.created))
    return result


@transaction.atomic
def assignments_add(
    *, round: Round, juries: Iterable[Jury], participants: Iterable[Participant], by
) -> list[JuryAssignment]:
    """Assign every one of ``juries`` to every one of ``participants`` (in bulk), leaving out
    pairs that already exist; refused when a pair has a conflict of interest."""
    if round.is_locked:
        raise ValidationError(_("The round is locked."), code="locked")
    juries, participants = list(juries), list(participants)
    if any(j.event_id != round.event_id for j in juries) or any(
        p.event_id != round.event_id for p in participants
    ):
        raise ValidationError(_("Juries and groups must belong to the round's event."), code="foreign")
    barred = ConflictOfInterest.objects.filter(jury__in=juries, participant__in=participants).select_related(
        "jury__user", "participant__group"
    )
    if barred:
        raise ValidationError(
            [
                ValidationError(
                    _("%(jury)s may not score %(group)s: %(reason)s")
                    % {"jury": c.jury, "group": c.participant.group.name, "reason": c.reason},
                    code="conflict",
                )
                for c in barred
            ]
        )
    created = JuryAssignment.objects.bulk_create(
        [
            JuryAssignment(jury=j, participant=p, round=round, assigned_by=by)
            for j in juries
            for p in participants
        ],
        ignore_conflicts=True,
    )
    history.record("assigned", event=round.event, by=by, target=round, count=len(created))
    return created


@dataclass(frozen=True)
class ScoreSaved:
    score: Score
    # False for a resent entry (its key was stored already) and for an unchanged value.
    changed: bool
    replayed: bool = False


def _points(value, criterion: Criterion) -> Decimal:
    try:
        points = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number."), code="invalid_points") from None
    if not points.is_finite() or points < 0 or points > criterion.max_points:
        raise ValidationError(
            _("Points for %(criterion)s go from 0 to %(max)s.")
            % {"criterion": criterion.name, "max": criterion.max_points},
            code="points_out_of_range",
        )
    if points != points.quantize(Decimal("0.01")):
        raise ValidationError(_("Use at most two decimals."), code="too_many_decimals")
    return points.quantize(Decimal("0.01"))


@transaction.atomic
def score_save(
    *,
    jury: Jury,
    participant: Participant,
    round: Round,
    criterion: Criterion,
    points,
    idempotency_key: str,
    by,
    comment: str = "",
    from_paper: bool = False,
) -> ScoreSaved:
    """Store a jury member's points (and comment) for one criterion, idempotently.

    The same ``idempotency_key`` for the same score again is recognised and counts once, even
    after the round was locked (it was written before). Every change is a ScoreChange row.
    Refused (ValidationError with a code) when the round is locked, the jury member is not
    assigned to the group in the round or has a conflict of interest, the criterion is not
    the group's rubric in the round, or the points are outside 0..max. ``from_paper``: ``by``
    (a bureau officer) types in a paper score sheet; otherwise ``by`` must be the jury member.
    """
    idempotency_key = idempotency_key.strip()
    if not idempotency_key or len(idempotency_key) > 64:
        raise ValidationError(_("The entry has no valid key."), code="invalid_key")
    existing = ScoreChange.objects.filter(
        idempotency_key=idempotency_key,
        score__jury=jury,
        score__participant=participant,
        score__round=round,
        score__criterion=criterion,
    ).select_related("score")
    replay = existing.first()
    if replay is not None:
        return ScoreSaved(replay.score, changed=False, replayed=True)
    # The lock and the write are serialised on the round's row: no score slips in after a lock.
    locked = Round.objects.select_for_update().get(pk=round.pk)
    replay = existing.first()  # the same entry may have been written while this one waited
    if replay is not None:
        return ScoreSaved(replay.score, changed=False, replayed=True)
    if locked.is_locked:
        raise ValidationError(_("The round is locked; scores can no longer change."), code="locked")
    if not (jury.event_id == participant.event_id == locked.event_id):
        raise ValidationError(_("Jury and group belong to different events."), code="foreign")
    if criterion.round_id != locked.pk or criterion.track_id != participant.track_id:
        raise ValidationError(_("That criterion is not in this group's rubric."), code="foreign_criterion")
    if not jury.is_active:
        raise ValidationError(_("This jury membership is no longer active."), code="inactive_jury")
    if not from_paper and by.pk != jury.user_id:
        raise ValidationError(_("Only the jury member can enter their own scores."), code="not_the_jury")
    if not JuryAssignment.objects.filter(jury=jury, participant=participant, round=locked).exists():
        raise ValidationError(_("This group is not assigned to this jury member."), code="not_assigned")
    conflict = ConflictOfInterest.objects.filter(jury=jury, participant=participant).first()
    if conflict is not None:
        raise ValidationError(
            _("A conflict of interest bars this score: %(reason)s") % {"reason": conflict.reason},
            code="conflict",
        )
    value = _points(points, criterion)
    comment = comment.strip()
    entered_by = by if from_paper else None
    key = {"jury": jury, "participant": participant, "round": locked, "criterion": criterion}
    score = Score.objects.select_for_update().filter(**key).first()
    if score is None:
        try:
            with transaction.atomic():
                score = Score.objects.create(
                    **key,
                    points=value,
                    comment=comment,
                    idempotency_key=idempotency_key,
                    entered_by=entered_by,
                )
        except IntegrityError:  # the first entry came twice at once
            score = Score.objects.select_for_update().get(**key)
        else:
            ScoreChange.objects.create(
                score=score,
                idempotency_key=idempotency_key,
                old_points=None,
                new_points=value,
                new_comment=comment,
                by=by,
                entered_by=entered_by,
            )
            return ScoreSaved(score, changed=True)
    if score.points == value and score.comment == comment:
        return ScoreSaved(score, changed=False)
    ScoreChange.objects.create(
        score=score,
        idempotency_key=idempotency_key,
        old_points=score.points,
        new_points=value,
        old_comment=score.comment,
        new_comment=comment,
        by=by,
        entered_by=entered_by,
    )
    score.points, score.comment, score.idempotency_key, score.entered_by = (
        value,
        comment,
        idempotency_key,
        entered_by,
    )
    score.save(update_fields=["points", "comment", "idempotency_key", "entered_by", "updated_at"])
    return ScoreSaved(score, changed=True)


# --- added with the jury pages: the guest's acceptance, (de)activation, taking back an assignment


@transaction.atomic
def jury_accept_invitation(*, jury: Jury, password: str):
    """The guest sets a password from the invitation link; the link is used up (its digest goes)
    and the acceptance recorded. ``password`` has passed Django's password validators (the
    form's job). Returns the account, for the view to log in."""
    user = jury.user
    user.set_password(password)
    user.save(update_fields=["password"])
    jury.invitation_digest, jury.accepted_at = None, timezone.now()
    jury.save(update_fields=["invitation_digest", "accepted_at"])
    history.record("jury_accepted", event=jury.event, by=user, target=jury)
    return user


@transaction.atomic
def jury_set_active(*, jury: Jury, active: bool, by) -> Jury:
    """Deactivate a jury member (they no longer see or score the event's groups; their scores
    and assignments stay, and a balanced assignment no longer counts them) or take them back.
    A deactivated member's invitation link stops working."""
    if jury.is_active == active:
        return jury
    jury.is_active = active
    fields = ["is_active"]
    if not active and jury.invitation_digest:
        jury.invitation_digest = None
        fields.append("invitation_digest")
    jury.save(update_fields=fields)
    history.record("jury_activated" if active else "jury_deactivated", event=jury.event, by=by, target=jury)
    return jury


@transaction.atomic
def assignment_remove(*, assignment: JuryAssignment, by) -> None:
    """Take a group back from a jury member in a round; refused once the round is locked or the
    member has scored the group in it (the scores would lose their seat)."""
    round = assignment.round
    if round.is_locked:
        raise ValidationError(_("The round is locked."), code="locked")
    if Score.objects.filter(
        jury_id=assignment.jury_id, participant_id=assignment.participant_id, round=round
    ).exists():
        raise ValidationError(
            _("This jury member has already scored the group in this round."), code="scored"
        )
    history.record("unassigned", event=round.event, by=by, target=round, jury=str(assignment.jury), count=1)
    assignment.delete()
