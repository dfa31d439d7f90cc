"""The unit import: every row planned against the tree, applied in one transaction."""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from core import audit, permissions
from core.imports.plans import (
    CodeIndex,
    Outcome,
    Plan,
    PlanRow,
    _check_lossy,
    _duplicates,
    _finish_outcome,
    _fold,
    _warn_numbers,
    code_key,
)
from core.imports.tables import (
    Table,
)
from core.models import AuditAction, Unit, UnitKind, User, unit_code_validator
from core.unit_services import unit_create, unit_update

UNIT_COLUMNS = ("kode", "nama", "nama_singkat", "jenis", "induk", "aktif", "jumlah_asn")
UNIT_REQUIRED = ("kode", "nama", "jenis", "induk")

TRUE_WORDS = {"ya", "y", "yes", "1", "true", "benar", "aktif"}
FALSE_WORDS = {"tidak", "t", "no", "n", "0", "false", "salah", "nonaktif", "non aktif", "tidak aktif"}

# Words a clerk may write in the "jenis" column besides the codes and the labels.
KIND_SYNONYMS = {
    "kabupaten": UnitKind.PEMKAB,
    "pemerintah kabupaten": UnitKind.PEMKAB,
    "kota": UnitKind.PEMKOT,
    "pemerintah kota": UnitKind.PEMKOT,
    "provinsi": UnitKind.PEMPROV,
    "pemerintah provinsi": UnitKind.PEMPROV,
    "organisasi perangkat daerah": UnitKind.OPD,
    "perangkat daerah": UnitKind.OPD,
    "dinas": UnitKind.OPD,
    "badan": UnitKind.OPD,
    "rumah sakit": UnitKind.RSUD,
    "rumah sakit umum daerah": UnitKind.RSUD,
    "unit pelaksana teknis": UnitKind.UPT,
    "lain-lain": UnitKind.OTHER,
    "lain lain": UnitKind.OTHER,
}


# --- Units ------------------------------------------------------------------------------


def kind_aliases() -> dict[str, str]:
    """Every accepted spelling of a kind (folded) -> the kind's code."""
    aliases: dict[str, str] = {}
    for kind in UnitKind:
        aliases[_fold(kind.value)] = kind.value
        for language in ("en", "id"):
            with translation.override(language):
                label = str(kind.label)
            aliases[_fold(label)] = kind.value
            short = re.search(r"\(([^)]+)\)\s*$", label)
            if short:
                aliases[_fold(short.group(1))] = kind.value
    for word, kind in KIND_SYNONYMS.items():
        aliases.setdefault(_fold(word), kind.value)
    return aliases


def parse_active(text: str) -> bool | None:
    folded = _fold(text)
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    return None


@dataclass
class UnitRow(PlanRow):
    code: str = ""
    name: str = ""
    short_name: str = ""
    kind: str = ""
    parent_ref: str = ""
    is_active: bool = True
    asn_count: int | None = None
    existing: Unit | None = None
    parent_code: str | None = None  # the code of the parent after the import
    parent_label: str = ""
    parent_changed: bool = False
    parent_ok: bool = False
    code_was_number: bool = False  # the XLSX cell held a number, not text
    parent_was_number: bool = False

    @property
    def kind_label(self) -> str:
        return UnitKind(self.kind).label if self.kind in UnitKind.values else ""


@dataclass
class UnitImportPlan(Plan):
    """The plan of a unit import: one UnitRow per spreadsheet row."""


def _unit_label(name: str, code: str) -> str:
    return f"{name} ({code})"


