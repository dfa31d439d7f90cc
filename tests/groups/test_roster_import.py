"""Importing a roster from XLSX/CSV: upload checked by content, a preview of every row, nothing
written while a row is wrong, the same file twice changes nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from groups.models import Person, RosterMember, RosterRole
from tests.factories import GroupFactory, PersonFactory, make_nip, pdf_bytes

pytestmark = pytest.mark.django_db


def url(name, group, year=2026):
    return reverse(name, args=[group.uuid, year])


def csv_file(lines, name="anggota.csv"):
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def xlsx_file(rows, name="anggota.xlsx"):
    workbook = openpyxl.Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def roster_of(group):
    return sorted(
        RosterMember.objects.filter(group_year__group=group).values_list(
            "person__nip", "person__name", "role"
        )
    )


@pytest.fixture
def group(world):
    return GroupFactory(unit=world.unit_a1, name="KBK Impor")


def upload(client, group, file):
    return client.post(url("groups-roster-import", group), {"file": file}, follow=True)


def confirm(client, group, response):
    fingerprint = response.context["plan"].fingerprint
    return client.post(url("groups-roster-import-confirm", group), {"fingerprint": fingerprint}, follow=True)


def test_import_previews_every_row_then_writes_and_a_second_import_changes_nothing(world, as_persona, group):
    nips = [make_nip(), make_nip(sex=2), make_nip()]
    known = PersonFactory(name="Budi Santoso", unit=world.unit_a)
    client = as_persona("operator_a")
    rows = [
        ["NIP", "Nama", "Jabatan", "Peran", "Catatan"],
        [nips[0], "Siti Aminah", "Perawat", "Ketua", "x"],
        [
            f"{nips[1][:8]}.{nips[1][8:14]}.{nips[1][14]}.{nips[1][15:]}",
            "Dewi Lestari",
            "Bidan",
            "Sekretaris",
            "",
        ],
        [nips[2], "Andi Wijaya", "", "fasilitator", ""],
        [known.nip, "Budi", "", "", ""],
    ]

    preview = upload(client, group, xlsx_file(rows))

    assert preview.redirect_chain == [(url("groups-roster-import-preview", group), 302)]
    plan = preview.context["plan"]
    assert [(row.number, row.outcome, row.role) for row in plan.rows] == [
        (2, "new", "ketua"),
        (3, "new", "sekretaris"),
        (4, "new", "fasilitator"),
        (5, "new", "anggota"),
    ]
    assert plan.rows[3].notes == ["Known to the portal as Budi Santoso; the ASN record is left as it is."]
    assert plan.ignored_columns == ["catatan"]
    content = preview.content.decode()
    assert content.count("<h1") == 1
    assert "Import: 4 new, 0 changed" in content
    assert roster_of(group) == []  # the preview writes nothing

    done = confirm(client, group, preview)

    assert "Roster saved: 4 added, 0 changed, 0 unchanged." in done.content.decode()
    assert roster_of(group) == sorted(
        [
            (nips[0], "Siti Aminah", "ketua"),
            (nips[1], "Dewi Lestari", "sekretaris"),
            (nips[2], "Andi Wijaya", "fasilitator"),
            (known.nip, "Budi Santoso", "anggota"),
        ]
    )
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert (event.target, event.unit, event.details) == (
        "roster KBK Impor 2026",
        world.unit_a1,
        {"new": 4, "changed": 0, "unchanged": 0, "error": 0},
    )

    again = upload(client, group, xlsx_file(rows))
    assert [row.outcome for row in again.context["plan"].rows] == ["unchanged"] * 4
    assert (
        "Everyone in this file is already on the roster with that role; there is nothing to import."
        in again.content.decode()
    )
    assert Person.objects.filter(nip__in=nips).count() == 3


def test_a_changed_role_is_shown_and_applied(world, as_persona):
    ketua = world.group_year_a.members.select_related("person").get(role=RosterRole.KETUA)
    client = as_persona("operator_a")

    preview = upload(client, world.group_a, csv_file(["nip;nama;peran", f"{ketua.person.nip};;Anggota"]))

    assert [(row.outcome, row.changes) for row in preview.context["plan"].rows] == [
        ("changed", ["role: Ketua → Anggota"])
    ]
    confirm(client, world.group_a, preview)
    ketua.refresh_from_db()
    assert ketua.role == "anggota"


def test_row_errors_are_named_and_nothing_is_written(world, login, group):
    client = login("operator_a")
    good = make_nip()
    preview = upload(
        client,
        group,
        csv_file(
            [
                "nip,nama,jabatan,peran",
                f"{good},Siti Aminah,Perawat,Ketua",
                "198503302010011003,,,Anggota",
                "12345,Pendek,,Anggota",
            ]
        ),
    )

    plan = preview.context["plan"]
    assert [error for row in plan.error_rows for error in row.errors] == [
        "baris 3: NIP 198503302010011003 belum ada di portal: ketik namanya",
        "baris 4: NIP '12345': NIP terdiri atas tepat 18 digit (saat ini: 5 karakter).",
    ]
    assert "Import:" not in preview.content.decode()  # no confirm button

    refused = client.post(
        url("groups-roster-import-confirm", group), {"fingerprint": plan.fingerprint}, follow=True
    )

    assert "Beberapa baris bermasalah. Belum ada yang disimpan." in refused.content.decode()
    assert roster_of(group) == []
    assert not Person.objects.filter(nip=good).exists()


def test_a_nip_stored_as_a_number_is_refused_as_rounded(world, as_persona, group):
    preview = upload(
        as_persona("operator_a"), group, xlsx_file([["nip", "nama"], [198503302010011001, "Siti"]])
    )

    assert preview.context["plan"].rows[0].errors == [
        "row 2: column 'nip' holds a long number that the spreadsheet may have rounded; "
        "format the column as text and type the value again"
    ]


def test_the_upload_is_checked_by_its_content(world, as_persona, group):
    response = as_persona("operator_a").post(
        url("groups-roster-import", group), {"file": SimpleUploadedFile("anggota.csv", pdf_bytes())}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["The file is neither an XLSX workbook nor a CSV text file."]
    }
    missing = as_persona("operator_a").post(
        url("groups-roster-import", group), {"file": csv_file(["nama,peran", "Siti,Ketua"])}
    )
    assert missing.context["form"].errors["file"] == [
        "The first row must name the columns. Missing: nip. Download the template to see the expected columns."
    ]


def test_a_stale_preview_is_not_applied(world, as_persona, group):
    client = as_persona("operator_a")
    nip = make_nip()
    preview = upload(client, group, csv_file(["nip,nama", f"{nip},Siti Aminah"]))
    PersonFactory(nip=nip, name="Siti Aminah", unit=world.unit_a1)  # someone recorded her meanwhile

    response = client.post(url("groups-roster-import-confirm", group), {"fingerprint": "0" * 64}, follow=True)

    assert "The data in the portal changed since you checked the preview." in response.content.decode()
    assert roster_of(group) == []
    assert preview.context["plan"].rows[0].outcome == "new"


def test_the_template_has_the_columns_as_text(world, as_persona, group):
    response = as_persona("operator_a").get(url("groups-roster-import-template", group))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active

    assert [[cell.value for cell in row] for row in sheet.iter_rows()][0] == [
        "nip",
        "nama",
        "jabatan",
        "peran",
    ]
    assert {cell.number_format for row in sheet.iter_rows() for cell in row} == {"@"}
    assert not any(str(cell.value).startswith("=") for row in sheet.iter_rows() for cell in row)
    csv_response = as_persona("operator_a").get(url("groups-roster-import-template", group) + "?format=csv")
    assert csv_response.content.decode("utf-8-sig").splitlines()[0] == "nip;nama;jabatan;peran"


def test_an_import_of_another_units_asn_needs_the_full_name_and_shows_only_what_was_typed(world, as_persona):
    rina = PersonFactory(name="Rina Kartika", jabatan="Kepala Seksi Rahasia", unit=world.unit_a1)
    client = as_persona("outsider")

    wrong = upload(client, world.group_b, csv_file(["nip,nama,peran", f"{rina.nip},Rina,Ketua"]))
    assert wrong.context["plan"].rows[0].errors == [
        f"row 2: NIP {rina.nip} belongs to an ASN of another unit whose name is not the one typed; "
        "check the NIP and type the full name as in the SK"
    ]
    assert "Kartika" not in wrong.content.decode()

    right = upload(client, world.group_b, csv_file(["nip,nama,peran", f"{rina.nip},Rina Kartika,Ketua"]))
    assert "Kepala Seksi Rahasia" not in right.content.decode()
    assert "PKM Sukamaju" not in right.content.decode()
    confirm(client, world.group_b, right)
    assert RosterMember.objects.get(person=rina).confirmation == "pending"
    assert AuditEvent.objects.get(action=AuditAction.ROSTER_CROSS_ADD).details["how"] == "import"


def test_the_preview_query_count_does_not_grow_with_rows(world, as_persona, group, django_assert_num_queries):
    client = as_persona("operator_a")
    known = [PersonFactory(unit=world.unit_a) for _index in range(3)]

    def preview_queries(people):
        upload(client, group, csv_file(["nip,nama,peran", *(f"{p.nip},{p.name},Anggota" for p in people)]))
        with django_assert_num_queries(10) as captured:
            response = client.get(url("groups-roster-import-preview", group))
        assert len(response.context["plan"].rows) == len(people)
        return len(captured)

    assert [preview_queries(known[:1]), preview_queries(known)] == [10, 10]
