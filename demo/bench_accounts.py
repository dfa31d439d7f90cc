"""The bench kabupaten's accounts: an operator for every OPD, kecamatan and busy sub-unit, a
pimpinan per OPD, six verifikators at the Bagian Organisasi, the admin; and their logins over
the years (the audit log's most common rows after the status changes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from core.models import AuditAction, AuditEvent, Role, RoleAssignment, Unit, User
from demo import data
from demo.bench_bulk import Bench, insert, insert_plain
from demo.bench_units import BenchUnits
from groups.models import Person, ProgrammeYear

BENCH_PASSWORD = "bench-kbk-2026"  # noqa: S105 - published on purpose: a benchmark data set only
EMAIL_DOMAIN = "wanasarikab.example"
VERIFIKATORS = 6
BUSY_UNIT = 4  # a sub-unit with this many groups has an operator of its own
LOGINS_PER_YEAR = {Role.OPERATOR: 8, Role.PIMPINAN: 3, Role.VERIFIKATOR: 40, Role.ADMIN: 12}


@dataclass
class Accounts:
    users: list[User]
    role_of: dict[int, tuple[str, Unit]]  # user pk -> (role, unit)
    operators: dict[str, User] = field(default_factory=dict)  # unit path -> operator
    verifikators: list[User] = field(default_factory=list)
    admin: User | None = None
    by_username: dict[str, User] = field(default_factory=dict)

    def writer(self, unit: Unit) -> User:
        """The operator of the unit or of the nearest unit above it with one (else the admin)."""
        path = unit.path
        while path:
            if path in self.operators:
                return self.operators[path]
            path = path[: -Unit.steplen]
        return self.admin


def _short(code: str) -> str:
    return code.lower().removeprefix("opd-")


def seed_accounts(
    bench: Bench, units: BenchUnits, groups_per_unit: dict[str, int], first_year: ProgrammeYear
) -> Accounts:
    """The accounts with their roles and ASN records, created at the start of the first year."""
    by_code = units.by_code
    organisasi = by_code[data.ORGANISASI_CODE]
    plan: list[tuple[str, str, Unit, Unit, str]] = [  # (username, role, role unit, home unit, jabatan)
        ("admin", Role.ADMIN, units.root, by_code[data.DISKOMINFO_CODE], "Pranata Komputer Ahli Muda")
    ]
    plan.append(("verifikator", Role.VERIFIKATOR, units.root, organisasi, "Analis Tata Laksana Ahli Muda"))
    for number in range(2, VERIFIKATORS + 1):
        plan.append(
            (f"verifikator.{number}", Role.VERIFIKATOR, units.root, organisasi, "Analis Tata Laksana")
        )
    plan.append(("pimpinan.pemda", Role.PIMPINAN, units.root, by_code[data.SETDA_CODE], ""))
    for unit in sorted(by_code.values(), key=lambda u: u.path):
        if unit.depth == 2:
            operator = "operator" if unit.code == data.DINKES_CODE else f"operator.{_short(unit.code)}"
            pimpinan = "pimpinan" if unit.code == data.DINKES_CODE else f"pimpinan.{_short(unit.code)}"
            plan.append((operator, Role.OPERATOR, unit, unit, "Pranata Komputer Terampil"))
            plan.append((pimpinan, Role.PIMPINAN, unit, unit, ""))
        elif unit.depth > 2 and groups_per_unit.get(unit.code, 0) >= BUSY_UNIT:
            plan.append(
                (f"operator.{_short(unit.code)}", Role.OPERATOR, unit, unit, "Pengadministrasi Perkantoran")
            )

    password = make_password(BENCH_PASSWORD)  # one hash for all: a strong hasher is slow
    created = bench.moment(date(first_year.year, 1, 6), 9)
    people, users = [], []
    for username, _role, _role_unit, home, jabatan in plan:
        unit_field = units.field_of.get(home.code, data.GENERAL)
        if jabatan:
            person = bench.asn.person(home, unit_field)
            person.jabatan = jabatan
        else:
            person = bench.asn.head(home, unit_field, units.head_title.get(home.code, f"Kepala {home.name}"))
        person.uuid = bench.uuid()
        people.append(person)
        users.append(
            User(
                uuid=bench.uuid(),
                username=username,
                email=f"{username}@{EMAIL_DOMAIN}",
                full_name=person.name,
                nip=person.nip,
                unit=home,
                password=password,
                is_staff=username == "admin",
                is_superuser=username == "admin",
                date_joined=created,
            )
        )
    insert(User, users)
    for person, user in zip(people, users, strict=True):
        person.user = user
    insert(Person, people)
    admin = users[0]
    assignments = [
        RoleAssignment(
            uuid=bench.uuid(), user=user, role=role, unit=role_unit, granted_at=created, granted_by=admin
        )
        for user, (_username, role, role_unit, _home, _jabatan) in zip(users, plan, strict=True)
    ]
    insert(RoleAssignment, assignments)
    audit = []
    for user, (_username, role, role_unit, home, _jabatan) in zip(users, plan, strict=True):
        audit.append(_event(AuditAction.ACCOUNT_CREATE, admin, user, home, created, email=user.email))
        audit.append(_event(AuditAction.ROLE_GRANT, admin, user, role_unit, created, role=role))
    insert_plain(AuditEvent, audit)

    accounts = Accounts(users=users, role_of={})
    for user, (username, role, role_unit, _home, _jabatan) in zip(users, plan, strict=True):
        accounts.role_of[user.pk] = (role, role_unit)
        accounts.by_username[username] = user
        if role == Role.OPERATOR:
            accounts.operators[role_unit.path] = user
        elif role == Role.VERIFIKATOR:
            accounts.verifikators.append(user)
    accounts.admin = admin
    return accounts


def _event(action: str, actor: User | None, target, unit: Unit | None, at, **details) -> AuditEvent:
    return AuditEvent(
        at=at,
        actor=actor,
        actor_name=actor.username if actor else "",
        action=action,
        target=str(target)[:300],
        unit=unit,
        details=details,
    )


def seed_logins(bench: Bench, accounts: Accounts, years: list[ProgrammeYear]) -> int:
    """Each account's logins (and some logouts) over the years, on working days."""
    rows = []
    rng = bench.rng
    for year in years:
        start = date(year.year, 1, 6)
        for user in accounts.users:
            role, _unit = accounts.role_of[user.pk]
            for _index in range(LOGINS_PER_YEAR[role]):
                day = start + timedelta(days=rng.randint(0, 330))
                if day.weekday() >= 5:
                    day -= timedelta(days=day.weekday() - 4)
                if day >= bench.today:
                    continue
                at = bench.office_moment(day)
                address = f"10.{rng.randint(0, 40)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
                rows.append(_event(AuditAction.LOGIN, user, user, None, at))
                rows[-1].ip_address = address
                if rng.random() < 0.3:
                    rows.append(
                        _event(
                            AuditAction.LOGOUT, user, user, None, at + timedelta(minutes=rng.randint(5, 90))
                        )
                    )
                    rows[-1].ip_address = address
    return insert_plain(AuditEvent, rows)
