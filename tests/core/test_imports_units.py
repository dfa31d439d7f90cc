"""Unit import: upload -> preview of every row -> confirm in one transaction.

The world: PEMDA -> DINKES (Dinas Kesehatan) -> PKM-SKM; PEMDA -> DISDIK. The world's
verifikator holds PEMDA; ``unit_verifikator`` holds only DINKES.
"""

import csv
import html as html_lib
import io
import os
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import imports
from core.imports import tables as imports_tables
from core.models import AuditEvent, Role, Unit, UnitKind
from tests.factories import RoleFactory, UnitFactory, UserFactory, pdf_bytes, png_bytes

HEADER = ["kode", "nama", "nama_singkat", "jenis", "induk", "aktif"]


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


def csv_bytes(rows, delimiter=",", bom=False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name="unit.csv", url="core-unit-import"):
    return client.post(reverse(url), {"file": SimpleUploadedFile(name, data)})


def preview(client, url="core-unit-import-preview"):
    return client.get(reverse(url))


def confirm(client, response, url="core-unit-import-confirm"):
    return client.post(reverse(url), {"fingerprint": response.context["plan"].fingerprint})


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def outcomes(response) -> list[tuple[int, str]]:
    return [(row.number, row.outcome) for row in response.context["plan"].rows]


def snapshot() -> list[dict]:
    return list(
        Unit.objects.order_by("code").values(
            "code", "name", "short_name", "kind", "is_active", "path", "depth", "numchild"
        )
    )


def parent_code(code: str) -> str | None:
    parent = Unit.objects.get_parent(Unit.objects.get(code=code))
    return parent.code if parent else None


def plan_for(rows, user):
    table = imports.read_table(
        csv_bytes([HEADER, *rows]), columns=imports.UNIT_COLUMNS, required=imports.UNIT_REQUIRED
    )
    return imports.plan_unit_import(table=table, user=user)


def errors_of(plan) -> list[str]:
    return [error for row in plan.rows for error in row.errors]


# --- preview ------------------------------------------------------------------------------


