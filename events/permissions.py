"""Who may see and run an event; every events view calls one of these on its first line.

- The bureau (a verifikator of the organising unit's subtree, or an admin) runs an event.
- A user with any role in the event's scope (the subtree whose groups may take part) or above it
  sees the event: operators register their groups, pimpinan read.
- Jury members see only their event (helpers for them live below, added with the jury pages).

An event the user may not see is a 404; seeing it but not running it is a 403 (ReadOnly).
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from core.models import Unit, User
from core.permissions import READ_ROLES, REVIEW_ROLES, ReadOnly, access_for
from events.models import Event


def can_manage_event(user: User, event: Event) -> bool:
    """The bureau of the organising unit (verifikator of its subtree) or an admin."""
    return access_for(user).covers(event.organiser, REVIEW_ROLES)


def may_manage_some_events(user: User) -> bool:
    access = access_for(user)
    return access.is_admin or bool(access.paths_for(REVIEW_ROLES))


def _visible_condition(user: User) -> Q | None:
    """Events whose scope holds one of the user's units, or lies inside one (None: all)."""
    access = access_for(user)
    if access.is_admin:
        return None
    condition = Q(pk__in=[])
    for path in access.paths_for(READ_ROLES):
        # The user's unit is inside the scope (the scope's path is a prefix of the user's) ...
        condition |= Q(scope__path__in=[path[:n] for n in range(Unit.steplen, len(path) + 1, Unit.steplen)])
        # ... or the scope is inside the user's subtree (the bureau above it).
        condition |= Q(scope__path__startswith=path)
    return condition


def visible_events(user: User) -> QuerySet[Event]:
    condition = _visible_condition(user)
    events = Event.objects.select_related("organiser", "scope", "programme_year")
    return events if condition is None else events.filter(condition)


def get_event_for_user(user: User, event_uuid, *, manage: bool = False) -> Event:
    """The event for a page: 404 when the user may not see it, 403 when ``manage`` and the user
    may see it but not run it."""
    event = get_object_or_404(visible_events(user), uuid=event_uuid)
    if manage and not can_manage_event(user, event):
        raise ReadOnly(gettext_lazy("Only the Bagian Organisasi running this event may change it."))
    return event


def require_event_manager(user: User) -> None:
    """Pages that create events: the bureau and admins only (404 for others, like a page that is
    not theirs)."""
    if not may_manage_some_events(user):
        raise Http404


# --- results: the public pages and the groups' own feedback and certificates --------------------


def get_published_event(event_uuid) -> Event:
    """An event whose results are published, for the public pages (no login); 404 before."""
    from events.models import EventStatus

    return get_object_or_404(
        Event.objects.select_related("organiser", "programme_year"),
        uuid=event_uuid,
        status=EventStatus.RESULTS_PUBLISHED,
    )


def can_see_group_results(user: User, event: Event, participant) -> bool:
    """The group's own people (a role in its unit's subtree) and the bureau running the event."""
    return can_manage_event(user, event) or access_for(user).covers(participant.group.unit, READ_ROLES)


def get_participant_for_feedback(user: User, event_uuid, participant_uuid):
    """A group's feedback: 404 for anyone but the group's own people and the bureau; a 403 to
    them until the results are published."""
    from events.models import EventStatus, Participant

    event = get_event_for_user(user, event_uuid)
    participant = get_object_or_404(
        Participant.objects.select_related("group__unit", "track", "event"),
        event=event,
        uuid=participant_uuid,
    )
    if not can_see_group_results(user, event, participant):
        raise Http404
    if event.status != EventStatus.RESULTS_PUBLISHED:
        raise ReadOnly(
            gettext_lazy("The juries' scores and comments are shown once the results are published.")
        )
    return participant


def get_certificate_for_user(user: User, event_uuid, certificate_uuid):
    """A group's certificate for download: its own people and the bureau; revoked ones are gone."""
    from events.models import Certificate

    event = get_event_for_user(user, event_uuid)
    certificate = get_object_or_404(
        Certificate.objects.select_related("participant__group__unit", "award_tier", "event__programme_year"),
        event=event,
        uuid=certificate_uuid,
        participant__isnull=False,
        revoked_at__isnull=True,
    )
    if not can_see_group_results(user, event, certificate.participant):
        raise Http404
    return certificate


# --- the bureau's pages (manage): registration by operators, the published schedule ---------


def registrable_groups(user: User, event: Event):
    """Active groups of the event's scope that the user may enter: the bureau (or an admin) any
    group of the scope, an operator the groups of their own units only."""
    from core.permissions import GROUP_WRITE_ROLES, unit_filter
    from groups.models import Group

    groups = Group.objects.filter(is_active=True, unit__path__startswith=event.scope.path).select_related(
        "unit"
    )
    if can_manage_event(user, event):
        return groups
    condition = unit_filter(user, GROUP_WRITE_ROLES)
    return groups if condition is None else groups.filter(condition)


def schedule_is_published(event: Event) -> bool:
    from events.models import EventStatus

    return event.status in (EventStatus.RUNNING, EventStatus.RESULTS_PUBLISHED)


