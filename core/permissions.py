"""The access decisions of units, accounts and roles; the base of every app's permissions.

Each app keeps the helpers of its own objects beside this module: ``groups.permissions``
(groups, roster seats), ``risalah.permissions`` (risalah, review, library). They build on
the unit-level checks here, and core imports none of them.

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


def check_unit_access(user: User, unit: Unit, *, write: bool, write_check) -> None:
    """404 unless the user may read (or ``write_check``) the unit; 403 (ReadOnly) on a write the
    user may not make. The ``get_<object>_for_user`` helpers of every app end here."""
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
    check_unit_access(user, unit, write=write, write_check=can_manage_units)
    return unit


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


def can_review(user: User, unit: Unit) -> bool:
    """Verifikators review the risalah of their subtree; admins everywhere."""
    return access_for(user).covers(unit, REVIEW_ROLES)


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
