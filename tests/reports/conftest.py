"""A hand-built filing picture with known figures (see the module docstring of test_dashboard.py).

Pemkot Uji (root, a whole government: not counted as a unit)
├── groups attached to the root itself: Theta (rejected, on time, complete)
├── Dinas Satu (U1): Alpha (verified, on time, complete), Beta (returned, submitted 15 Aug 23:30
│                    Jakarta = on time, SK but roster incomplete), Gamma (draft, no SK record)
├── Dinas Dua (U2): Delta (submitted 16 Aug 00:30 Jakarta = late, complete), Epsilon (inactive)
│   ├── Puskesmas Dua A (U2a): Zeta (under review, on time, no SK: incomplete)
│   └── Puskesmas Dua B (U2b): Eta (formed in 2026: not a group of 2025)
└── Dinas Tiga (U3): no group
Another tree (Pemkab Lain) holds a verified group that must never be counted.

Programme year 2025 has every deadline in the past; 2026 too (the suite runs after August 2026).
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.models import Role, Unit, UnitKind, User
from groups.models import Completeness, Group, GroupYear, ProgrammeYear
from risalah.models import Method, Risalah, Status
from tests.factories import (
    GroupFactory,
    GroupYearFactory,
    ProgrammeYearFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
)

JAKARTA = ZoneInfo("Asia/Jakarta")


def make_risalah(
    group: Group,
    year: ProgrammeYear,
    status: str,
    submitted_at: datetime | None = None,
    *,
    previous: Risalah | None = None,
) -> Risalah:
    """A risalah in a given state: test data is set through the ORM (views never set a status).
    With ``previous``, the next revision of it (one risalah per group, year and revision)."""
    return Risalah.objects.create(
        group=group,
        programme_year=year,
        method=Method.default(),
        status=status,
        submitted_at=submitted_at,
        theme=f"Tema {group.name}",
        revision=previous.revision + 1 if previous else 1,
        previous_revision=previous,
    )


def make_group_year(group: Group, year: ProgrammeYear, *, complete: bool, sk: bool = True) -> GroupYear:
    """A year record with or without a valid SK; ``status`` set directly (no roster needed)."""
    extra = {} if sk else {"sk_number": "", "sk_date": None, "sk_scan": ""}
    status = Completeness.COMPLETE if complete else Completeness.INCOMPLETE
    return GroupYearFactory(group=group, programme_year=year, status=status, **extra)


@dataclass
class Picture:
    root: Unit
    u1: Unit
    u2: Unit
    u2a: Unit
    u2b: Unit
    u3: Unit
    other: Unit
    year: ProgrammeYear
    year_2026: ProgrammeYear
    groups: dict[str, Group]
    bureau: User
    operator_u1: User
    outsider: User


def build_picture() -> Picture:
    root = UnitFactory(kind=UnitKind.PEMKOT, name="Pemerintah Kota Uji", short_name="Pemkot Uji", code="UJI")
    u1 = UnitFactory(parent=root, name="Dinas Satu", short_name="Dinas Satu", code="UJI-1")
    u2 = UnitFactory(parent=root, name="Dinas Dua", short_name="Dinas Dua", code="UJI-2")
    u3 = UnitFactory(parent=root, name="Dinas Tiga", short_name="Dinas Tiga", code="UJI-3")
    u2a = UnitFactory(
        parent=u2, kind=UnitKind.PUSKESMAS, name="Puskesmas Dua A", short_name="PKM Dua A", code="UJI-2A"
    )
    u2b = UnitFactory(
        parent=u2, kind=UnitKind.PUSKESMAS, name="Puskesmas Dua B", short_name="PKM Dua B", code="UJI-2B"
    )
    other = UnitFactory(
        kind=UnitKind.PEMKAB, name="Pemerintah Kabupaten Lain", short_name="Pemkab Lain", code="LAIN"
    )
    other_opd = UnitFactory(parent=other, name="Dinas Lain", short_name="Dinas Lain", code="LAIN-1")
    for unit in (root, u1, u2, u3, u2a, u2b, other):
        unit.refresh_from_db()

    year = ProgrammeYearFactory(
        year=2025,
        sk_deadline=date(2025, 3, 31),
        risalah_deadline=date(2025, 8, 15),
        gelar_date=date(2025, 9, 10),
    )
    year_2026 = ProgrammeYearFactory(year=2026)
    formed = date(2024, 1, 10)
    groups = {
        "theta": GroupFactory(unit=root, name="Theta", formed_on=formed),
        "alpha": GroupFactory(unit=u1, name="Alpha", formed_on=formed),
        "beta": GroupFactory(unit=u1, name="Beta", formed_on=None),
        "gamma": GroupFactory(unit=u1, name="Gamma", formed_on=formed),
        "delta": GroupFactory(unit=u2, name="Delta", formed_on=formed),
        "epsilon": GroupFactory(unit=u2, name="Epsilon", formed_on=formed, is_active=False),
        "zeta": GroupFactory(unit=u2a, name="Zeta", formed_on=formed),
        "eta": GroupFactory(unit=u2b, name="Eta", formed_on=date(2026, 1, 10)),
        "foreign": GroupFactory(unit=other_opd, name="Foreign", formed_on=formed),
    }
    g = groups
    on_time = datetime(2025, 8, 1, 9, 0, tzinfo=JAKARTA)
    make_group_year(g["theta"], year, complete=True)
    make_risalah(g["theta"], year, Status.REJECTED, on_time)
    make_group_year(g["alpha"], year, complete=True)
    make_risalah(g["alpha"], year, Status.VERIFIED, datetime(2025, 8, 10, 14, 0, tzinfo=JAKARTA))
    make_group_year(g["beta"], year, complete=False)
    make_risalah(g["beta"], year, Status.RETURNED, datetime(2025, 8, 15, 23, 30, tzinfo=JAKARTA))
    make_risalah(g["gamma"], year, Status.DRAFT)
    make_group_year(g["delta"], year, complete=True)
    make_risalah(g["delta"], year, Status.SUBMITTED, datetime(2025, 8, 16, 0, 30, tzinfo=JAKARTA))
    make_group_year(g["epsilon"], year, complete=True)
    make_risalah(g["epsilon"], year, Status.VERIFIED, on_time)
    make_group_year(g["zeta"], year, complete=False, sk=False)
    make_risalah(g["zeta"], year, Status.IN_REVIEW, on_time)
    make_group_year(g["foreign"], year, complete=True)
    make_risalah(g["foreign"], year, Status.VERIFIED, on_time)
    # 2026: only Alpha has filed, on time and complete.
    make_group_year(g["alpha"], year_2026, complete=True)
    make_risalah(g["alpha"], year_2026, Status.VERIFIED, datetime(2026, 8, 1, 9, 0, tzinfo=JAKARTA))

    bureau = UserFactory(username="biro.uji", unit=root)
    RoleFactory(user=bureau, role=Role.VERIFIKATOR, unit=root)
    operator_u1 = UserFactory(username="operator.satu", unit=u1)
    RoleFactory(user=operator_u1, role=Role.OPERATOR, unit=u1)
    outsider = UserFactory(username="operator.lain", unit=other_opd)
    RoleFactory(user=outsider, role=Role.OPERATOR, unit=other_opd)
    return Picture(root, u1, u2, u2a, u2b, u3, other, year, year_2026, groups, bureau, operator_u1, outsider)


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions read the English msgids; Indonesian is the portal's default language."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def picture(db) -> Picture:
    return build_picture()
