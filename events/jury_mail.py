"""The juries' e-mails: a guest's invitation link and the reminder of unscored groups.

Writes like events.judging (keyword-only, one transaction, an audit row); kept apart from it
because that module holds the scoring rules and is long enough. The mails go through core's
log and the task worker (core.mail.queue_mail), sent once the transaction commits. Both are
written in the portal's language, whoever's screen triggered them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import queue_mail
from core.models import MailKind
from events import history
from events.judging import INVITATION_VALID_DAYS, jury_invite_guest
from events.models import (
    ConflictOfInterest,
    Criterion,
    Event,
    EventStatus,
    Jury,
    JuryAssignment,
    JuryKind,
    Participant,
    Round,
    Score,
)


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _send_invitation(jury: Jury, token: str, base_url: str) -> None:
    link = _absolute(base_url, reverse("events-jury-invitation", kwargs={"token": token}))
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Invitation to the jury of %(event)s") % {"event": jury.event.title}
        body = render_to_string(
            "events/jury/email/invitation.txt",
            {
                "jury": jury,
                "user": jury.user,
                "event": jury.event,
                "link": link,
                "days": INVITATION_VALID_DAYS,
                "site_name": settings.SITE_NAME,
            },
        )
    queue_mail(user=jury.user, to_email=jury.user.email, kind=MailKind.INVITATION, subject=subject, body=body)


@transaction.atomic
def jury_invite(
    *, event: Event, email: str, full_name: str, by, base_url: str, affiliation: str = ""
) -> Jury:
    """Make an external guest a jury member (events.judging.jury_invite_guest) and e-mail them
    the invitation link. Someone already on the jury is refused (the list re-sends their link)."""
    if Jury.objects.filter(event=event, user__email__iexact=email.strip()).exists():
        raise ValidationError(_("This person is already on the jury."), code="already_jury")
    jury, token = jury_invite_guest(
        event=event, email=email, full_name=full_name, affiliation=affiliation, by=by
    )
    _send_invitation(jury, token, base_url)
    return jury


@transaction.atomic
def jury_reinvite(*, jury: Jury, by, base_url: str) -> Jury:
    """A new invitation link for a guest (the old one stops working), by e-mail."""
    if jury.kind != JuryKind.EXTERNAL:
        raise ValidationError(_("Only an external guest is invited by e-mail."), code="not_a_guest")
    if not jury.is_active:
        raise ValidationError(_("This jury membership is no longer active."), code="inactive_jury")
    if not jury.user.email:
        raise ValidationError(_("This account has no e-mail address."), code="no_email")
    jury, token = jury_invite_guest(
        event=jury.event, email=jury.user.email, full_name=jury.user.full_name, by=by
    )
    _send_invitation(jury, token, base_url)
    return jury


@dataclass(frozen=True)
class Unscored:
    """A jury member's groups of a round that still lack a score for some criterion."""

    jury: Jury
    participants: list[Participant]


def unscored(round: Round) -> list[Unscored]:
    """Active jury members of the round with assigned groups (conflicts left out) not fully
    scored, in jury order. Four queries."""
    assignments = list(
        JuryAssignment.objects.filter(round=round, jury__is_active=True)
        .select_related("jury__user", "participant__group", "participant__track")
        .order_by("jury_id", "participant__lottery_order", "participant__group__name", "participant_id")
    )
    barred = set(
        ConflictOfInterest.objects.filter(jury__event_id=round.event_id).values_list(
            "jury_id", "participant_id"
        )
    )
    scored = {
        (row["jury_id"], row["participant_id"]): row["n"]
        for row in Score.objects.filter(round=round)
        .values("jury_id", "participant_id")
        .annotate(n=Count("pk"))
    }
    criteria = {
        row["track_id"]: row["n"]
        for row in Criterion.objects.filter(round=round).values("track_id").annotate(n=Count("pk"))
    }
    found: dict[int, Unscored] = {}
    for assignment in assignments:
        key = (assignment.jury_id, assignment.participant_id)
        if key in barred:
            continue
        if scored.get(key, 0) < criteria.get(assignment.participant.track_id, 0):
            found.setdefault(assignment.jury_id, Unscored(assignment.jury, [])).participants.append(
                assignment.participant
            )
    return list(found.values())


@transaction.atomic
def juries_remind(*, round: Round, by, base_url: str) -> tuple[int, int]:
    """E-mail every active jury member who has unscored groups in the round the list of them
    and the link to their scoring page. Returns (members with unscored groups, e-mails queued).

    A second click within the same minute (a double submit) sends nothing new."""
    event = round.event
    if event.status != EventStatus.RUNNING:
        raise ValidationError(_("Reminders go out only while the event is running."), code="not_running")
    if round.is_locked:
        raise ValidationError(_("The round is locked."), code="locked")
    link = _absolute(base_url, reverse("events-my-scoring"))
    stamp = timezone.now().strftime("%Y%m%d%H%M")
    sent, due = 0, unscored(round)
    for item in due:
        user = item.jury.user
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("%(event)s: groups still to score") % {"event": event.title}
            body = render_to_string(
                "events/jury/email/reminder.txt",
                {"user": user, "event": event, "round": round, "groups": item.participants, "link": link},
            )
        mail = queue_mail(
            user=user,
            to_email=user.email,
            kind=MailKind.EVENT_NOTICE,
            subject=subject,
            body=body,
            dedupe_key=f"jury-reminder:{round.pk}:{item.jury.pk}:{stamp}",
        )
        sent += mail is not None
    if sent:
        history.record("juries_reminded", event=event, by=by, target=round, count=sent)
    return len(due), sent
