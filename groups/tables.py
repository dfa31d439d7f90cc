"""The lists of groups (the group list, a year's roster, the seats awaiting confirmation): their rows and columns, in one place.

The page and its export (core.exports) take their rows from the functions here, so the file
holds exactly what the page counts and shows.
"""

from collections.abc import Iterable
from functools import partial

from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permissions
from core.exports import INTEGER, Column, Table, yes_no
from groups.models import ROSTER_ROLE_ORDER, Group, GroupYear, ProgrammeYear, RosterMember


def groups_listed(user, filters: dict) -> tuple[QuerySet, ProgrammeYear | None]:
    """The group list's rows (groups of ``user``'s subtrees, filtered) and the year they show."""
    year = filters.get("year") or ProgrammeYear.current()
    groups = permissions.restrict(Group.objects.for_list(year), user)
    if filters.get("unit"):
        groups = groups.filter(unit__path__startswith=filters["unit"].path)
    if filters.get("completeness") and year is not None:
        groups = groups.with_completeness(year, filters["completeness"])
    if filters.get("q"):
        groups = groups.filter(name__icontains=filters["q"])
    return groups, year


def attach_year_record(groups: Iterable[Group], year: ProgrammeYear | None) -> None:
    """Set ``year_record`` (the year's GroupYear with ``member_count``, or None). No query."""
    for group in groups:
        group.year_record = group.selected_years[0] if year and group.selected_years else None


def _record_status(group: Group) -> str:
    record = group.year_record
    return record.get_status_display() if record else _("No SK/roster yet")


def groups_table(year: ProgrammeYear | None) -> Table:
    return Table(
        name=f"kelompok-{year.year}" if year else "kelompok",
        title=gettext_lazy("KBK groups"),
        columns=(
            Column(gettext_lazy("Group"), lambda group: group.name, width=30),
            Column(gettext_lazy("Unit"), lambda group: str(group.unit), width=36),
            Column(gettext_lazy("Active"), lambda group: yes_no(group.is_active), width=8),
            Column(
                gettext_lazy("Members"),
                lambda group: group.year_record.member_count if group.year_record else 0,
                INTEGER,
            ),
            Column(gettext_lazy("SK and roster"), _record_status, width=22),
        ),
        prepare=partial(attach_year_record, year=year),
    )


# --- a year's roster ----------------------------------------------------------------------


def in_roster_order(members: Iterable[RosterMember]) -> list[RosterMember]:
    return sorted(members, key=lambda member: (ROSTER_ROLE_ORDER[member.role], member.person.name))


def roster_members(group_year: GroupYear | None) -> list[RosterMember]:
    """The roster in role order, then by name. One query."""
    if group_year is None:
        return []
    return in_roster_order(group_year.members.select_related("person__unit"))


def _member_unit(member: RosterMember) -> str:
    # A member from another unit: only the NIP and name that were typed, never that unit's record.
    return _("another unit") if member.from_other_unit else str(member.person.unit)


def _seat(member: RosterMember) -> str:
    return member.get_confirmation_display() if member.from_other_unit else ""


def roster_table(group: Group, programme_year: ProgrammeYear) -> Table:
    return Table(
        name=f"anggota-{slugify(group.name)}-{programme_year.year}",
        title=gettext_lazy("Roster %(year)s") % {"year": programme_year.year},
        columns=(
            Column(gettext_lazy("Name"), lambda member: member.person.name, width=30),
            Column(gettext_lazy("NIP"), lambda member: member.person.nip, width=20),
            Column(gettext_lazy("Position"), lambda member: member.shown_jabatan, width=26),
            Column(gettext_lazy("Unit"), _member_unit, width=30),
            Column(gettext_lazy("Role"), lambda member: member.get_role_display(), width=14),
            Column(gettext_lazy("Member from another unit"), _seat, width=24),
        ),
    )


# --- seats of ASN from another unit, waiting for their unit's confirmation -----------------


def seats_awaiting(user) -> QuerySet:
    """Seats of ASN of the user's units on rosters of groups elsewhere, waiting for a decision."""
    return permissions.restrict(
        RosterMember.objects.awaiting_confirmation(),
        user,
        permissions.GROUP_WRITE_ROLES,
        prefix="person__unit__",
    )


SEATS = Table(
    name="konfirmasi-anggota",
    title=gettext_lazy("Members awaiting confirmation"),
    columns=(
        Column(gettext_lazy("Name"), lambda seat: seat.person.name, width=30),
        Column(gettext_lazy("NIP"), lambda seat: seat.person.nip, width=20),
        Column(gettext_lazy("Home unit"), lambda seat: str(seat.person.unit), width=30),
        Column(gettext_lazy("Group"), lambda seat: seat.group_year.group.name, width=30),
        Column(gettext_lazy("Group's unit"), lambda seat: str(seat.group_year.group.unit), width=30),
        Column(gettext_lazy("Year"), lambda seat: seat.group_year.programme_year.year, INTEGER, width=8),
        Column(gettext_lazy("Role"), lambda seat: seat.get_role_display(), width=14),
    ),
)
