"""Several roster rows at once: pasted into the roster page, or imported from XLSX/CSV.

Both are planned like the unit and account imports (core.imports): every row gets an outcome
(new on the roster, role changed, unchanged) or its errors in words ("baris 4: ..."), and
nothing is written while any row is wrong. ``groups.services.roster_rows_apply`` carries a
plan without errors out in one transaction; importing the same rows again changes nothing.

A row is checked as the one-person form checks it: the NIP with ``core.nip``; an ASN of a unit
outside the operator's subtree only by NIP and the full name typed, refused without showing
the record's name, and seated as "anggota dari unit lain" until that unit confirms.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permissions
from core.imports import Outcome, Table
from core.imports.columns import ColumnHelp
from core.imports.plans import Plan, PlanRow, _check_lossy, _duplicates, _fold
from core.imports.tables import TableRow
from core.models import User
from core.nip import nip_problems, normalise_nip
from groups.models import Group, GroupYear, Person, ProgrammeYear, RosterMember, RosterRole
from groups.services import names_match

ROSTER_COLUMNS = ("nip", "nama", "jabatan", "peran")
ROSTER_REQUIRED = ("nip", "nama")
ROSTER_COLUMN_HELP = (
    ColumnHelp(
        "nip",
        True,
        gettext_lazy("The 18-digit NIP; spaces and dots are ignored. Format the column as text in Excel."),
    ),
    ColumnHelp(
        "nama",
        True,
        gettext_lazy(
            "The full name. Needed for a NIP not yet in the portal, and for an ASN of another unit (as in that unit's records)."
        ),
    ),
    ColumnHelp("jabatan", False, gettext_lazy("The position; used only for a NIP not yet in the portal.")),
    ColumnHelp(
        "peran",
        False,
        gettext_lazy(
            "Pembina, Fasilitator, Ketua, Sekretaris or Anggota. Empty: Anggota, or the current role of someone already on the roster."
        ),
    ),
)
# A roster has 3 to 10 members by default; a few hundred rows are a mistaken file.
MAX_ROSTER_ROWS = 100
PASTE_COLUMNS = 4


def role_aliases() -> dict[str, str]:
    aliases = {}
    for role in RosterRole:
        aliases[_fold(role.value)] = role.value
        aliases[_fold(str(role.label))] = role.value
    return aliases


@dataclass
class RosterRow(PlanRow):
    nip_text: str = ""
    nip: str = ""
    name: str = ""
    jabatan: str = ""
    role_text: str = ""
    role: str = ""
    person: Person | None = None
    member: RosterMember | None = None
    from_other_unit: bool = False

    @property
    def role_label(self) -> str:
        return RosterRole(self.role).label if self.role else self.role_text


@dataclass
class RosterPlan(Plan):
    """The plan of a roster paste or import: one RosterRow per row."""


def paste_rows(text: str) -> tuple[list[TableRow], dict[int, int]]:
    """The rows of a paste, numbered by line, and the lines with too many columns.

    A line with a tab is split on tabs (Excel and Word put tabs between cells); otherwise on
    semicolons, else on commas. A first line that starts with "NIP" is a header and skipped.
    """
    rows: list[TableRow] = []
    too_many: dict[int, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        delimiter = "\t" if "\t" in line else ";" if ";" in line else ","
        cells = [
            " ".join(cell.split())
            for cell in next(csv.reader(io.StringIO(line), delimiter=delimiter, skipinitialspace=True))
        ]
        while cells and not cells[-1]:
            cells.pop()
        if not rows and not too_many and cells and _fold(cells[0]) == "nip":
            continue
        if len(cells) > PASTE_COLUMNS:
            too_many[number] = len(cells)
        values = dict(zip(ROSTER_COLUMNS, cells + [""] * PASTE_COLUMNS, strict=False))
        rows.append(TableRow(number=number, values=values))
    return rows, too_many


def plan_roster_rows(
    *,
    rows: list[TableRow],
    group: Group,
    programme_year: ProgrammeYear,
    user: User,
    too_many: dict[int, int] | None = None,
    ignored_columns: list[str] | None = None,
) -> RosterPlan:
    """Compare the rows with the ASN records and the year's roster. Writes nothing.

    A fixed number of queries: the year's record, its roster, and the ASN with the rows' NIPs.
    """
    too_many = too_many or {}
    aliases = role_aliases()
    role_names = ", ".join(str(role.label) for role in RosterRole)
    planned: list[RosterRow] = []
    for table_row in rows:
        values = table_row.values
        row = RosterRow(
            number=table_row.number,
            nip_text=values.get("nip", ""),
            nip=normalise_nip(values.get("nip", "")),
            name=" ".join(values.get("nama", "").split()),
            jabatan=" ".join(values.get("jabatan", "").split()),
            role_text=values.get("peran", ""),
        )
        _check_lossy(row, table_row)
        if table_row.number in too_many:
            row.error(
                _(
                    "row %(row)d: %(count)d columns, but a row has NIP, name, position and role; "
                    "a name or position with a comma must be pasted from Excel or separated by semicolons"
                ),
                count=too_many[table_row.number],
            )
        planned.append(row)

    group_year = GroupYear.objects.filter(group=group, programme_year=programme_year).first()
    members = {}
    if group_year is not None:
        members = {member.person_id: member for member in group_year.members.select_related("person__unit")}
    nips = {row.nip for row in planned if row.nip}
    people = {person.nip: person for person in Person.objects.select_related("unit").filter(nip__in=nips)}
    duplicates = _duplicates(planned, lambda row: row.nip)

    for index, row in enumerate(planned):
        if row.errors:  # a column count or a rounded number: the cells cannot be trusted
            _finish(row)
            continue
        if index >= MAX_ROSTER_ROWS:
            row.error(_("row %(row)d: at most %(max)d rows can be added at a time"), max=MAX_ROSTER_ROWS)
        if row.role_text:
            row.role = aliases.get(_fold(row.role_text), "")
            if not row.role:
                row.error(
                    _("row %(row)d: unknown role '%(role)s'; use %(choices)s"),
                    role=row.role_text,
                    choices=role_names,
                )
        if len(row.name) > 150:
            row.error(_("row %(row)d: the name is longer than %(max)d characters"), max=150)
        if len(row.jabatan) > 150:
            row.error(_("row %(row)d: the position is longer than %(max)d characters"), max=150)
        if not row.nip:
            row.error(_("row %(row)d: the NIP is missing"))
            _finish(row)
            continue
        problems = nip_problems(row.nip)
        for problem in problems:
            row.error(_("row %(row)d: NIP '%(nip)s': %(problem)s"), nip=row.nip_text, problem=problem)
        if row.nip in duplicates:
            others = ", ".join(str(number) for number in duplicates[row.nip] if number != row.number)
            row.error(_("row %(row)d: NIP %(nip)s is also in row %(others)s"), nip=row.nip, others=others)
        if problems:
            _finish(row)
            continue
        row.person = people.get(row.nip)
        if row.person is None:
            if not row.name:
                row.error(_("row %(row)d: NIP %(nip)s is not in the portal yet: type the name"), nip=row.nip)
            else:
                row.changes.append(_("new ASN of %(unit)s") % {"unit": group.unit})
        else:
            row.member = members.get(row.person.pk)
            row.from_other_unit = (
                row.member.from_other_unit
                if row.member is not None
                else not permissions.can_manage_groups(user, row.person.unit)
            )
            if row.from_other_unit and row.member is None:
                if not row.name:
                    row.error(
                        _("row %(row)d: NIP %(nip)s belongs to an ASN of another unit: type the full name"),
                        nip=row.nip,
                    )
                elif not names_match(row.name, row.person.name):
                    row.error(
                        _(
                            "row %(row)d: NIP %(nip)s belongs to an ASN of another unit whose name is not "
                            "the one typed; check the NIP and type the full name as in the SK"
                        ),
                        nip=row.nip,
                    )
                else:
                    row.notes.append(
                        _("Member from another unit: an operator of that unit confirms the seat.")
                    )
            elif not row.from_other_unit and row.name and not names_match(row.name, row.person.name):
                row.notes.append(
                    _("Known to the portal as %(name)s; the ASN record is left as it is.")
                    % {"name": row.person.name}
                )
        if row.member is not None:
            if not row.role or row.role == row.member.role:
                row.role = row.member.role
            else:
                row.changes.append(
                    _("role: %(old)s → %(new)s")
                    % {"old": row.member.get_role_display(), "new": RosterRole(row.role).label}
                )
        elif not row.role and not row.errors:
            row.role = RosterRole.ANGGOTA
        _finish(row)
    return RosterPlan(rows=planned, ignored_columns=ignored_columns or [])


def _finish(row: RosterRow) -> None:
    if row.errors:
        row.outcome = Outcome.ERROR
    elif row.member is None:
        row.outcome = Outcome.NEW
    elif row.changes:
        row.outcome = Outcome.CHANGED
    else:
        row.outcome = Outcome.UNCHANGED


def plan_roster_table(*, table: Table, group: Group, programme_year: ProgrammeYear, user: User) -> RosterPlan:
    return plan_roster_rows(
        rows=table.rows,
        group=group,
        programme_year=programme_year,
        user=user,
        ignored_columns=table.ignored_columns,
    )