def test_preview_shows_every_row_with_its_outcome(login, world):
    client = login("verifikator")
    rows = [
        HEADER,
        ["DINKES", "Dinas Kesehatan", "Dinkes", "OPD", "PEMDA", "ya"],
        ["DISDIK", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", "opd", "Pemkab Contoh", "ya"],
        ["PKM-MKS", "Puskesmas Mekarsari", "PKM Mekarsari", "Puskesmas", "Dinas Kesehatan", ""],
        ["PKM-SKM", "Puskesmas Sukamaju", "PKM Sukamaju", "puskesmas", "DINKES", "tidak"],
    ]
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 302
    assert response["Location"] == reverse("core-unit-import-preview")
    response = preview(client)
    assert outcomes(response) == [(2, "unchanged"), (3, "changed"), (4, "new"), (5, "changed")]
    plan = response.context["plan"]
    assert plan.rows[1].changes == [
        "official name: Dinas Pendidikan → Dinas Pendidikan dan Kebudayaan",
        "short name: Disdik → Disdikbud",
    ]
    assert plan.rows[2].parent_label == "Dinas Kesehatan (DINKES)"
    assert plan.rows[3].changes == ["active: yes → no"]
    page = text(response)
    for words in ("unchanged", "changed", "new", "Puskesmas Mekarsari", "short name: Disdik → Disdikbud"):
        assert words in page
    assert 'name="fingerprint"' in page
    assert "Import: 1 new, 2 changed" in page


def test_misspelled_parent_is_reported_with_the_spreadsheet_row_and_nothing_is_written(login, world):
    client = login("verifikator")
    rows = [HEADER]
    rows += [[f"PKM-{n:02d}", f"Puskesmas Nomor {n}", "", "Puskesmas", "DINKES", "ya"] for n in range(1, 13)]
    rows.append(["PKM-13", "Puskesmas Nomor 13", "", "Puskesmas", "Dinas Kesehatn", "ya"])
    before = snapshot()
    upload(client, csv_bytes(rows))
    response = preview(client)
    plan = response.context["plan"]
    assert plan.rows[-1].number == 14
    assert plan.rows[-1].errors == ["row 14: parent 'Dinas Kesehatn' not found"]
    assert [row.outcome for row in plan.rows] == ["new"] * 12 + ["error"]
    page = text(response)
    assert "row 14: parent 'Dinas Kesehatn' not found" in page
    assert "1 row has errors." in page
    assert 'name="fingerprint"' not in page  # no confirm button

    response = confirm(client, response)
    assert response["Location"] == reverse("core-unit-import-preview")
    assert messages_of(client.get(response["Location"])) == ["Some rows have errors. Nothing has been saved."]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["X1", "Unit Satu", "", "OPD", "PEMDA", ""], ["X1", "Unit Dua", "", "OPD", "PEMDA", ""]],
            ["row 2: the code 'X1' is also used in row 3", "row 3: the code 'X1' is also used in row 2"],
        ),
        ([["X1", "", "", "OPD", "PEMDA", ""]], ["row 2: the name (nama) is missing"]),
        ([["", "Unit Satu", "", "OPD", "PEMDA", ""]], ["row 2: the code (kode) is missing"]),
        (
            [["X1", "Unit Satu", "", "kastil", "PEMDA", ""]],
            [
                "row 2: unknown kind 'kastil'; use one of: pemkab, pemkot, pemprov, opd, kecamatan, "
                "kelurahan, desa, puskesmas, rsud, sekolah, upt, lainnya"
            ],
        ),
        ([["X1", "Unit Satu", "", "", "PEMDA", ""]], ["row 2: the kind (jenis) is missing"]),
        (
            [["X1", "Unit Satu", "", "OPD", "PEMDA", "mungkin"]],
            ["row 2: 'aktif' must be ya or tidak, not 'mungkin'"],
        ),
        (
            [["X1", "Unit Satu", "", "OPD", "", ""]],
            ["row 2: the parent (induk) is missing; only an administrator can add a top-level unit"],
        ),
        (
            [["X1", "Unit Satu", "", "OPD", "X2", ""], ["X2", "Unit Dua", "", "OPD", "X1", ""]],
            [
                "row 2: the unit cannot be placed under 'X2', which lies under the unit itself",
                "row 3: the unit cannot be placed under 'X1', which lies under the unit itself",
            ],
        ),
        (
            [["DINKES", "Dinas Kesehatan", "", "OPD", "PKM-SKM", ""]],
            ["row 2: the unit cannot be placed under 'PKM-SKM', which lies under the unit itself"],
        ),
        (
            [["X1", "Unit Satu", "", "OPD", "X1", ""]],
            ["row 2: the unit cannot be placed under 'X1', which is itself"],
        ),
        (
            [
                ["X1", "Unit Satu", "Kembar", "OPD", "PEMDA", ""],
                ["X2", "Unit Dua", "Kembar", "OPD", "PEMDA", ""],
                ["X3", "Unit Tiga", "", "OPD", "Kembar", ""],
            ],
            ["row 4: parent 'Kembar' matches several units; use its code"],
        ),
        (
            [["X1", "Nama yang sangat panjang " * 3, "", "OPD", "PEMDA", ""]],
            ["row 2: the short name (nama_singkat) is missing and the name is too long to use instead"],
        ),
    ],
    ids=[
        "duplicate-code",
        "missing-name",
        "missing-code",
        "unknown-kind",
        "missing-kind",
        "bad-active",
        "root-by-verifikator",
        "cycle-in-file",
        "cycle-with-existing",
        "self-parent",
        "ambiguous-parent",
        "short-name-needed",
    ],
)
def test_row_errors_in_words(world, verifikator, rows, expected):
    plan = plan_for(rows, verifikator)
    assert errors_of(plan) == expected
    assert not plan.is_valid


def test_kinds_are_accepted_as_codes_and_labels(world, verifikator):
    words = [
        "puskesmas",
        "Puskesmas",
        "OPD",
        "kelurahan",
        "Kecamatan",
        "RSUD",
        "Sekolah",
        "UPT",
        "lainnya",
        "Regional agency (OPD)",
        "kabupaten",
    ]
    rows = [[f"K{n}", f"Unit {n}", "", word, "PEMDA", ""] for n, word in enumerate(words)]
    plan = plan_for(rows, verifikator)
    assert errors_of(plan) == []
    assert [row.kind for row in plan.rows] == [
        UnitKind.PUSKESMAS,
        UnitKind.PUSKESMAS,
        UnitKind.OPD,
        UnitKind.KELURAHAN,
        UnitKind.KECAMATAN,
        UnitKind.RSUD,
        UnitKind.SEKOLAH,
        UnitKind.UPT,
        UnitKind.OTHER,
        UnitKind.OPD,
        UnitKind.PEMKAB,
    ]


# --- confirm ------------------------------------------------------------------------------

