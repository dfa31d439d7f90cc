"""Every access decision of the portal, in one place.

Roles are scoped to a unit subtree. A user sees an object when the object's unit lies
under one of the user's role units; anything else is a 404, so the existence of another
unit's objects is never confirmed. A user who can see an object but may not change it
gets a 403 on a write.

Every view calls one ``get_<object>_for_user`` helper (or ``require_*``) on its first line.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from core.models import Role, Unit, User

READ_ROLES = frozenset({Role.OPERATOR, Role.VERIFIKATOR, Role.PIMPINAN})
GROUP_WRITE_ROLES = frozenset({Role.OPERATOR})
UNIT_ADMIN_ROLES = frozenset({Role.VERIFIKATOR})
REVIEW_ROLES = frozenset({Role.VERIFIKATOR})


class ReadOnly(PermissionDenied):
    """A write by someone who may read the object but not change it.

    The 403 page shows the message. A bare PermissionDenied means the page is not open to
    the user's role at all, and the page says that instead.
    """

    def __init__(self, message=None):
        super().__init__(
            message
            or gettext_lazy(
                "Your role lets you read this page but not change it. "
                "Ask the operator of the unit or the Bagian Organisasi."
            )
        )


@dataclass(frozen=True)
class Access:
    """The unit paths a user holds per role; computed once per request."""

    is_admin: bool = False
    paths: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def paths_for(self, roles) -> tuple[str, ...]:
        found: list[str] = []
        for role in roles:
            found.extend(self.paths.get(role, ()))
        return tuple(found)

    def covers(self, unit: Unit, roles) -> bool:
        if self.is_admin:
            return True
        return any(unit.path.startswith(path) for path in self.paths_for(roles))

    @property
    def roles(self) -> frozenset[str]:
        held = {role for role, paths in self.paths.items() if paths}
        if self.is_admin:
            held.add(Role.ADMIN)
        return frozenset(held)


ANONYMOUS = Access()


def access_for(user: User) -> Access:
    """The user's access, cached on the user object (one query per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_kbk_access", None)
    if cached is not None:
        return cached
    paths: dict[str, list[str]] = {}
    is_admin = user.is_superuser
    for role, path in user.roles.values_list("role", "unit__path"):
        if role == Role.ADMIN:
            is_admin = True
        paths.setdefault(role, []).append(path)
    access = Access(is_admin=is_admin, paths={k: tuple(v) for k, v in paths.items()})
    user._kbk_access = access
    return access


def forget_access(user: User) -> None:
    """Drop the cached access after the user's roles changed."""
    user.__dict__.pop("_kbk_access", None)
    user.__dict__.pop("_kbk_library_roots", None)


def has_any_role(user: User) -> bool:
    return bool(access_for(user).roles)


def is_admin(user: User) -> bool:
    return access_for(user).is_admin


def can_read_unit(user: User, unit: Unit) -> bool:
    return access_for(user).covers(unit, READ_ROLES)


def can_manage_groups(user: User, unit: Unit) -> bool:
    return access_for(user).covers(unit, GROUP_WRITE_ROLES)


def can_manage_units(user: User, unit: Unit) -> bool:
    return access_for(user).covers(unit, UNIT_ADMIN_ROLES)


def may_manage_some_groups(user: User) -> bool:
    access = access_for(user)
    return access.is_admin or bool(access.paths_for(GROUP_WRITE_ROLES))


def may_manage_some_units(user: User) -> bool:
    access = access_for(user)
    return access.is_admin or bool(access.paths_for(UNIT_ADMIN_ROLES))


def unit_filter(user: User, roles=READ_ROLES, prefix: str = "unit__") -> Q | None:
    """A Q restricting objects (through ``prefix``) to the user's subtrees.

    Returns None for an admin (no restriction). A user with no role gets a Q that
    matches nothing.
    """
    access = access_for(user)
    if access.is_admin:
        return None
    paths = access.paths_for(roles)
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def restrict(queryset: QuerySet, user: User, roles=READ_ROLES, prefix: str = "unit__") -> QuerySet:
    condition = unit_filter(user, roles, prefix)
    return queryset if condition is None else queryset.filter(condition)


def visible_units(user: User, roles=READ_ROLES) -> QuerySet:
    return restrict(Unit.objects.all(), user, roles, prefix="")


def _check(user: User, unit: Unit, *, write: bool, write_check) -> None:
    if not can_read_unit(user, unit) and not write_check(user, unit):
        raise Http404
    if write and not write_check(user, unit):
        raise ReadOnly


def require_unit_admin(user: User) -> None:
    """Pages for managing units and accounts: verifikator or admin."""
    if not may_manage_some_units(user):
        raise PermissionDenied


def require_any_role(user: User) -> None:
    """Pages of the programme: any role at all (an account without a role sees only home)."""
    if not has_any_role(user):
        raise PermissionDenied


def may_manage_programme_years(user: User) -> bool:
    """Programme years apply to the whole deployment: admins, or a verifikator of a Pemda (a root unit)."""
    access = access_for(user)
    return access.is_admin or any(len(path) == Unit.steplen for path in access.paths_for(UNIT_ADMIN_ROLES))


def require_group_manager(user: User) -> None:
    if not may_manage_some_groups(user):
        raise PermissionDenied


