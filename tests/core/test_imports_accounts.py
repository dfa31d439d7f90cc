"""Account import: the same upload -> preview -> confirm flow as units; new people are invited.

The world's verifikator holds the whole Pemkab; ``unit_verifikator`` holds only DINKES.
"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import imports
from core.models import Role, RoleAssignment, User
from tests.core.test_imports_units import confirm, csv_bytes, messages_of, outcomes, text, upload, xlsx_bytes
from tests.factories import RoleFactory, UserFactory

HEADER = ["username", "email", "nama", "nip", "unit", "peran", "unit_peran"]
LINK = re.compile(r"http://testserver(/sandi/atur/[^/\s]+/[^/\s]+/)")
PASSWORD = "Kopi-Tubruk-2026!"

ROWS = [
    HEADER,
    [
        "budi.santoso",
        "budi.santoso@example.go.id",
        "Budi Santoso",
        "198503302010011001",
        "DINKES",
        "operator",
        "",
    ],
    [
        "siti.aminah",
        "Siti.Aminah@example.go.id",
        "Siti Aminah",
        "",
        "PKM-SKM",
        "operator, pimpinan",
        "DINKES",
    ],
]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    """Each test sees only the uploads it made itself."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def unit_verifikator(world):
    user = UserFactory(username="verif_dinkes", unit=world.unit_a)
    RoleFactory(user=user, role=Role.VERIFIKATOR, unit=world.unit_a)
    return user


@pytest.fixture
def as_unit_verifikator(client, unit_verifikator):
    client.force_login(unit_verifikator)
    return client


def upload_accounts(client, data: bytes, name="akun.csv"):
    return upload(client, data, name=name, url="core-account-import")


def preview_accounts(client):
    return client.get(reverse("core-account-import-preview"))


def confirm_accounts(client, response):
    return confirm(client, response, url="core-account-import-confirm")


def roles_of(username: str) -> list[tuple[str, str]]:
    return sorted(RoleAssignment.objects.filter(user__username=username).values_list("role", "unit__code"))


def plan_for(rows, user):
    table = imports.read_table(
        csv_bytes([HEADER, *rows]), columns=imports.ACCOUNT_COLUMNS, required=imports.ACCOUNT_REQUIRED
    )
    return imports.plan_account_import(table=table, user=user)


def errors_of(plan) -> list[str]:
    return [error for row in plan.rows for error in row.errors]


def test_import_creates_accounts_and_sends_invitations_that_work(
    client, login, world, verifikator, django_capture_on_commit_callbacks
):
    officer = login("verifikator")
    assert upload_accounts(officer, csv_bytes(ROWS))["Location"] == reverse("core-account-import-preview")
    response = preview_accounts(officer)
    assert outcomes(response) == [(2, "new"), (3, "new")]
    page = text(response)
    assert "Each of the 2 new people will receive an e-mail with a link to choose a password." in page
    assert "Operator — Dinkes" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm_accounts(officer, response)
    assert response["Location"] == reverse("core-account-list")
    assert messages_of(officer.get(response["Location"])) == [
        "Import finished: 2 new, 0 changed, 0 unchanged."
    ]

    budi = User.objects.get(username="budi.santoso")
    assert (budi.email, budi.full_name, budi.nip, budi.unit, budi.has_usable_password()) == (
        "budi.santoso@example.go.id",
        "Budi Santoso",
        "198503302010011001",
        world.unit_a,
        False,
    )
    assert roles_of("budi.santoso") == [("operator", "DINKES")]
    assert roles_of("siti.aminah") == [("operator", "DINKES"), ("pimpinan", "DINKES")]
    assert User.objects.get(username="siti.aminah").unit == world.unit_a1
    assert RoleAssignment.objects.filter(user=budi).get().granted_by == verifikator

    assert sorted(m.to[0] for m in mail.outbox) == ["Siti.Aminah@example.go.id", "budi.santoso@example.go.id"]
    message = next(m for m in mail.outbox if m.to == ["budi.santoso@example.go.id"])
    assert "budi.santoso" in message.body

    # The link in the e-mail lets Budi choose a password and log in.
    path = LINK.search(message.body).group(1)
    response = client.get(path)
    assert response.status_code == 302
    form_url = response["Location"]
    assert client.get(form_url).context["validlink"] is True
    response = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response["Location"] == reverse("password_reset_complete")
    response = client.post(reverse("login"), {"username": "budi.santoso", "password": PASSWORD})
    assert response["Location"] == reverse("core-home")
    assert client.get(reverse("core-home")).context["user"] == budi