def plan_unit_import(*, table: Table, user: User) -> UnitImportPlan:
    """Compare the rows of a unit sheet with the tree. Writes nothing.

    Loads all units in one query and works in memory, so the number of queries does not
    depend on the number of rows.
    """
    access = permissions.access_for(user)

    def manages(unit: Unit) -> bool:
        return access.covers(unit, permissions.UNIT_ADMIN_ROLES)

    def reads(unit: Unit) -> bool:
        return manages(unit) or access.covers(unit, permissions.READ_ROLES)

    units = list(Unit.objects.all())
    by_code = {unit.code: unit for unit in units}
    code_index = CodeIndex(by_code)
    by_path = {unit.path: unit for unit in units}

    def db_parent(unit: Unit) -> Unit | None:
        return by_path.get(unit.path[: -Unit.steplen]) if unit.depth > 1 else None

    aliases = kind_aliases()
    kind_names = ", ".join(kind.value for kind in UnitKind)
    rows: list[UnitRow] = []
    for table_row in table.rows:
        values = table_row.values
        row = UnitRow(
            number=table_row.number,
            code=values["kode"],
            name=values["nama"],
            short_name=values.get("nama_singkat", ""),
            parent_ref=values["induk"],
        )
        _check_lossy(row, table_row)
        _warn_numbers(row, table_row, ("kode", "induk"))
        row.code_was_number = "kode" in table_row.numbers
        row.parent_was_number = "induk" in table_row.numbers
        found = code_index.find(row.code, stored_as_number=row.code_was_number)
        row.existing = by_code[found] if found else None
        if row.existing is not None and row.existing.code != row.code:
            row.notes.append(
                _("'%(typed)s' is taken as the existing code %(code)s.")
                % {"typed": row.code, "code": row.existing.code}
            )
            row.code = row.existing.code
        if not row.code:
            row.error(_("row %(row)d: the code (kode) is missing"))
        elif len(row.code) > 40:
            row.error(
                _("row %(row)d: the code '%(code)s' is longer than %(max)d characters"), code=row.code, max=40
            )
        elif row.existing is None and not _valid_code(row.code):
            row.error(
                _(
                    "row %(row)d: the code '%(code)s' may contain only letters, digits, spaces "
                    "and . - _ /, and must start with a letter or a digit"
                ),
                code=row.code,
            )
        elif row.existing is not None and not manages(row.existing):
            row.error(
                _("row %(row)d: the code '%(code)s' belongs to a unit outside your units"), code=row.code
            )
        if not row.name:
            row.error(_("row %(row)d: the name (nama) is missing"))
        elif len(row.name) > 200:
            row.error(_("row %(row)d: the name is longer than %(max)d characters"), max=200)
        if not row.short_name:
            if row.existing is not None:
                row.short_name = row.existing.short_name
            elif len(row.name) <= 60:
                row.short_name = row.name
            else:
                row.error(
                    _(
                        "row %(row)d: the short name (nama_singkat) is missing "
                        "and the name is too long to use instead"
                    )
                )
        elif len(row.short_name) > 60:
            row.error(_("row %(row)d: the short name is longer than %(max)d characters"), max=60)
        kind_text = values["jenis"]
        if not kind_text:
            if row.existing is not None:
                row.kind = row.existing.kind
            else:
                row.error(_("row %(row)d: the kind (jenis) is missing"))
        elif _fold(kind_text) in aliases:
            row.kind = aliases[_fold(kind_text)]
        else:
            row.error(
                _("row %(row)d: unknown kind '%(kind)s'; use one of: %(choices)s"),
                kind=kind_text,
                choices=kind_names,
            )
        active_text = values.get("aktif", "")
        if not active_text:
            row.is_active = row.existing.is_active if row.existing is not None else True
        else:
            active = parse_active(active_text)
            if active is None:
                row.error(_("row %(row)d: 'aktif' must be ya or tidak, not '%(value)s'"), value=active_text)
            else:
                row.is_active = active
        asn_text = values.get("jumlah_asn", "").strip()
        if not asn_text:
            row.asn_count = row.existing.asn_count if row.existing is not None else None
        elif re.fullmatch(r"[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+", asn_text):  # "1.250": Indonesian thousands
            row.asn_count = int(asn_text.replace(".", ""))
        else:
            row.error(
                _("row %(row)d: 'jumlah_asn' must be a whole number of ASN, not '%(value)s'"),
                value=values["jumlah_asn"],
            )
        rows.append(row)

    duplicates = _duplicates(rows, lambda row: code_key(row.code))
    file_rows: dict[str, UnitRow] = {}
    for row in rows:
        if code_key(row.code) in duplicates:
            others = ", ".join(
                str(number) for number in duplicates[code_key(row.code)] if number != row.number
            )
            row.error(
                _("row %(row)d: the code '%(code)s' is also used in row %(others)s"),
                code=row.code,
                others=others,
            )
        if row.code:
            file_rows.setdefault(row.code, row)
    file_index = CodeIndex(file_rows)

    # Names and short names a parent may be given by: the file's rows as they will be, and
    # the units the user can see that the file does not mention.
    name_index: dict[str, set[str]] = defaultdict(set)
    short_index: dict[str, set[str]] = defaultdict(set)
    for code, row in file_rows.items():
        name_index[_fold(row.name)].add(code)
        short_index[_fold(row.short_name)].add(code)
    for unit in units:
        if unit.code not in file_rows and reads(unit):
            name_index[_fold(unit.name)].add(unit.code)
            short_index[_fold(unit.short_name)].add(unit.code)

    def label_of(code: str) -> str:
        if code in file_rows:
            return _unit_label(file_rows[code].name, code)
        return _unit_label(by_code[code].name, code)

    for row in rows:
        current_parent = db_parent(row.existing) if row.existing is not None else None
        if not row.parent_ref:
            if row.existing is not None:
                row.parent_code = current_parent.code if current_parent else None
                row.parent_ok = True
            elif not access.is_admin:
                row.error(
                    _(
                        "row %(row)d: the parent (induk) is missing; "
                        "only an administrator can add a top-level unit"
                    )
                )
            else:
                row.parent_ok = True
        else:
            ref = row.parent_ref
            ref_code = file_index.find(ref, stored_as_number=row.parent_was_number) or code_index.find(
                ref, stored_as_number=row.parent_was_number
            )
            if ref_code is not None:
                candidates = {ref_code}
            else:
                candidates = name_index.get(_fold(ref)) or short_index.get(_fold(ref)) or set()
            if not candidates:
                row.error(_("row %(row)d: parent '%(parent)s' not found"), parent=ref)
            elif len(candidates) > 1:
                row.error(
                    _("row %(row)d: parent '%(parent)s' matches several units; use its code"), parent=ref
                )
            else:
                row.parent_code = next(iter(candidates))
                row.parent_ok = True
        if not row.parent_ok:
            continue
        current_code = current_parent.code if current_parent else None
        row.parent_changed = row.existing is None or row.parent_code != current_code
        if row.parent_code is not None:
            row.parent_label = label_of(row.parent_code)
        if row.parent_code is not None and row.parent_code == row.code:
            row.error(
                _("row %(row)d: the unit cannot be placed under '%(parent)s', which is itself"),
                parent=row.parent_ref,
            )
            row.parent_ok = False
        elif row.parent_changed and row.parent_code is None and not access.is_admin:
            row.error(_("row %(row)d: only an administrator can make a unit a top-level unit"))
            row.parent_ok = False
        elif row.parent_changed and row.parent_code in by_code and not manages(by_code[row.parent_code]):
            row.error(_("row %(row)d: parent '%(parent)s' is outside your units"), parent=row.parent_ref)
            row.parent_ok = False

    # Loops: follow each moved or new unit's parents as they will be after the import.
    def parent_after(code: str) -> str | None:
        if code in file_rows:
            return file_rows[code].parent_code
        parent = db_parent(by_code[code])
        return parent.code if parent else None

    limit = len(units) + len(rows) + 1
    for row in rows:
        if not (row.parent_ok and row.parent_changed and row.parent_code):
            continue
        seen: set[str] = set()
        step = row.parent_code
        while step is not None and step not in seen and len(seen) < limit:
            if step == row.code:
                row.error(
                    _(
                        "row %(row)d: the unit cannot be placed under '%(parent)s', "
                        "which lies under the unit itself"
                    ),
                    parent=row.parent_ref,
                )
                row.parent_ok = False
                break
            seen.add(step)
            step = parent_after(step)

    field_labels = {
        name: str(Unit._meta.get_field(name).verbose_name) for name in ("name", "short_name", "kind")
    }
    for row in rows:
        unit = row.existing
        if unit is not None and not row.errors:
            for name, old, new in (
                ("name", unit.name, row.name),
                ("short_name", unit.short_name, row.short_name),
            ):
                if old != new:
                    row.changes.append(f"{field_labels[name]}: {old} → {new}")
            if unit.kind != row.kind:
                row.changes.append(f"{field_labels['kind']}: {unit.get_kind_display()} → {row.kind_label}")
            if unit.is_active != row.is_active:
                row.changes.append(
                    _("active: %(old)s → %(new)s")
                    % {"old": _yes_no(unit.is_active), "new": _yes_no(row.is_active)}
                )
            if unit.asn_count != row.asn_count:
                row.changes.append(
                    _("number of ASN: %(old)s → %(new)s")
                    % {"old": "-" if unit.asn_count is None else unit.asn_count, "new": row.asn_count}
                )
            if row.parent_changed:
                parent = db_parent(unit)
                old = _unit_label(parent.name, parent.code) if parent else _("none (top level)")
                new = row.parent_label or _("none (top level)")
                row.changes.append(_("parent: %(old)s → %(new)s") % {"old": old, "new": new})
        _finish_outcome(row, is_new=unit is None)
    return UnitImportPlan(rows=rows, ignored_columns=table.ignored_columns)