TREE_ROWS = [
    HEADER,
    # Children come before their parents; parents named by code, name and short name.
    ["KEL-MEKAR", "Kelurahan Mekar", "Kel. Mekar", "kelurahan", "Kecamatan Kota", "ya"],
    ["SD-01", "SD Negeri 1 Kota", "SDN 1", "sekolah", "Kec Kota", ""],
    ["KEC-KOTA", "Kecamatan Kota", "Kec Kota", "Kecamatan", "PEMDA", "ya"],
    ["UPT-LAB", "UPT Laboratorium Kesehatan", "Labkesda", "UPT", "Dinkes", "ya"],
]


def test_confirm_writes_the_tree_with_correct_parents(login, world, verifikator):
    client = login("verifikator")
    upload(client, csv_bytes(TREE_ROWS))
    response = preview(client)
    assert outcomes(response) == [(2, "new"), (3, "new"), (4, "new"), (5, "new")]
    response = confirm(client, response)
    assert response["Location"] == reverse("core-unit-list")
    assert messages_of(client.get(response["Location"])) == [
        "Import finished: 4 new, 0 changed, 0 unchanged."
    ]

    units = {unit.code: unit for unit in Unit.objects.all()}
    assert units["KEC-KOTA"].path.startswith(units["PEMDA"].path)
    assert units["KEC-KOTA"].depth == 2
    for child in ("KEL-MEKAR", "SD-01"):
        assert units[child].path.startswith(units["KEC-KOTA"].path)
        assert units[child].depth == 3
    assert units["UPT-LAB"].path.startswith(units["DINKES"].path)
    assert (units["KEL-MEKAR"].name, units["KEL-MEKAR"].short_name, units["KEL-MEKAR"].kind) == (
        "Kelurahan Mekar",
        "Kel. Mekar",
        UnitKind.KELURAHAN,
    )
    assert [parent_code(code) for code in ("KEL-MEKAR", "SD-01", "KEC-KOTA", "UPT-LAB")] == [
        "KEC-KOTA",
        "KEC-KOTA",
        "PEMDA",
        "DINKES",
    ]
    assert all(problem == [] for problem in Unit.objects.find_problems())
    event = AuditEvent.objects.get(action="import")
    assert (event.actor, event.details) == (verifikator, {"new": 4, "changed": 0, "unchanged": 0, "error": 0})
    assert not AuditEvent.objects.filter(action="unit_change").exists()  # one row for the whole file
    # The upload waiting for confirmation is gone.
    assert preview(client).context["plan"] is None
    assert list((imports_tables._stash_dir()).iterdir()) == []


def test_second_import_of_the_same_file_changes_nothing(login, world):
    client = login("verifikator")
    data = csv_bytes(TREE_ROWS)
    upload(client, data)
    confirm(client, preview(client))
    before = snapshot()

    upload(client, data)
    response = preview(client)
    assert outcomes(response) == [(2, "unchanged"), (3, "unchanged"), (4, "unchanged"), (5, "unchanged")]
    page = text(response)
    assert "Everything in this file is already in the portal; there is nothing to import." in page
    assert 'name="fingerprint"' not in page
    with CaptureQueriesContext(connection) as queries:
        response = confirm(client, response)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].startswith(("INSERT", "UPDATE", "DELETE")) and "core_unit" in q["sql"]
    ]
    assert writes == []
    assert snapshot() == before
    assert AuditEvent.objects.filter(action="import").count() == 1


def test_import_moves_and_renames_existing_units(login, world):
    client = login("verifikator")
    rows = [
        HEADER,
        ["PKM-SKM", "Puskesmas Sukamaju Raya", "", "", "DISDIK", ""],  # empty cells keep the values
    ]
    upload(client, csv_bytes(rows))
    response = preview(client)
    assert response.context["plan"].rows[0].changes == [
        "official name: Puskesmas Sukamaju → Puskesmas Sukamaju Raya",
        "parent: Dinas Kesehatan (DINKES) → Dinas Pendidikan (DISDIK)",
    ]
    confirm(client, response)
    unit = Unit.objects.get(code="PKM-SKM")
    assert (unit.name, unit.short_name, unit.kind) == (
        "Puskesmas Sukamaju Raya",
        "PKM Sukamaju",
        UnitKind.PUSKESMAS,
    )
    assert parent_code("PKM-SKM") == "DISDIK"
    assert unit.groups.count() == 1
    assert all(problem == [] for problem in Unit.objects.find_problems())


