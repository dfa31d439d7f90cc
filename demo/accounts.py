"""The demo logins: one per role, each linked to an ASN record, all with the published password."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from core.models import Role, User
from core.services import account_create
from demo import data
from demo.kbk_groups import People
from demo.seeding import Demo, DemoUnits

DEMO_PASSWORD = "demo-kbk-2026"  # noqa: S105 - published on purpose: demo logins only
EMAIL_DOMAIN = "sukamajukab.example"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    role_unit: str  # unit code; the role covers that unit and everything under it
    home_unit: str
    jabatan: str  # the account holder's position; "" = the head of the home unit
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        "admin", Role.ADMIN, data.PEMDA_CODE, data.DISKOMINFO_CODE, "Pranata Komputer Ahli Muda", True
    ),
    DemoAccount(
        "verifikator",
        Role.VERIFIKATOR,
        data.PEMDA_CODE,
        data.ORGANISASI_CODE,
        "Analis Tata Laksana Ahli Muda",
    ),
    DemoAccount("operator", Role.OPERATOR, data.DINKES_CODE, data.DINKES_CODE, "Pranata Komputer Terampil"),
    DemoAccount("pimpinan", Role.PIMPINAN, data.DINKES_CODE, data.DINKES_CODE, ""),
    DemoAccount(
        "operator.disdik",
        Role.OPERATOR,
        data.DISDIKBUD_CODE,
        data.DISDIKBUD_CODE,
        "Pranata Komputer Ahli Pertama",
    ),
]
DEMO_USERNAMES = [account.username for account in DEMO_ACCOUNTS]


def seed_accounts(demo: Demo, units: DemoUnits, people: People) -> list[User]:
    """One login per role (see DEMO_ACCOUNTS), each linked to an ASN record, all with DEMO_PASSWORD."""
    # One hash for all: a strong hasher takes a noticeable moment per call.
    password = make_password(DEMO_PASSWORD)
    accounts = []
    for account in DEMO_ACCOUNTS:
        home = units.by_code[account.home_unit]
        if account.jabatan:
            person = demo.asn.person(home, units.field_of[home.code])
            person.jabatan = account.jabatan
            person.save()
        else:
            person = people.heads.get(home.code) or demo.asn.head(
                home, units.field_of[home.code], units.head_title[home.code]
            )
            if person.pk is None:
                person.save()
        user = account_create(
            username=account.username,
            email=f"{account.username}@{EMAIL_DOMAIN}",
            full_name=person.name,
            unit=home,
            nip=person.nip,
            roles=[(account.role, units.by_code[account.role_unit])],
            by=None,
        )
        user.password = password
        user.is_superuser = user.is_staff = account.superuser
        user.save(update_fields=["password", "is_superuser", "is_staff"])
        person.user = user
        person.save(update_fields=["user"])
        accounts.append(user)
    return accounts
