"""Writes to the unit tree. The unit pages and the unit import call these.

Each change of a unit is a row of the audit log, written in the same transaction; the unit
import writes one row for the whole file instead (``log_change=False``).

Units are django-treebeard materialised-path nodes ordered by name: inserting or moving a
unit may shift the paths of its siblings, so these functions never ``save()`` a unit
object that may hold a stale path; fields are written with ``update()`` and tree
positions are changed only through the manager, which re-reads the paths it needs.
"""

from django.db import transaction

from core import audit
from core.models import AuditAction, Unit, User

KEEP = object()  # unit_update(asn_count=KEEP): leave the stored value


def _parent_path(unit: Unit) -> str:
    return unit.path[: -Unit.steplen] if unit.depth > 1 else ""


@transaction.atomic
def unit_create(
    *,
    parent: Unit | None,
    kind: str,
    name: str,
    short_name: str,
    code: str,
    is_active: bool = True,
    asn_count: int | None = None,
    by: User | None,
    ip_address: str | None = None,
    log_change: bool = True,
) -> Unit:
    """Add a unit under ``parent`` (or as a top-level unit when ``parent`` is None)."""
    fields = {
        "kind": kind,
        "name": name,
        "short_name": short_name,
        "code": code,
        "is_active": is_active,
        "asn_count": asn_count,
    }
    candidate = Unit(**fields)
    candidate.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        unit = Unit.objects.add_root(create_kwargs=fields)
    else:
        unit = Unit.objects.add_child(parent, create_kwargs=fields)
    if log_change:
        _log(unit=unit, by=by, ip_address=ip_address, change="added")
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: Unit,
    parent: Unit | None,
    kind: str,
    name: str,
    short_name: str,
    code: str,
    is_active: bool,
    asn_count: int | None | object = KEEP,
    by: User | None,
    ip_address: str | None = None,
    log_change: bool = True,
) -> Unit:
    """Change a unit's fields and, when ``parent`` differs from the current one, move it.

    The unit (with everything under it) is moved to ``parent``, or to the top level when
    ``parent`` is None. A renamed unit is put back in name order among its siblings.
    ``asn_count`` is left as it is unless given (the unit import may have no such column).
    Runs a few queries; the caller checks permissions.
    """
    # Re-read the unit: a bound ModelForm has already written the new values onto it, and
    # its path may be stale after an earlier insertion among its siblings.
    unit.refresh_from_db()
    renamed = unit.name != name
    fields = {"kind": kind, "name": name, "short_name": short_name, "code": code, "is_active": is_active}
    if asn_count is not KEEP:
        fields["asn_count"] = asn_count
    for attribute, value in fields.items():
        setattr(unit, attribute, value)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    Unit.objects.filter(pk=unit.pk).update(**fields)

    if parent is not None:
        parent.refresh_from_db(fields=["path", "depth", "numchild"])
    moved = (parent.path if parent is not None else "") != _parent_path(unit)
    if moved or renamed:
        if parent is None:
            Unit.objects.move(unit, Unit.objects.get_first_root_node(), "sorted-sibling")
        else:
            Unit.objects.move(unit, parent, "sorted-child")
        unit.refresh_from_db(fields=["path", "depth", "numchild"])
    if log_change:
        _log(unit=unit, by=by, ip_address=ip_address, change="saved")
    return unit


def _log(*, unit: Unit, by: User | None, ip_address: str | None, change: str) -> None:
    audit.record(
        action=AuditAction.UNIT_CHANGE, actor=by, target=unit, unit=unit, ip_address=ip_address, change=change
    )