def test_existing_unit_moved_under_a_new_unit_of_the_same_file(login, world):
    client = login("verifikator")
    rows = [
        HEADER,
        ["PKM-SKM", "Puskesmas Sukamaju", "PKM Sukamaju", "Puskesmas", "UPT-KES", "ya"],
        ["UPT-KES", "UPT Kesehatan Wilayah", "UPT Kes", "UPT", "DINKES", "ya"],
    ]
    upload(client, csv_bytes(rows))
    response = preview(client)
    assert outcomes(response) == [(2, "changed"), (3, "new")]
    confirm(client, response)
    assert parent_code("PKM-SKM") == "UPT-KES"
    assert parent_code("UPT-KES") == "DINKES"
    assert Unit.objects.get(code="PKM-SKM").depth == 4


def test_admin_imports_a_top_level_unit(login, world):
    client = login("admin")
    rows = [
        HEADER,
        ["PEMKOT", "Pemerintah Kota Contoh", "Pemkot", "Pemkot", "", ""],
        ["KOTA-DINKES", "Dinas Kesehatan Kota", "Dinkes Kota", "OPD", "Pemkot", ""],
    ]
    upload(client, csv_bytes(rows))
    confirm(client, preview(client))
    assert Unit.objects.get(code="PEMKOT").depth == 1
    assert parent_code("KOTA-DINKES") == "PEMKOT"


def test_confirm_checks_again_and_refuses_when_the_data_changed(login, world):
    client = login("verifikator")
    upload(client, csv_bytes(TREE_ROWS))
    response = preview(client)
    # Meanwhile someone adds one of the units by hand.
    Unit.objects.add_child(
        world.pemda,
        create_kwargs={
            "kind": "kecamatan",
            "name": "Kecamatan Kota",
            "short_name": "Kec Kota",
            "code": "KEC-KOTA",
        },
    )
    before = snapshot()
    response = confirm(client, response)
    assert response["Location"] == reverse("core-unit-import-preview")
    assert messages_of(client.get(response["Location"])) == [
        "The data in the portal changed since you checked the preview. Check the rows again, then confirm."
    ]
    assert snapshot() == before


def test_confirm_without_an_upload_goes_back_to_the_upload_page(login, world):
    client = login("verifikator")
    response = client.post(reverse("core-unit-import-confirm"))
    assert response["Location"] == reverse("core-unit-import")
    assert messages_of(client.get(response["Location"])) == [
        "There is no uploaded file waiting to be imported. Upload it again."
    ]
    assert "There is no uploaded file to check." in text(preview(client))


def test_a_new_upload_replaces_the_waiting_one(login, world):
    client = login("verifikator")
    upload(client, csv_bytes(TREE_ROWS))
    first = client.session["core-import-units"]["file"]
    upload(client, csv_bytes([HEADER, ["X9", "Unit Sembilan", "", "OPD", "PEMDA", ""]]))
    assert [row.code for row in preview(client).context["plan"].rows] == ["X9"]
    assert [path.name for path in imports_tables._stash_dir().iterdir()] == [
        client.session["core-import-units"]["file"]
    ]
    assert imports.stash_read(first) is None


def test_abandoned_uploads_are_removed_after_a_day(login, world):
    client = login("verifikator")
    upload(client, csv_bytes(TREE_ROWS))
    old = imports_tables._stash_dir() / client.session["core-import-units"]["file"]
    os.utime(old, (time.time() - 25 * 3600, time.time() - 25 * 3600))
    login("admin").post(
        reverse("core-unit-import"), {"file": SimpleUploadedFile("unit.csv", csv_bytes(TREE_ROWS))}
    )
    assert not old.exists()
    assert preview(client).context["plan"] is None


# --- file formats ---------------------------------------------------------------------------


def test_csv_with_semicolons_and_bom(login, world):
    client = login("verifikator")
    rows = [
        ["Kode", "NAMA", "Nama Singkat", "Jenis", "Induk", "Aktif"],  # any case, spaces for underscores
        ["KEC-BARAT", "Kecamatan Barat, Kota", "Kec Barat", "Kecamatan", "PEMDA", "1"],
    ]
    data = csv_bytes(rows, ";", bom=True)
    assert data.startswith(b"\xef\xbb\xbf")
    upload(client, data)
    response = preview(client)
    assert outcomes(response) == [(2, "new")]
    row = response.context["plan"].rows[0]
    assert (row.code, row.name, row.short_name, row.kind, row.parent_code) == (
        "KEC-BARAT",
        "Kecamatan Barat, Kota",
        "Kec Barat",
        UnitKind.KECAMATAN,
        "PEMDA",
    )
    confirm(client, response)
    assert Unit.objects.get(code="KEC-BARAT").name == "Kecamatan Barat, Kota"


