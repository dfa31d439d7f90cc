"""Who may see and change a group and its roster seats (on the unit-level checks of core.permissions)."""

from django.http import Http404

from core import permissions
from core.models import User
from groups.models import Group, RosterMember, RosterRole, SeatConfirmation


def get_group_for_user(user: User, group_uuid, *, write: bool = False) -> Group:
    try:
        group = Group.objects.select_related("unit").get(uuid=group_uuid)
    except (Group.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    permissions.check_unit_access(user, group.unit, write=write, write_check=permissions.can_manage_groups)
    return group


def is_roster_writer(user: User, risalah) -> bool:
    """The group's Ketua or Sekretaris of the risalah's year, when given an account. Runs a query.

    Only a seat that grants counts: one given inside the operator's own subtree, or one of an
    ASN from another unit that an operator of that unit confirmed. A pending or declined seat
    is a line in the roster and nothing more.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        RosterMember.objects.granting()
        .filter(
            group_year__group_id=risalah.group_id,
            group_year__programme_year_id=risalah.programme_year_id,
            role__in=[RosterRole.KETUA, RosterRole.SEKRETARIS],
            person__user=user,
        )
        .exists()
    )


def holds_a_roster_seat_that_writes(user: User) -> bool:
    """Ketua or Sekretaris of some group with this account, on a seat that grants (cached per
    request). Runs a query."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_kbk_roster_writer", None)
    if cached is None:
        cached = (
            RosterMember.objects.granting()
            .filter(person__user=user, role__in=[RosterRole.KETUA, RosterRole.SEKRETARIS])
            .exists()
        )
        user._kbk_roster_writer = cached
    return cached


def get_seat_for_confirmation(user: User, group_uuid, year: int, person_uuid):
    """A roster seat of an ASN from another unit, for an operator of the ASN's unit to confirm
    or decline. 404 unless the user manages the ASN's unit and the seat came from another unit:
    the group itself may lie outside the user's units, and nothing else of it is shown."""
    try:
        seat = (
            RosterMember.objects.select_related(
                "person__unit", "group_year__group__unit", "group_year__programme_year"
            )
            .exclude(confirmation=SeatConfirmation.OWN)
            .get(
                group_year__group__uuid=group_uuid,
                group_year__programme_year__year=year,
                person__uuid=person_uuid,
            )
        )
    except (RosterMember.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not permissions.can_manage_groups(user, seat.person.unit):
        raise Http404
    return seat