def can_see_schedule(user: User, event: Event) -> bool:
    """The bureau always; once published (running or after), the operators of the units of the
    participating groups. One query for an operator."""
    from core.permissions import GROUP_WRITE_ROLES

    if can_manage_event(user, event):
        return True
    paths = access_for(user).paths_for(GROUP_WRITE_ROLES)
    if not (schedule_is_published(event) and paths):
        return False
    units = event.participants.values_list("group__unit__path", flat=True)
    return any(path.startswith(mine) for path in units for mine in paths)


def get_event_schedule_for_user(user: User, event_uuid) -> Event:
    """The printed schedule (see can_see_schedule). Anyone else gets a 404: a schedule not (yet)
    theirs is not confirmed to exist."""
    event = get_object_or_404(visible_events(user), uuid=event_uuid)
    if not can_see_schedule(user, event):
        raise Http404
    return event


# --- Bimtek (added with the Bimtek pages) -------------------------------------------------------


def bimtek_units(user: User, event: Event):
    """The units for which the user may register people for the Bimtek: the whole scope for the
    bureau, the operator's own subtrees inside the scope for an operator."""
    from core.permissions import GROUP_WRITE_ROLES, restrict

    units = Unit.objects.subtree_of(event.scope)
    if can_manage_event(user, event):
        return units
    return restrict(units, user, GROUP_WRITE_ROLES, prefix="")


def visible_attendees(user: User, event: Event):
    """The Bimtek's participants the user sees: all for the bureau, those of the user's units
    for everyone else."""
    from core.permissions import restrict
    from events.models import BimtekParticipant

    attendees = BimtekParticipant.objects.filter(event=event).select_related("unit", "person")
    return attendees if can_manage_event(user, event) else restrict(attendees, user)


def get_bimtek_for_user(user: User, event_uuid, *, manage: bool = False) -> Event:
    """A Bimtek for its pages: like get_event_for_user, and a 404 for an event of another kind."""
    event = get_event_for_user(user, event_uuid, manage=manage)
    if event.is_competition:
        raise Http404
    return event


def get_attendee_for_user(user: User, event: Event, attendee_uuid):
    """A participant of the Bimtek the user sees (the bureau, or a role in the attendee's unit);
    anyone else's is a 404."""
    return get_object_or_404(visible_attendees(user, event), uuid=attendee_uuid)


# --- juries (added with the jury pages) ---------------------------------------------------------
# A jury member is a role scoped to one event, not to a unit: a jury member without a unit role
# sees nothing of the event but their own groups while it runs (events.scoring_access for the
# score forms). The bureau's jury pages go through get_competition_for_user.


def jury_memberships(user: User) -> QuerySet:
    """The user's active jury memberships, with their events."""
    from events.models import Jury

    if not getattr(user, "is_authenticated", False):
        return Jury.objects.none()
    return Jury.objects.filter(user=user, is_active=True).select_related("event")


def is_jury(user: User) -> bool:
    """An active jury member of some event. Runs a query."""
    return jury_memberships(user).exists()


def get_competition_for_user(user: User, event_uuid) -> Event:
    """A competition for the bureau's jury pages: 404 unseen or not a competition, 403 seen but
    not run."""
    event = get_event_for_user(user, event_uuid, manage=True)
    if not event.is_competition:
        raise Http404
    return event


def get_event_jury(event: Event, jury_uuid):
    """A jury member of ``event`` (for the bureau); another event's is a 404."""
    from events.models import Jury

    return get_object_or_404(Jury.objects.select_related("user__unit", "event"), event=event, uuid=jury_uuid)


def get_jury_group(user: User, event_uuid, participant_uuid):
    """(jury, participant): a group assigned to the user as an active jury member of a running
    event, in some round, without a conflict of interest. Anyone else, and the jury member
    before and after the event runs, gets a 404. Two queries."""
    from events.models import ConflictOfInterest, EventStatus, JuryAssignment, Participant

    jury = get_object_or_404(
        jury_memberships(user).select_related("event__organiser"),
        event__uuid=event_uuid,
        event__status=EventStatus.RUNNING,
    )
    participant = get_object_or_404(
        Participant.objects.select_related("group__unit", "track")
        .filter(event=jury.event, uuid=participant_uuid)
        .filter(pk__in=JuryAssignment.objects.filter(jury=jury).values("participant"))
        .exclude(pk__in=ConflictOfInterest.objects.filter(jury=jury).values("participant"))
    )
    return jury, participant


def get_jury_risalah(user: User, event_uuid, participant_uuid):
    """(jury, participant, risalah): the verified risalah the group entered the event with, for
    its jury members (get_jury_group); a group without one is a 404. Three queries."""
    from risalah.models import Risalah, Status

    jury, participant = get_jury_group(user, event_uuid, participant_uuid)
    risalah = get_object_or_404(
        Risalah.objects.select_related("group__unit", "programme_year", "method"),
        pk=participant.risalah_id,
        status=Status.VERIFIED,
    )
    return jury, participant, risalah


def get_invitation(token: str):
    """The jury membership of a working invitation link, or None: unknown or used up (the link
    is spent once the password is set, and replaced by a new invitation), expired, or the
    membership deactivated. One query."""
    from datetime import timedelta

    from django.utils import timezone

    from events.judging import INVITATION_VALID_DAYS, jury_for_invitation

    jury = jury_for_invitation(token)
    if jury is None or not jury.is_active or jury.invited_at is None:
        return None
    if timezone.now() - jury.invited_at > timedelta(days=INVITATION_VALID_DAYS):
        return None
    return jury
