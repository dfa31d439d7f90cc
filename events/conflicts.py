"""Conflicts of interest found from the unit tree, with no query of their own.

A jury member must not score a group of his or her own OPD (DOMAIN.md): the conflict holds when
the jury member's unit lies in the subtree of the group's OPD. The OPD of a unit is the unit
right under its deepest Pemda ancestor (a Pemkab under a Pemprov is a Pemda too, so a provincial
deployment works the same way); without a Pemda ancestor, the unit right under the root.
"""

from collections.abc import Collection

from core.models import Unit

STEPLEN = Unit.steplen


def opd_path(unit_path: str, pemda_paths: Collection[str]) -> str:
    """The tree path of the OPD that ``unit_path`` lies in; a Pemda's own path for a Pemda."""
    if unit_path in pemda_paths:
        return unit_path
    depth = len(unit_path) // STEPLEN
    deepest = 0
    for level in range(1, depth):
        if unit_path[: level * STEPLEN] in pemda_paths:
            deepest = level
    level = deepest + 1 if deepest else min(2, depth)
    return unit_path[: level * STEPLEN]


def in_conflict(jury_unit_path: str | None, group_unit_path: str, pemda_paths: Collection[str]) -> bool:
    """True when a jury member of that unit must not score a group of that unit.

    A jury member without a unit (an external guest) has no automatic conflict. For a group of
    a Pemda itself only its own staff are in conflict, not the whole Pemda.
    """
    if not jury_unit_path:
        return False
    if group_unit_path in pemda_paths:
        return jury_unit_path == group_unit_path
    return jury_unit_path.startswith(opd_path(group_unit_path, pemda_paths))