def test_reimport_changes_nothing_and_sends_nothing(login, world, django_capture_on_commit_callbacks):
    officer = login("verifikator")
    upload_accounts(officer, csv_bytes(ROWS))
    with django_capture_on_commit_callbacks(execute=True):
        confirm_accounts(officer, preview_accounts(officer))
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    accounts_before = list(User.objects.order_by("username").values())
    roles_before = list(RoleAssignment.objects.order_by("pk").values())

    upload_accounts(officer, xlsx_bytes(ROWS), name="akun.xlsx")
    response = preview_accounts(officer)
    assert outcomes(response) == [(2, "unchanged"), (3, "unchanged")]
    assert 'name="fingerprint"' not in text(response)
    with django_capture_on_commit_callbacks(execute=True):
        confirm_accounts(officer, response)
    assert mail.outbox == []
    assert list(User.objects.order_by("username").values()) == accounts_before
    assert list(RoleAssignment.objects.order_by("pk").values()) == roles_before


def test_new_roles_for_an_existing_account_are_granted_without_an_invitation(
    login, world, django_capture_on_commit_callbacks
):
    officer = login("verifikator")
    rows = [
        HEADER,
        # operator_a already holds operator of DINKES; pimpinan of DINKES is new. Other data differ.
        ["operator_a", "lain@example.go.id", "Nama Lain", "", "DINKES", "Operator, Pimpinan", "DINKES"],
        ["OPERATOR_A2", "op2@example.go.id", "Operator Dua", "", "PKM-SKM", "pimpinan", ""],
    ]
    upload_accounts(officer, csv_bytes(rows))
    response = preview_accounts(officer)
    assert outcomes(response) == [(2, "changed"), (3, "new")]
    row = response.context["plan"].rows[0]
    assert row.changes == ["new role: Pimpinan — Dinkes"]
    assert row.notes == [
        "The account already exists: its e-mail address, name, NIP and unit are left as they are."
    ]
    with django_capture_on_commit_callbacks(execute=True):
        confirm_accounts(officer, response)
    assert roles_of("operator_a") == [("operator", "DINKES"), ("pimpinan", "DINKES")]
    operator_a = User.objects.get(username="operator_a")
    assert (operator_a.email, operator_a.full_name) == (
        "operator_a@example.go.id",
        world.users["operator_a"].full_name,
    )
    assert [m.to for m in mail.outbox] == [["op2@example.go.id"]]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["budi", "budi@example", "Budi", "", "DINKES", "operator", ""]],
            ["row 2: 'budi@example' is not a valid e-mail address"],
        ),
        (
            [["budi", "OPERATOR_A@example.go.id", "Budi", "", "DINKES", "operator", ""]],
            ["row 2: the e-mail address 'OPERATOR_A@example.go.id' is already used by another account"],
        ),
        (
            [
                ["budi", "budi@example.go.id", "Budi", "", "DINKES", "operator", ""],
                ["Budi", "budi2@example.go.id", "Budi Dua", "", "DINKES", "operator", ""],
            ],
            [
                "row 2: the username 'budi' is also used in row 3",
                "row 3: the username 'Budi' is also used in row 2",
            ],
        ),
        (
            [
                ["budi", "sama@example.go.id", "Budi", "", "DINKES", "operator", ""],
                ["wati", "SAMA@example.go.id", "Wati", "", "DINKES", "operator", ""],
            ],
            [
                "row 2: the e-mail address 'sama@example.go.id' is also used in row 3",
                "row 3: the e-mail address 'SAMA@example.go.id' is also used in row 2",
            ],
        ),
        (
            [["budi santoso", "budi@example.go.id", "Budi", "", "DINKES", "operator", ""]],
            ["row 2: the username 'budi santoso' may contain only letters, digits and @ . + - _"],
        ),
        (
            [["budi", "budi@example.go.id", "Budi", "", "DINKES", "bendahara", ""]],
            ["row 2: unknown role 'bendahara'; use operator, verifikator, pimpinan"],
        ),
        (
            [["budi", "budi@example.go.id", "Budi", "", "DINKES", "admin", ""]],
            ["row 2: the administrator role cannot be given by import"],
        ),
        (
            [["budi", "budi@example.go.id", "Budi", "", "DINKES", "", ""]],
            ["row 2: no role given; use operator, verifikator, pimpinan"],
        ),
        (
            [["budi", "budi@example.go.id", "Budi", "", "DINKESX", "operator", ""]],
            ["row 2: unit 'DINKESX' not found"],
        ),
        (
            [["budi", "budi@example.go.id", "Budi", "1985", "DINKES", "operator", ""]],
            ["row 2: NIP '1985': A NIP has exactly 18 digits (now: 4 characters)."],
        ),
        (
            [["budi", "", "", "", "", "operator", ""]],
            [
                "row 2: the e-mail address is missing",
                "row 2: the full name (nama) is missing",
                "row 2: the unit code is missing",
            ],
        ),
        (
            [["", "budi@example.go.id", "Budi", "", "DINKES", "operator", ""]],
            ["row 2: the username is missing"],
        ),
    ],
    ids=[
        "bad-email",
        "email-taken",
        "duplicate-username",
        "duplicate-email",
        "bad-username",
        "unknown-role",
        "admin-role",
        "no-role",
        "unknown-unit",
        "bad-nip",
        "missing-data",
        "missing-username",
    ],
)
def test_row_errors_in_words(world, verifikator, rows, expected):
    plan = plan_for(rows, verifikator)
    assert errors_of(plan) == expected
    assert not plan.is_valid


