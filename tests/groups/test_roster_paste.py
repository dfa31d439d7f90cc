"""Pasting several roster rows at once: the one-person form's checks on every row, errors per
row with the pasted text kept, nothing written while a row is wrong."""

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from groups.models import Completeness, Person, RosterMember, SeatConfirmation
from groups.roster_rows import paste_rows
from tests.factories import GroupFactory, PersonFactory, make_nip

pytestmark = pytest.mark.django_db


def paste_url(group, year=2026):
    return reverse("groups-roster-paste", args=[group.uuid, year])


def roster_of(group):
    return sorted(
        RosterMember.objects.filter(group_year__group=group).values_list(
            "person__nip", "person__name", "role"
        )
    )


@pytest.fixture
def group(world):
    return GroupFactory(unit=world.unit_a1, name="KBK Tempel")


def spaced(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def test_rows_pasted_from_excel_are_added(world, as_persona, group):
    nips = [make_nip(), make_nip(sex=2), make_nip()]
    known = PersonFactory(name="Budi Santoso", unit=world.unit_a)
    text = "\r\n".join(
        [
            "NIP\tNama\tJabatan\tPeran",  # the header row copied along
            f"{spaced(nips[0])}\tSiti Aminah\tPerawat\tKetua",
            f"{nips[1]}\tDewi Lestari\tBidan\tsekretaris",
            "",
            f"{nips[2]}\tAndi Wijaya\t\tFasilitator",
            f"{known.nip}\t\t\t",  # a known ASN of the operator's units: no name needed
        ]
    )

    response = as_persona("operator_a").post(paste_url(group), {"rows": text}, follow=True)

    assert roster_of(group) == sorted(
        [
            (nips[0], "Siti Aminah", "ketua"),
            (nips[1], "Dewi Lestari", "sekretaris"),
            (nips[2], "Andi Wijaya", "fasilitator"),
            (known.nip, "Budi Santoso", "anggota"),
        ]
    )
    assert Person.objects.get(nip=nips[0]).jabatan == "Perawat"
    assert Person.objects.get(nip=nips[0]).unit == world.unit_a1
    assert response.redirect_chain == [(reverse("groups-roster", args=[group.uuid, 2026]), 302)]
    assert "Roster saved: 4 added, 0 changed, 0 unchanged." in response.content.decode()
    assert group.years.get().status == Completeness.INCOMPLETE
    assert group.years.get().problem_messages == [
        "The SK number is missing.",
        "The SK date is missing.",
        "The scanned SK is missing.",
    ]


def test_comma_and_semicolon_rows_and_pasting_again_changes_nothing(world, as_persona, group):
    nips = [make_nip(), make_nip()]
    text = f"{nips[0]}, Siti Aminah, Perawat, Ketua\n{nips[1]}; Dewi Lestari, S.Keb.; Bidan; Anggota\n"
    client = as_persona("operator_a")

    client.post(paste_url(group), {"rows": text})
    again = client.post(paste_url(group), {"rows": text}, follow=True)

    assert roster_of(group) == sorted(
        [(nips[0], "Siti Aminah", "ketua"), (nips[1], "Dewi Lestari, S.Keb.", "anggota")]
    )
    assert "Roster saved: 0 added, 0 changed, 2 unchanged." in again.content.decode()


def test_a_wrong_row_writes_nothing_and_every_error_is_named_by_its_row(world, login, group):
    good = make_nip()
    text = "\n".join(
        [
            f"{good}\tSiti Aminah\tPerawat\tKetua",
            "19851330 201001 3 001\tSalah Tanggal\t\tAnggota",
            f"{make_nip()}\t\t\tAnggota",
            f"{good}\tSiti Lagi\t\tRaja",
            "19850330 2010011²01\tPangkat\t\tAnggota",
            f"{make_nip()}, Nama, Satu, Dua, Anggota",
        ]
    )

    response = login("operator_a").post(paste_url(group), {"rows": text})

    assert response.status_code == 200
    plan = response.context["paste_plan"]
    assert [error for row in plan.error_rows for error in row.errors] == [
        f"baris 1: NIP {good} juga ada di baris 4",
        "baris 2: NIP '19851330 201001 3 001': Digit 1-8 (19851330) bukan tanggal lahir yang valid (YYYYMMDD).",
        "baris 2: NIP '19851330 201001 3 001': Digit ke-15 harus 1 (laki-laki) atau 2 (perempuan), bukan 3.",
        f"baris 3: NIP {plan.rows[2].nip} belum ada di portal: ketik namanya",
        "baris 4: peran 'Raja' tidak dikenal; gunakan Pembina, Fasilitator, Ketua, Sekretaris, Anggota",
        f"baris 4: NIP {good} juga ada di baris 1",
        "baris 5: NIP '19850330 2010011²01': NIP hanya berisi angka 0-9; hapus “²”.",
        "baris 6: 5 kolom, padahal satu baris berisi NIP, nama, jabatan, dan peran; nama atau jabatan yang "
        "memuat koma harus disalin dari Excel atau dipisahkan dengan titik koma",
    ]
    content = response.content.decode()
    assert "Siti Aminah\tPerawat\tKetua" in content  # the pasted text is shown again, as pasted
    assert "Beberapa baris bermasalah. Belum ada yang disimpan." in content
    assert roster_of(group) == []
    assert not Person.objects.filter(name="Siti Aminah").exists()


def test_a_pasted_asn_of_another_unit_needs_the_full_name(world, as_persona):
    rina = PersonFactory(name="Rina Kartika", jabatan="Kepala Seksi", unit=world.unit_a1)
    client = as_persona("outsider")

    refused = client.post(paste_url(world.group_b), {"rows": f"{rina.nip}\tRina K.\t\tKetua"})
    assert [error for row in refused.context["paste_plan"].error_rows for error in row.errors] == [
        f"row 1: NIP {rina.nip} belongs to an ASN of another unit whose name is not the one typed; "
        "check the NIP and type the full name as in the SK"
    ]
    assert "Kartika" not in refused.content.decode() and "Kepala Seksi" not in refused.content.decode()

    client.post(paste_url(world.group_b), {"rows": f"{rina.nip}\tRina Kartika\tJabatan apa saja\tKetua"})

    seat = RosterMember.objects.get(person=rina)
    assert (seat.role, seat.confirmation) == ("ketua", SeatConfirmation.PENDING)
    rina.refresh_from_db()
    assert rina.jabatan == "Kepala Seksi"  # the other unit's record is not changed
    assert AuditEvent.objects.get(action=AuditAction.ROSTER_CROSS_ADD).details["how"] == "paste"


def test_an_empty_paste_asks_for_rows(world, as_persona, group):
    response = as_persona("operator_a").post(paste_url(group), {"rows": "\n \n"})

    assert response.context["paste_form"].errors == {"rows": ["This field is required."]}
    response = as_persona("operator_a").post(paste_url(group), {"rows": "NIP\tNama\n"})
    assert response.context["paste_form"].errors == {
        "rows": ["Paste at least one row: NIP, name, position, role."]
    }


def test_paste_parsing_keeps_line_numbers_and_quoted_commas():
    rows, too_many = paste_rows('\n198503302010011001, "Dewi, S.Keb.", Bidan, Anggota\n\nx\ty\tz\tw\tv\n')

    assert [(row.number, row.values) for row in rows] == [
        (2, {"nip": "198503302010011001", "nama": "Dewi, S.Keb.", "jabatan": "Bidan", "peran": "Anggota"}),
        (4, {"nip": "x", "nama": "y", "jabatan": "z", "peran": "w"}),
    ]
    assert too_many == {4: 5}


@pytest.mark.parametrize(
    ("persona", "status"), [("pimpinan_a", 403), ("verifikator", 403), ("outsider", 404)]
)
def test_only_the_groups_operator_pastes(world, as_persona, persona, status):
    response = as_persona(persona).post(paste_url(world.group_a), {"rows": f"{make_nip()}\tSiti\t\tAnggota"})

    assert response.status_code == status
    assert world.group_year_a.members.count() == 5