def _valid_code(code: str) -> bool:
    try:
        unit_code_validator(code)
    except ValidationError:
        return False
    return True


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


@transaction.atomic
def unit_import_apply(*, plan: UnitImportPlan, by: User) -> dict[str, int]:
    """Create and change the units of a plan without errors, parents before children."""
    if not plan.is_valid:
        raise ValueError("a plan with errors cannot be applied")
    pending = [row for row in plan.rows if row.outcome in (Outcome.NEW, Outcome.CHANGED)]
    if not pending:
        return plan.counts
    pending_by_code = {row.code: row for row in pending}

    def file_depth(row: UnitRow) -> int:
        depth, step = 0, row
        while step.parent_code in pending_by_code and step.parent_changed:
            depth += 1
            step = pending_by_code[step.parent_code]
        return depth

    levels: dict[int, list[UnitRow]] = defaultdict(list)
    for row in pending:
        levels[file_depth(row)].append(row)
    # Parents first. Within a level, moves go first (they may shift the paths of the new
    # units' parents), then the new units are added parent by parent.
    for depth in sorted(levels):
        level = levels[depth]
        for row in sorted((row for row in level if row.outcome == Outcome.CHANGED), key=lambda row: row.name):
            parent = Unit.objects.get(code=row.parent_code) if row.parent_code else None
            unit_update(
                unit=Unit.objects.get(code=row.code),
                parent=parent,
                by=by,
                log_change=False,
                **_unit_fields(row),
            )
        _create_units([row for row in level if row.outcome == Outcome.NEW], by=by)
    counts = plan.counts
    audit.record(action=AuditAction.IMPORT, actor=by, target=_("units"), **counts)
    return counts