def test_xlsx_made_with_openpyxl(login, world):
    client = login("verifikator")
    rows = [
        HEADER,
        [None, None, None, None, None, None],  # an empty row keeps its number
        [2024, "Kelurahan Dua Ribu", "Kel 2024", "Kelurahan", "DINKES", True],
        ["UPT-X", "UPT Farmasi", "Farmasi", "UPT", "Dinas Kesehatan", "tidak"],
    ]
    upload(client, xlsx_bytes(rows), name="unit.xlsx")
    response = preview(client)
    assert outcomes(response) == [(3, "new"), (4, "new")]
    confirm(client, response)
    assert Unit.objects.get(code="2024").is_active is True
    assert Unit.objects.get(code="UPT-X").is_active is False
    assert parent_code("2024") == "DINKES"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("unit.xlsx", png_bytes(), "The file is neither an XLSX workbook nor a CSV text file."),
        ("unit.csv", pdf_bytes(), "The file is neither an XLSX workbook nor a CSV text"),
        ("unit.xlsx", zip_bytes({"word/document.xml": b"<w/>"}), "This is not an Excel workbook (XLSX)."),
        (
            "unit.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "This is an old Excel file (.xls).",
        ),
        ("unit.xlsx", zip_bytes({"xl/workbook.xml": b"not xml"}), "The workbook cannot be read."),
        ("unit.csv", b"kode,nama\nX,Y\n", "The first row must name the columns. Missing: jenis, induk."),
        ("unit.csv", csv_bytes([HEADER]), "The file has a header row but no data rows."),
        ("unit.csv", b"", "The submitted file is empty."),
        ("unit.csv", "kode,nama\n".encode("utf-16"), "The file is neither an XLSX workbook nor a CSV text"),
    ],
    ids=[
        "png",
        "pdf",
        "docx-like-zip",
        "old-xls",
        "broken-xlsx",
        "missing-columns",
        "no-rows",
        "empty",
        "utf16",
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(login, world, name, data, error):
    client = login("verifikator")
    response = upload(client, data, name=name)
    assert response.status_code == 200
    assert error in text(response)
    assert "file" in response.context["form"].errors
    assert preview(client).context["plan"] is None


def test_too_many_rows_are_refused(login, world):
    client = login("verifikator")
    rows = [HEADER] + [[f"R{n}", f"Unit {n}", "", "OPD", "PEMDA", ""] for n in range(imports.MAX_ROWS + 1)]
    response = upload(client, csv_bytes(rows))
    assert "The file has more than 5000 rows; split it into smaller files." in text(response)


def test_files_over_5_mb_are_refused(login, world):
    client = login("verifikator")
    data = csv_bytes([HEADER, ["X1", "Unit", "", "OPD", "PEMDA", "x" * (imports.MAX_BYTES)]])
    response = upload(client, data)
    assert "The file is larger than 5 MB." in text(response)


def test_the_stashed_file_is_private_and_named_at_random(login, world):
    client = login("verifikator")
    upload(client, csv_bytes(TREE_ROWS))
    name = client.session["core-import-units"]["file"]
    path = imports_tables._stash_dir() / name
    assert path.read_bytes() == csv_bytes(TREE_ROWS)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert imports.stash_read("../../etc/passwd") is None


# --- permissions ----------------------------------------------------------------------------


def test_verifikator_cannot_import_into_a_unit_outside_his_subtree(as_unit_verifikator, world):
    rows = [
        HEADER,
        ["SD-02", "SD Negeri 2", "SDN 2", "Sekolah", "DISDIK", ""],
        ["DISDIK", "Dinas Pendidikan Baru", "Disdik", "OPD", "PEMDA", ""],
        ["PKM-SKM", "Puskesmas Sukamaju", "PKM Sukamaju", "Puskesmas", "PEMDA", ""],
        ["PKM-BARU", "Puskesmas Baru", "PKM Baru", "Puskesmas", "Dinkes", ""],
    ]
    before = snapshot()
    upload(as_unit_verifikator, csv_bytes(rows))
    response = preview(as_unit_verifikator)
    assert [row.errors for row in response.context["plan"].rows] == [
        ["row 2: parent 'DISDIK' is outside your units"],
        ["row 3: the code 'DISDIK' belongs to a unit outside your units"],
        ["row 4: parent 'PEMDA' is outside your units"],
        [],
    ]
    assert outcomes(response)[3] == (5, "new")
    confirm(as_unit_verifikator, response)
    assert snapshot() == before


def test_unit_verifikator_may_edit_the_top_of_his_subtree_without_moving_it(as_unit_verifikator, world):
    rows = [HEADER, ["DINKES", "Dinas Kesehatan", "Dinkes Kab", "OPD", "", ""]]
    upload(as_unit_verifikator, csv_bytes(rows))
    response = preview(as_unit_verifikator)
    assert outcomes(response) == [(2, "changed")]
    confirm(as_unit_verifikator, response)
    assert Unit.objects.get(code="DINKES").short_name == "Dinkes Kab"
    assert parent_code("DINKES") == "PEMDA"


def test_names_of_units_the_user_cannot_see_are_not_found(as_unit_verifikator, world):
    plan = plan_for(
        [["SD-02", "SD Negeri 2", "SDN 2", "Sekolah", "Dinas Pendidikan", ""]], world.users["outsider"]
    )
    assert errors_of(plan)[-1] == "row 2: parent 'Dinas Pendidikan' is outside your units"
    upload(
        as_unit_verifikator,
        csv_bytes([HEADER, ["SD-02", "SD Negeri 2", "SDN 2", "Sekolah", "Dinas Pendidikan", ""]]),
    )
    assert preview(as_unit_verifikator).context["plan"].rows[0].errors == [
        "row 2: parent 'Dinas Pendidikan' not found"
    ]


# --- template -------------------------------------------------------------------------------


def test_template_downloads_read_back_as_valid_imports(login, world):
    client = login("verifikator")
    response = client.get(reverse("core-unit-import-template"))
    assert response["Content-Disposition"] == 'attachment; filename="template-import-unit.xlsx"'
    table = imports.read_table(response.content, columns=imports.UNIT_COLUMNS, required=imports.UNIT_REQUIRED)
    assert table.format == "xlsx"
    assert table.columns == [*HEADER, "jumlah_asn"]
    assert [row.values["kode"] for row in table.rows] == ["DINKES", "PKM-SUKAMAJU"]
    assert table.rows[0].values["induk"] == "PEMDA"

    response = client.get(reverse("core-unit-import-template"), {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbfkode;nama;nama_singkat;jenis;induk;aktif;jumlah_asn\r\n")
    table = imports.read_table(response.content, columns=imports.UNIT_COLUMNS, required=imports.UNIT_REQUIRED)
    assert len(table.rows) == 2

    upload(client, response.content, name="template.csv")
    assert outcomes(preview(client)) == [(2, "unchanged"), (3, "new")]


def test_upload_page_explains_the_columns(login, world):
    page = text(login("verifikator").get(reverse("core-unit-import")))
    for words in ("nama_singkat", "Download the template (XLSX)", "At most 5 MB and 5000 rows."):
        assert words in page


# --- large files ----------------------------------------------------------------------------


def _apply_queries(user, tag: str, children: int) -> int:
    rows = [[f"KEC-{tag}", f"Kecamatan {tag}", "", "kecamatan", "PEMDA", ""]]
    rows += [
        [f"KEL-{tag}-{n:03d}", f"Kelurahan {tag} {n:03d}", "", "kelurahan", f"KEC-{tag}", ""]
        for n in range(children)
    ]
    plan = plan_for(list(reversed(rows)), user)
    with CaptureQueriesContext(connection) as queries:
        imports.unit_import_apply(plan=plan, by=user)
    kelurahan = Unit.objects.get_children(Unit.objects.get(code=f"KEC-{tag}"))
    assert list(kelurahan.values_list("code", flat=True)) == [f"KEL-{tag}-{n:03d}" for n in range(children)]
    return len(queries)


def test_applying_many_new_units_takes_a_fixed_number_of_queries(world, verifikator):
    assert _apply_queries(verifikator, "satu", 10) == _apply_queries(verifikator, "tiga", 40)
    assert all(problem == [] for problem in Unit.objects.find_problems())


def test_new_units_take_their_place_in_name_order_among_existing_siblings(world, verifikator):
    rows = [
        ["BAPPEDA", "Badan Perencanaan", "Bappeda", "OPD", "PEMDA", ""],
        ["DISHUB", "Dinas Perhubungan", "Dishub", "OPD", "PEMDA", ""],
        ["SETDA", "Sekretariat Daerah", "Setda", "OPD", "PEMDA", ""],
        ["UPT-A", "UPT Alpha", "UPT A", "UPT", "DISDIK", ""],
    ]
    imports.unit_import_apply(plan=plan_for(rows, verifikator), by=verifikator)
    children = Unit.objects.get_children(Unit.objects.get(code="PEMDA"))
    assert list(children.values_list("name", flat=True)) == [
        "Badan Perencanaan",
        "Dinas Kesehatan",
        "Dinas Pendidikan",
        "Dinas Perhubungan",
        "Sekretariat Daerah",
    ]
    assert parent_code("UPT-A") == "DISDIK"
    assert all(problem == [] for problem in Unit.objects.find_problems())


def _preview_queries(client, rows) -> int:
    upload(client, csv_bytes([HEADER, *rows]))
    with CaptureQueriesContext(connection) as queries:
        response = preview(client)
    assert len(response.context["plan"].rows) == len(rows)
    return len(queries)


def test_preview_has_no_n_plus_one(login, world):
    client = login("verifikator")
    rows = [[f"X{n}", f"Unit {n}", "", "OPD", "DINKES", ""] for n in range(3)]
    rows[2] = ["DISDIK", "Dinas Pendidikan Baru", "", "OPD", "PEMDA", ""]
    assert _preview_queries(client, rows[:1]) == _preview_queries(client, rows)


def test_a_code_taken_between_preview_and_confirm_rolls_everything_back(world, verifikator):
    plan = plan_for(
        [
            ["KEC-A", "Kecamatan A", "", "kecamatan", "PEMDA", ""],
            ["KEL-A", "Kelurahan A", "", "kelurahan", "KEC-A", ""],
        ],
        verifikator,
    )
    UnitFactory(parent=world.unit_b, name="Sekolah Lain", code="KEL-A")
    before = snapshot()
    with pytest.raises(IntegrityError):
        imports.unit_import_apply(plan=plan, by=verifikator)
    assert snapshot() == before


def test_the_number_of_asn_is_imported_and_an_empty_cell_keeps_it(login, world, verifikator):
    """Optional column jumlah_asn: whole numbers ("1.250" is Indonesian for 1250); empty keeps."""
    header = [*HEADER, "jumlah_asn"]
    Unit.objects.filter(code="DISDIK").update(asn_count=300)
    table = imports.read_table(
        csv_bytes(
            [
                header,
                ["PKM-SKM", "Puskesmas Sukamaju", "", "", "", "", "1.250"],
                ["DISDIK", "Dinas Pendidikan", "", "", "", "", ""],
                ["PKM-BARU", "Puskesmas Baru", "", "Puskesmas", "DINKES", "", "12,5"],
            ]
        ),
        columns=imports.UNIT_COLUMNS,
        required=imports.UNIT_REQUIRED,
    )
    plan = imports.plan_unit_import(table=table, user=verifikator)
    assert errors_of(plan) == ["row 4: 'jumlah_asn' must be a whole number of ASN, not '12,5'"]
    assert [(row.code, row.asn_count, row.changes) for row in plan.rows[:2]] == [
        ("PKM-SKM", 1250, ["number of ASN: - → 1250"]),
        ("DISDIK", 300, []),
    ]

    client = login("verifikator")
    upload(client, csv_bytes([header, ["PKM-SKM", "Puskesmas Sukamaju", "", "", "", "", "40"]]))
    confirm(client, preview(client))
    assert dict(Unit.objects.filter(code__in=["PKM-SKM", "DISDIK"]).values_list("code", "asn_count")) == {
        "PKM-SKM": 40,
        "DISDIK": 300,
    }


# --- codes: stored as numbers, upper and lower case, formula-like -----------------------------


def xlsx_with_formats(rows, formats: dict[str, str]) -> bytes:
    """An XLSX like Excel writes it when codes were typed into numeric cells."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in formats.items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_code_stored_as_a_number_is_read_as_the_sheet_shows_it_and_warned_about(login, world):
    UnitFactory(
        parent=world.unit_a, kind=UnitKind.UPT, name="UPT Gudang", short_name="Gudang", code="3523.10"
    )
    UnitFactory(parent=world.unit_a, kind=UnitKind.UPT, name="UPT Lab", short_name="Lab", code="00123")
    client = login("verifikator")
    rows = [
        HEADER,
        [3523.1, "UPT Gudang", "Gudang", "UPT", "DINKES", "ya"],  # the cell shows 3523.10 ("0.00")
        [123, "UPT Lab", "Lab", "UPT", "DINKES", "ya"],  # "00000"
    ]
    upload(client, xlsx_with_formats(rows, {"A2": "0.00", "A3": "00000"}), name="unit.xlsx")
    response = preview(client)
    assert [row.code for row in response.context["plan"].rows] == ["3523.10", "00123"]
    assert outcomes(response) == [(2, "unchanged"), (3, "unchanged")]
    assert [row.warnings for row in response.context["plan"].rows] == [
        [
            "row 2: column 'kode' holds the number 3523.1, read as '3523.10'; a spreadsheet drops "
            "trailing and leading zeros of numbers, so check the code or format the column as text"
        ],
        [
            "row 3: column 'kode' holds the number 123, read as '00123'; a spreadsheet drops "
            "trailing and leading zeros of numbers, so check the code or format the column as text"
        ],
    ]
    assert "Check these rows before you confirm:" in text(response)


def test_a_code_that_lost_its_zero_in_a_numeric_cell_matches_the_existing_unit(login, world):
    UnitFactory(
        parent=world.unit_a, kind=UnitKind.UPT, name="UPT Gudang", short_name="Gudang", code="3523.10"
    )
    client = login("verifikator")
    rows = [
        HEADER,
        [3523.1, "UPT Gudang Obat", "Gudang", "UPT", "DINKES", "ya"],  # "General": shown as 3523.1
        ["UPT-BARU", "UPT Baru", "Baru", "UPT", 3523.1, "ya"],
    ]
    upload(client, xlsx_bytes(rows), name="unit.xlsx")
    response = preview(client)
    plan = response.context["plan"]
    assert outcomes(response) == [(2, "changed"), (3, "new")]
    assert plan.rows[0].notes == ["'3523.1' is taken as the existing code 3523.10."]
    assert plan.rows[1].parent_label == "UPT Gudang Obat (3523.10)"
    assert [len(row.warnings) for row in plan.rows] == [1, 1]
    before = Unit.objects.count()
    confirm(client, response)
    assert Unit.objects.count() == before + 1  # UPT-BARU only: no second "3523.1"
    assert Unit.objects.get(code="3523.10").name == "UPT Gudang Obat"
    assert not Unit.objects.filter(code="3523.1").exists()
    assert parent_code("UPT-BARU") == "3523.10"


def test_codes_match_whatever_their_case(login, world):
    client = login("verifikator")
    rows = [
        HEADER,
        ["pkm-skm", "Puskesmas Sukamaju", "PKM Sukamaju", "Puskesmas", "dinkes", "ya"],
        ["PKM-MKS", "Puskesmas Mekarsari", "PKM Mekarsari", "Puskesmas", "Dinkes", ""],
    ]
    upload(client, csv_bytes(rows))
    response = preview(client)
    plan = response.context["plan"]
    assert outcomes(response) == [(2, "unchanged"), (3, "new")]
    assert plan.rows[0].code == "PKM-SKM"
    assert plan.rows[0].notes == ["'pkm-skm' is taken as the existing code PKM-SKM."]
    assert plan.rows[1].parent_label == "Dinas Kesehatan (DINKES)"
    confirm(client, response)
    assert sorted(Unit.objects.filter(code__iexact="pkm-skm").values_list("code", flat=True)) == ["PKM-SKM"]


def test_two_rows_whose_codes_differ_only_in_case_are_one_code_twice(world, verifikator):
    plan = plan_for(
        [
            ["KEC-A", "Kecamatan A", "", "kecamatan", "PEMDA", ""],
            ["kec-a", "Kecamatan A Baru", "", "kecamatan", "PEMDA", ""],
        ],
        verifikator,
    )
    assert errors_of(plan) == [
        "row 2: the code 'KEC-A' is also used in row 3",
        "row 3: the code 'kec-a' is also used in row 2",
    ]


def test_the_database_refuses_a_code_that_differs_only_in_case(world):
    with pytest.raises(IntegrityError, match="unit_code_unique_ci"):
        UnitFactory(parent=world.unit_a, code="dinkes")


def test_a_code_that_a_spreadsheet_would_run_as_a_formula_is_refused(world, verifikator):
    plan = plan_for(
        [
            ["=cmd|' /C calc'!A0", "Unit Jahat", "", "OPD", "PEMDA", ""],
            ["@SUM(1)", "Unit Dua", "", "OPD", "PEMDA", ""],
            ["3.01.2.19", "Unit Baik", "", "OPD", "PEMDA", ""],
        ],
        verifikator,
    )
    assert errors_of(plan) == [
        "row 2: the code '=cmd|' /C calc'!A0' may contain only letters, digits, spaces and . - _ /, "
        "and must start with a letter or a digit",
        "row 3: the code '@SUM(1)' may contain only letters, digits, spaces and . - _ /, "
        "and must start with a letter or a digit",
    ]