def test_nothing_is_written_when_one_row_is_wrong(login, world, django_capture_on_commit_callbacks):
    officer = login("verifikator")
    rows = [*ROWS, ["wati", "wati@example", "Wati", "", "DINKES", "operator", ""]]
    upload_accounts(officer, csv_bytes(rows))
    response = preview_accounts(officer)
    assert outcomes(response) == [(2, "new"), (3, "new"), (4, "error")]
    assert "row 4: 'wati@example' is not a valid e-mail address" in text(response)
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        confirm_accounts(officer, response)
    assert User.objects.count() == users_before
    assert mail.outbox == []


def test_verifikator_cannot_import_accounts_outside_his_subtree(as_unit_verifikator, world):
    rows = [
        HEADER,
        ["guru", "guru@example.go.id", "Guru", "", "DISDIK", "operator", ""],
        ["perawat", "perawat@example.go.id", "Perawat", "", "PKM-SKM", "operator", "PEMDA"],
        ["outsider", "x@example.go.id", "X", "", "DINKES", "operator", ""],
        ["bidan", "bidan@example.go.id", "Bidan", "", "PKM-SKM", "verifikator", ""],
    ]
    upload_accounts(as_unit_verifikator, csv_bytes(rows))
    response = preview_accounts(as_unit_verifikator)
    assert [row.errors for row in response.context["plan"].rows] == [
        ["row 2: unit 'DISDIK' is outside your units"],
        ["row 3: unit 'PEMDA' is outside your units"],
        ["row 4: the username 'outsider' is already taken by an account outside your units"],
        [],
    ]
    confirm_accounts(as_unit_verifikator, response)
    assert not User.objects.filter(username__in=["guru", "perawat", "bidan"]).exists()


def test_long_numbers_rounded_by_the_spreadsheet_are_refused(login, world):
    officer = login("verifikator")
    rows = [HEADER, ["budi", "budi@example.go.id", "Budi", 198503302010011001, "DINKES", "operator", ""]]
    upload_accounts(officer, xlsx_bytes(rows), name="akun.xlsx")
    assert preview_accounts(officer).context["plan"].rows[0].errors == [
        "row 2: column 'nip' holds a long number that the spreadsheet may have rounded; "
        "format the column as text and type the value again"
    ]


def test_account_template_reads_back(login, world):
    officer = login("verifikator")
    response = officer.get(reverse("core-account-import-template"))
    assert response["Content-Disposition"] == 'attachment; filename="template-import-akun.xlsx"'
    table = imports.read_table(
        response.content, columns=imports.ACCOUNT_COLUMNS, required=imports.ACCOUNT_REQUIRED
    )
    assert table.columns == HEADER
    assert [row.values["nip"] for row in table.rows] == ["198503302010011001", ""]
    upload_accounts(officer, response.content, name="template.xlsx")
    assert outcomes(preview_accounts(officer)) == [(2, "new"), (3, "new")]
    response = officer.get(reverse("core-account-import-template"), {"format": "csv"})
    assert response.content.startswith(b"\xef\xbb\xbfusername;email;nama;nip;unit;peran;unit_peran\r\n")


def _preview_queries(client, rows) -> int:
    upload_accounts(client, csv_bytes([HEADER, *rows]))
    with CaptureQueriesContext(connection) as queries:
        response = preview_accounts(client)
    assert len(response.context["plan"].rows) == len(rows)
    return len(queries)


def test_preview_has_no_n_plus_one(login, world):
    client = login("verifikator")
    rows = [
        ["operator_a", "op@example.go.id", "", "", "DINKES", "operator, pimpinan", ""],
        ["pimpinan_a", "", "", "", "DINKES", "pimpinan", "PKM-SKM"],
        ["baru", "baru@example.go.id", "Orang Baru", "", "PKM-SKM", "operator", ""],
    ]
    assert _preview_queries(client, rows[:1]) == _preview_queries(client, rows)


def test_unit_codes_match_whatever_their_case(world, verifikator):
    plan = plan_for(
        [["siti", "siti@example.go.id", "Siti", "", "pkm-skm", "operator", "dinkes"]],
        verifikator,
    )
    assert errors_of(plan) == []
    assert (plan.rows[0].unit, plan.rows[0].roles) == (world.unit_a1, [("operator", world.unit_a)])