def _unit_fields(row: UnitRow) -> dict:
    return {
        "kind": row.kind,
        "name": row.name,
        "short_name": row.short_name,
        "code": row.code,
        "is_active": row.is_active,
        "asn_count": row.asn_count,
    }


def _create_units(rows: list[UnitRow], *, by: User) -> None:
    """Add the new units of one level of the import, grouped by parent.

    Inserting one node at a time costs some fifteen queries (treebeard keeps siblings in
    name order by shifting paths). When a parent's new children all sort after its present
    children, which is the case for a new parent or a list appended to, their paths are
    computed here and the rows written with one bulk insert. Otherwise the units are added
    one by one in their sorted places.
    """
    by_parent: dict[str | None, list[UnitRow]] = defaultdict(list)
    for row in rows:
        by_parent[row.parent_code].append(row)
    for parent_code, children in by_parent.items():
        children.sort(key=lambda row: row.name)
        parent = Unit.objects.get(code=parent_code) if parent_code else None
        last = None
        if parent is not None:
            last = (
                Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .first()
            )
        if parent is None or (last is not None and children[0].name < last.name):
            for row in children:
                unit_create(parent=parent, by=by, log_change=False, **_unit_fields(row))
            continue
        first_position = last._get_lastpos_in_path() + 1 if last is not None else 1
        depth = parent.depth + 1
        Unit.objects.bulk_create(
            Unit(
                path=Unit._get_path(parent.path, depth, first_position + offset),
                depth=depth,
                numchild=0,
                **_unit_fields(row),
            )
            for offset, row in enumerate(children)
        )
        Unit.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(children))
