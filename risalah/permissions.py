"""Who may see, write and review a risalah, and read it in the library (on core.permissions).

Every risalah view calls one of the ``get_*`` helpers here on its first line.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permissions
from core.models import User
from groups.permissions import holds_a_roster_seat_that_writes, is_roster_writer
from risalah.models import Risalah, Status


class RisalahLocked(PermissionDenied):
    """A write to a risalah that is submitted, under review or verified."""


def sees_risalah(user: User) -> bool:
    """Anyone with a role, and the ketua and sekretaris who write their group's risalah."""
    return permissions.has_any_role(user) or holds_a_roster_seat_that_writes(user)


def can_write_risalah(user: User, risalah) -> bool:
    """Operators of the group's unit subtree, and the group's ketua and sekretaris."""
    return permissions.can_manage_groups(user, risalah.group.unit) or is_roster_writer(user, risalah)


def get_risalah_for_user(user: User, risalah_uuid, *, write: bool = False):
    """The risalah, if the user may see it (else 404); with ``write``, if the user may
    change it now (else 403: read-only role, or the risalah is locked by its status)."""
    try:
        risalah = Risalah.objects.select_related("group__unit", "programme_year", "method").get(
            uuid=risalah_uuid
        )
    except (Risalah.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    writer = can_write_risalah(user, risalah)
    if not writer and not permissions.can_read_unit(user, risalah.group.unit):
        raise Http404
    if write:
        if not writer:
            raise permissions.ReadOnly
        if not risalah.is_editable:
            raise RisalahLocked(
                _("This risalah is %(status)s and can no longer be changed by the group.")
                % {"status": risalah.get_status_display().lower()}
            )
    return risalah


def get_risalah_for_review(user: User, risalah_uuid):
    """The risalah for a review action: 404 if the user cannot see it, 403 if not a reviewer."""
    risalah = get_risalah_for_user(user, risalah_uuid)
    if not permissions.can_review(user, risalah.group.unit):
        raise permissions.ReadOnly(gettext_lazy("Your role lets you read this risalah but not review it."))
    return risalah


# --- the library of verified risalah (see core.permissions.library_root_paths) -------------------


def library_filter(user: User, prefix: str = "group__unit__") -> Q:
    """A Q restricting risalah to those the user may read in the library: verified, in the user's Pemda."""
    condition = Q(status=Status.VERIFIED)
    roots = permissions.library_root_paths(user)
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
    if risalah.status != Status.VERIFIED:
        return False
    roots = permissions.library_root_paths(user)
    return roots is None or any(risalah.group.unit.path.startswith(root) for root in roots)


def get_library_risalah_for_user(user: User, risalah_uuid):
    """A verified risalah of the user's Pemda, for the library's read-only pages; anything else
    (a draft, a returned or rejected risalah, another Pemda's) is a 404."""
    try:
        risalah = Risalah.objects.select_related("group__unit", "programme_year", "method").get(
            uuid=risalah_uuid
        )
    except (Risalah.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not can_read_in_library(user, risalah):
        raise Http404
    return risalah
