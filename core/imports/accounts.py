"""The account import: every row planned, accounts created and roles granted in one transaction."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
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
from core.models import AuditAction, Role, RoleAssignment, Unit, User
from core.nip import nip_problems, normalise_nip
from core.services import account_create, role_grant

ACCOUNT_COLUMNS = ("username", "email", "nama", "nip", "unit", "peran", "unit_peran")
ACCOUNT_REQUIRED = ("username", "email", "nama", "unit", "peran")

IMPORTABLE_ROLES = (Role.OPERATOR, Role.VERIFIKATOR, Role.PIMPINAN)


# --- Accounts ---------------------------------------------------------------------------


def role_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for role in Role:
        for language in ("en", "id"):
            with translation.override(language):
                aliases[_fold(str(role.label))] = role.value
        aliases[_fold(role.value)] = role.value
    aliases["administrator"] = Role.ADMIN
    return aliases


@dataclass
class AccountRow(PlanRow):
    username: str = ""
    email: str = ""
    full_name: str = ""
    nip: str = ""
    unit_code: str = ""
    role_text: str = ""
    role_unit_code: str = ""
    existing: User | None = None
    unit: Unit | None = None
    roles: list[tuple[str, Unit]] = field(default_factory=list)
    new_roles: list[tuple[str, Unit]] = field(default_factory=list)
    numeric_columns: frozenset[str] = frozenset()  # XLSX cells that held a number

    @property
    def role_labels(self) -> list[str]:
        return [f"{Role(role).label} — {unit}" for role, unit in self.roles]


@dataclass
class AccountImportPlan(Plan):
    """The plan of an account import: one AccountRow per spreadsheet row."""


def plan_account_import(*, table: Table, user: User) -> AccountImportPlan:
    """Compare the rows of an account sheet with the accounts. Writes nothing.

    A fixed number of queries: the units, the matching usernames, the matching e-mail
    addresses and the existing accounts' roles.
    """
    access = permissions.access_for(user)

    def manages(unit: Unit) -> bool:
        return access.covers(unit, permissions.UNIT_ADMIN_ROLES)

    units_by_code = {unit.code: unit for unit in Unit.objects.all()}
    code_index = CodeIndex(units_by_code)
    aliases = role_aliases()
    role_names = ", ".join(role.value for role in IMPORTABLE_ROLES)
    username_validator = User.username_validator

    rows: list[AccountRow] = []
    for table_row in table.rows:
        values = table_row.values
        rows.append(
            AccountRow(
                number=table_row.number,
                username=values["username"],
                email=values["email"],
                full_name=values["nama"],
                nip=normalise_nip(values.get("nip", "")),
                unit_code=values["unit"],
                role_text=values["peran"],
                role_unit_code=values.get("unit_peran", ""),
            )
        )
        _check_lossy(rows[-1], table_row)
        _warn_numbers(rows[-1], table_row, ("unit", "unit_peran"))
        rows[-1].numeric_columns = frozenset(table_row.numbers)

    usernames = {row.username.lower() for row in rows if row.username}
    existing_by_username = {
        account.username.lower(): account
        for account in User.objects.annotate(username_lower=Lower("username"))
        .filter(username_lower__in=usernames)
        .select_related("unit")
    }
    emails = {row.email.lower() for row in rows if row.email}
    taken_emails = {
        email.lower(): username.lower()
        for email, username in User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email", "username")
    }
    held_roles = set()
    if existing_by_username:
        held_roles = set(
            RoleAssignment.objects.filter(user__in=existing_by_username.values()).values_list(
                "user_id", "role", "unit_id"
            )
        )
    duplicate_usernames = _duplicates(rows, lambda row: row.username.lower())
    duplicate_emails = _duplicates(rows, lambda row: row.email.lower())

    def unit_for(row: AccountRow, code: str, column: str) -> Unit | None:
        found = code_index.find(code, stored_as_number=column in row.numeric_columns)
        unit = units_by_code[found] if found else None
        if unit is None:
            row.error(_("row %(row)d: unit '%(unit)s' not found"), unit=code)
        elif not manages(unit):
            row.error(_("row %(row)d: unit '%(unit)s' is outside your units"), unit=code)
            return None
        return unit

    for row in rows:
        # Who the row is about.
        if not row.username:
            row.error(_("row %(row)d: the username is missing"))
        elif len(row.username) > 150:
            row.error(_("row %(row)d: the username is longer than %(max)d characters"), max=150)
        else:
            try:
                username_validator(row.username)
            except ValidationError:
                row.error(
                    _(
                        "row %(row)d: the username '%(username)s' may contain "
                        "only letters, digits and @ . + - _"
                    ),
                    username=row.username,
                )
        if row.username.lower() in duplicate_usernames:
            others = ", ".join(
                str(number) for number in duplicate_usernames[row.username.lower()] if number != row.number
            )
            row.error(
                _("row %(row)d: the username '%(username)s' is also used in row %(others)s"),
                username=row.username,
                others=others,
            )
        row.existing = existing_by_username.get(row.username.lower()) if row.username else None
        if (
            row.existing is not None
            and not access.is_admin
            and (row.existing.unit is None or not manages(row.existing.unit))
        ):
            row.error(
                _(
                    "row %(row)d: the username '%(username)s' is already taken "
                    "by an account outside your units"
                ),
                username=row.username,
            )

        # Personal data: checked in full for new accounts; an existing account keeps its own.
        if row.existing is None:
            if not row.email:
                row.error(_("row %(row)d: the e-mail address is missing"))
            else:
                try:
                    validate_email(row.email)
                except ValidationError:
                    row.error(_("row %(row)d: '%(email)s' is not a valid e-mail address"), email=row.email)
                else:
                    if row.email.lower() in taken_emails:
                        row.error(
                            _(
                                "row %(row)d: the e-mail address '%(email)s' "
                                "is already used by another account"
                            ),
                            email=row.email,
                        )
                if row.email.lower() in duplicate_emails:
                    others = ", ".join(
                        str(number) for number in duplicate_emails[row.email.lower()] if number != row.number
                    )
                    row.error(
                        _("row %(row)d: the e-mail address '%(email)s' is also used in row %(others)s"),
                        email=row.email,
                        others=others,
                    )
            if not row.full_name:
                row.error(_("row %(row)d: the full name (nama) is missing"))
            elif len(row.full_name) > 150:
                row.error(_("row %(row)d: the full name is longer than %(max)d characters"), max=150)
            if row.nip:
                # The same checks as the account form: one NIP validation in the whole portal.
                for problem in nip_problems(row.nip):
                    row.error(_("row %(row)d: NIP '%(nip)s': %(problem)s"), nip=row.nip, problem=problem)
        else:
            account = row.existing
            differs = (
                (row.email and row.email.lower() != account.email.lower())
                or (row.full_name and row.full_name != account.full_name)
                or (row.nip and row.nip != account.nip)
                or (
                    row.unit_code
                    and (account.unit is None or code_key(account.unit.code) != code_key(row.unit_code))
                )
            )
            if differs:
                row.notes.append(
                    _(
                        "The account already exists: its e-mail address, name, NIP and unit "
                        "are left as they are."
                    )
                )

        # Where and what.
        if not row.unit_code:
            row.error(_("row %(row)d: the unit code is missing"))
        else:
            row.unit = unit_for(row, row.unit_code, "unit")
        role_unit = row.unit
        if row.role_unit_code:
            role_unit = unit_for(row, row.role_unit_code, "unit_peran")
        role_words = [word.strip() for word in re.split(r"[,;/]", row.role_text) if word.strip()]
        if not role_words:
            row.error(_("row %(row)d: no role given; use %(choices)s"), choices=role_names)
        for word in role_words:
            role = aliases.get(_fold(word))
            if role == Role.ADMIN:
                row.error(_("row %(row)d: the administrator role cannot be given by import"))
            elif role is None:
                row.error(
                    _("row %(row)d: unknown role '%(role)s'; use %(choices)s"), role=word, choices=role_names
                )
            elif role_unit is not None and (role, role_unit) not in row.roles:
                row.roles.append((role, role_unit))

        if row.existing is not None and not row.errors:
            for role, unit in row.roles:
                if (row.existing.pk, role, unit.pk) not in held_roles:
                    row.new_roles.append((role, unit))
                    row.changes.append(
                        _("new role: %(role)s — %(unit)s") % {"role": Role(role).label, "unit": unit}
                    )
        _finish_outcome(row, is_new=row.existing is None)
    return AccountImportPlan(rows=rows, ignored_columns=table.ignored_columns)


@transaction.atomic
def account_import_apply(*, plan: AccountImportPlan, by: User, base_url: str) -> dict[str, int]:
    """Create the new accounts (each invited by e-mail after commit) and grant new roles."""
    if not plan.is_valid:
        raise ValueError("a plan with errors cannot be applied")
    for row in plan.rows:
        if row.outcome == Outcome.NEW:
            account_create(
                username=row.username,
                email=row.email,
                full_name=row.full_name,
                nip=row.nip,
                unit=row.unit,
                roles=row.roles,
                by=by,
                base_url=base_url,
            )
        elif row.outcome == Outcome.CHANGED:
            for role, unit in row.new_roles:
                role_grant(user=row.existing, role=role, unit=unit, by=by)
    counts = plan.counts
    audit.record(action=AuditAction.IMPORT, actor=by, target=_("accounts"), **counts)
    return counts