def get_unit_for_user(user: User, unit_uuid, *, write: bool = False) -> Unit:
    try:
        unit = Unit.objects.get(uuid=unit_uuid)
    except (Unit.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    _check(user, unit, write=write, write_check=can_manage_units)
    return unit


def get_group_for_user(user: User, group_uuid, *, write: bool = False):
    from groups.models import Group

    try:
        group = Group.objects.select_related("unit").get(uuid=group_uuid)
    except (Group.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    _check(user, group.unit, write=write, write_check=can_manage_groups)
    return group


def get_account_for_user(user: User, account_uuid, *, write: bool = False) -> User:
    """Accounts are managed by verifikator/admin of the account's home unit."""
    try:
        account = User.objects.select_related("unit").get(uuid=account_uuid)
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if is_admin(user):
        return account
    if account.unit is None or not can_manage_units(user, account.unit):
        raise Http404
    return account


def can_grant_role(user: User, role: str, unit: Unit) -> bool:
    """Only an admin grants the admin role; a verifikator grants others within scope."""
    if is_admin(user):
        return True
    return role != Role.ADMIN and can_manage_units(user, unit)


class RisalahLocked(PermissionDenied):
    """A write to a risalah that is submitted, under review or verified."""


def is_roster_writer(user: User, risalah) -> bool:
    """The group's Ketua or Sekretaris of the risalah's year, when given an account. Runs a query.

    Only a seat that grants counts: one given inside the operator's own subtree, or one of an
    ASN from another unit that an operator of that unit confirmed. A pending or declined seat
    is a line in the roster and nothing more.
    """
    from groups.models import RosterMember, RosterRole

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
        from groups.models import RosterMember, RosterRole

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
    from groups.models import RosterMember, SeatConfirmation

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
    if not can_manage_groups(user, seat.person.unit):
        raise Http404
    return seat


def sees_risalah(user: User) -> bool:
    """Anyone with a role, and the ketua and sekretaris who write their group's risalah."""
    return has_any_role(user) or holds_a_roster_seat_that_writes(user)


def can_write_risalah(user: User, risalah) -> bool:
    """Operators of the group's unit subtree, and the group's ketua and sekretaris."""
    return can_manage_groups(user, risalah.group.unit) or is_roster_writer(user, risalah)


def get_risalah_for_user(user: User, risalah_uuid, *, write: bool = False):
    """The risalah, if the user may see it (else 404); with ``write``, if the user may
    change it now (else 403: read-only role, or the risalah is locked by its status)."""
    from django.utils.translation import gettext as _

    from risalah.models import Risalah

    try:
        risalah = Risalah.objects.select_related("group__unit", "programme_year", "method").get(
            uuid=risalah_uuid
        )
    except (Risalah.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    writer = can_write_risalah(user, risalah)
    if not writer and not can_read_unit(user, risalah.group.unit):
        raise Http404
    if write:
        if not writer:
            raise ReadOnly
        if not risalah.is_editable:
            raise RisalahLocked(
                _("This risalah is %(status)s and can no longer be changed by the group.")
                % {"status": risalah.get_status_display().lower()}
            )
    return risalah


def can_review(user: User, unit: Unit) -> bool:
    """Verifikators review the risalah of their subtree; admins everywhere."""
    return access_for(user).covers(unit, REVIEW_ROLES)


def get_risalah_for_review(user: User, risalah_uuid):
    """The risalah for a review action: 404 if the user cannot see it, 403 if not a reviewer."""
    risalah = get_risalah_for_user(user, risalah_uuid)
    if not can_review(user, risalah.group.unit):
        raise ReadOnly(gettext_lazy("Your role lets you read this risalah but not review it."))
    return risalah


# --- the library of verified risalah ----------------------------------------------------------
# The one exception to "another unit's object is a 404": a verified risalah is published to
# every logged-in user of the same Pemda (the root of the unit tree) so groups learn from each
# other. Only verified risalah, only through these helpers, and only what the library pages show
# (no review notes, no personal data of the roster beyond names and roles).


def library_root_paths(user: User) -> tuple[str, ...] | None:
    """The paths of the Pemda trees whose library the user reads; None for an admin (every tree).

    A user belongs to the Pemda of their home unit, of each role's unit and of each roster
    person linked to the account (a ketua without a role). Runs one query the first time in a
    request (cached on the user, like the access); an anonymous user reads nothing.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    access = access_for(user)
    if access.is_admin:
        return None
    cached = getattr(user, "_kbk_library_roots", None)
    if cached is None:
        paths = {path for held in access.paths.values() for path in held}
        paths.update(
            Unit.objects.filter(Q(pk=user.unit_id) | Q(people__user=user)).values_list("path", flat=True)
        )
        cached = user._kbk_library_roots = tuple(sorted({path[: Unit.steplen] for path in paths}))
    return cached


def library_filter(user: User, prefix: str = "group__unit__") -> Q:
    """A Q restricting risalah to those the user may read in the library: verified, in the user's Pemda."""
    from risalah.models import Status

    condition = Q(status=Status.VERIFIED)
    roots = library_root_paths(user)
    if roots is None:
        return condition
    if not roots:
        return Q(pk__in=[])
    within = Q()
    for root in roots:
        within |= Q(**{f"{prefix}path__startswith": root})
    return condition & within


def can_read_in_library(user: User, risalah) -> bool:
    """True when ``risalah`` is verified and in one of the user's Pemda trees. Runs a query."""
    from risalah.models import Status

    if risalah.status != Status.VERIFIED:
        return False
    roots = library_root_paths(user)
    return roots is None or any(risalah.group.unit.path.startswith(root) for root in roots)


def get_library_risalah_for_user(user: User, risalah_uuid):
    """A verified risalah of the user's Pemda, for the library's read-only pages; anything else
    (a draft, a returned or rejected risalah, another Pemda's) is a 404."""
    from risalah.models import Risalah

    try:
        risalah = Risalah.objects.select_related("group__unit", "programme_year", "method").get(
            uuid=risalah_uuid
        )
    except (Risalah.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not can_read_in_library(user, risalah):
        raise Http404
    return risalah
