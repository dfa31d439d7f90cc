"""ASN of another unit on a roster: added only by NIP and full name, shown with no more than was
typed, and granting nothing beyond the listing until an operator of the ASN's unit confirms."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from groups.models import Person, RosterMember, RosterRole, SeatConfirmation
from groups.services import roster_update_member
from risalah.services import risalah_create
from tests.factories import (
    GroupFactory,
    GroupYearFactory,
    PersonFactory,
    ProgrammeYearFactory,
    RosterMemberFactory,
    UnitFactory,
    make_nip,
)

pytestmark = pytest.mark.django_db

SECRET_JABATAN = "Kepala Seksi Surveilans Rahasia"


def roster_url(group, year=2026):
    return reverse("groups-roster", args=[group.uuid, year])


def decide_url(member):
    group_year = member.group_year
    return reverse(
        "groups-seat-decide",
        args=[group_year.group.uuid, group_year.programme_year.year, member.person.uuid],
    )


@pytest.fixture
def rina(world):
    """An ASN of unit A1 (Dinkes' Puskesmas) whose record the outsider of unit B must not read."""
    return PersonFactory(name="Rina Kartika", jabatan=SECRET_JABATAN, unit=world.unit_a1)


def add_as_outsider(as_persona, world, person, name, role="anggota"):
    return as_persona("outsider").post(
        roster_url(world.group_b), {"nip": person.nip, "role": role, "name": name, "jabatan": "", "unit": ""}
    )


def seat_of(world, person) -> RosterMember:
    return RosterMember.objects.select_related("person", "group_year").get(
        group_year__group=world.group_b, person=person
    )


# --- adding ------------------------------------------------------------------------------


def test_another_units_asn_is_added_by_nip_and_full_name_as_a_pending_seat(world, as_persona, rina):
    response = as_persona("outsider").post(
        roster_url(world.group_b),
        # Spaces and case as typed; the name is the whole name on record.
        {"nip": rina.nip, "role": "ketua", "name": "  rina   KARTIKA ", "jabatan": "Apa saja", "unit": ""},
        follow=True,
    )

    seat = seat_of(world, rina)
    assert (seat.role, seat.confirmation, seat.from_other_unit) == ("ketua", SeatConfirmation.PENDING, True)
    rina.refresh_from_db()
    assert (rina.name, rina.jabatan, rina.unit) == ("Rina Kartika", SECRET_JABATAN, world.unit_a1)
    content = response.content.decode()
    assert (
        f"rina KARTIKA (NIP {rina.nip}) was added to the 2026 roster as Ketua, as a member from another unit."
        in content
    )
    assert "member from another unit" in content
    assert "Waiting for confirmation" in content
    event = AuditEvent.objects.get(action=AuditAction.ROSTER_CROSS_ADD)
    assert (event.actor, event.unit, event.details) == (
        world.users["outsider"],
        world.unit_b,
        {
            "group": str(world.group_b.uuid),
            "year": 2026,
            "nip": rina.nip,
            "person_unit": "PKM-SKM",
            "role": "ketua",
            "how": "added",
        },
    )


def test_the_other_units_record_never_appears_to_the_outsider(world, as_persona, rina):
    """The negative test: data that could leak (another OPD's jabatan and unit) is not shown."""
    add_as_outsider(as_persona, world, rina, "Rina Kartika")
    client = as_persona("outsider")

    pages = [
        client.get(roster_url(world.group_b)).content.decode(),
        client.get(reverse("groups-detail", args=[world.group_b.uuid])).content.decode(),
        client.get(reverse("groups-history", args=[world.group_b.uuid])).content.decode(),
    ]

    for content in pages:
        assert "Rina Kartika" in content
        assert SECRET_JABATAN not in content
        assert "PKM Sukamaju" not in content
        assert "Puskesmas Sukamaju" not in content
    # The operator of the ASN's own unit still sees the whole record on his own groups' pages.
    member = RosterMemberFactory(group_year=world.group_year_a, person=rina)
    assert member.shown_jabatan == SECRET_JABATAN
    assert SECRET_JABATAN in as_persona("operator_a").get(roster_url(world.group_a)).content.decode()


def test_a_different_name_is_refused_without_revealing_the_record(world, as_persona, rina):
    response = add_as_outsider(as_persona, world, rina, "Rina")

    assert response.status_code == 200
    assert response.context["add_form"].errors == {
        "name": [
            "This NIP belongs to an ASN of another unit whose name is not the one typed. "
            "Check the NIP and type the full name as in the SK."
        ]
    }
    content = response.content.decode()
    assert "Kartika" not in content and SECRET_JABATAN not in content
    assert 'value="Rina"' in content  # what was typed stays in the field
    assert not RosterMember.objects.filter(person=rina).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.ROSTER_CROSS_ADD).exists()


def test_a_known_nip_of_another_unit_without_a_name_asks_for_the_full_name(world, as_persona, rina):
    response = add_as_outsider(as_persona, world, rina, "")

    assert response.context["add_form"].errors == {
        "name": ["This NIP belongs to an ASN of another unit: type the full name to add them."]
    }
    assert "Rina" not in response.content.decode()
    assert not RosterMember.objects.filter(person=rina).exists()


def test_an_asn_inside_the_operators_subtree_is_an_own_seat(world, as_persona):
    """Dinkes' operator adds an ASN of Dinkes to a group of its Puskesmas: no confirmation needed."""
    own = PersonFactory(name="Budi Santoso", unit=world.unit_a)
    group = GroupFactory(unit=world.unit_a1)

    as_persona("operator_a").post(roster_url(group), {"nip": own.nip, "role": "ketua"})

    member = RosterMember.objects.get(person=own)
    assert (member.confirmation, member.from_other_unit, member.grants_writing) == ("own", False, True)
    assert not AuditEvent.objects.filter(action=AuditAction.ROSTER_CROSS_ADD).exists()


def test_the_sub_units_operator_adds_the_parents_asn_as_another_units(world, as_persona):
    """Seen from a Puskesmas operator, an ASN of the Dinas above lies outside his subtree."""
    from tests.factories import RoleFactory, UserFactory

    pkm_operator = UserFactory(username="operator.pkm", unit=world.unit_a1)
    RoleFactory(user=pkm_operator, role="operator", unit=world.unit_a1)
    head = PersonFactory(name="Dr. Hadi Susanto", unit=world.unit_a)
    client = as_persona("anonymous")
    client.force_login(pkm_operator)

    client.post(roster_url(world.group_a), {"nip": head.nip, "role": "pembina", "name": "Dr. Hadi Susanto"})

    assert RosterMember.objects.get(person=head).confirmation == SeatConfirmation.PENDING


def test_a_new_asn_is_recorded_only_in_the_operators_own_units(world, as_persona):
    response = as_persona("outsider").post(
        roster_url(world.group_b),
        {"nip": make_nip(), "role": "anggota", "name": "Andi", "jabatan": "Guru", "unit": world.unit_a.uuid},
    )

    assert list(response.context["add_form"].fields["unit"].queryset) == [world.unit_b]
    assert "unit" in response.context["add_form"].errors
    assert not Person.objects.filter(name="Andi").exists()


# --- what a seat grants ------------------------------------------------------------------


@pytest.fixture
def pimpinan_as_ketua_of_b(world, as_persona):
    """The read-only pimpinan of Dinkes, with an ASN record, put on the roster of Disdik's
    KBK Cerdas as Ketua by Disdik's operator. Disdik's group has a draft risalah."""
    pimpinan = world.users["pimpinan_a"]
    person = PersonFactory(name="Dewi Lestari", unit=world.unit_a, user=pimpinan)
    add_as_outsider(as_persona, world, person, "Dewi Lestari", role="ketua")
    risalah_b = risalah_create(
        group=world.group_b, programme_year=world.year, by=world.users["outsider"], theme="Sekolah ramah"
    )
    return seat_of(world, person), risalah_b


TITLE = {
    "theme": "Ditulis oleh pimpinan Dinkes",
    "direction": "increase",
    "metric": "persentase siswa",
    "baseline_value": "10",
    "target_value": "90",
    "unit_of_measure": "%",
    "place": "Disdik",
    "deadline": "2026-09",
    "title": "",
    "conclusion": "",
}


def write_title(client, risalah):
    return client.post(reverse("risalah-title", kwargs={"uuid": risalah.uuid}), {**TITLE, "version": 0})


def test_a_read_only_pimpinan_never_writes_another_opds_risalah_through_an_unconfirmed_seat(
    world, login, pimpinan_as_ketua_of_b
):
    seat, risalah_b = pimpinan_as_ketua_of_b
    client = login("pimpinan_a")

    statuses = [
        write_title(client, risalah_b).status_code,
        client.get(reverse("risalah-step", kwargs={"uuid": risalah_b.uuid, "number": 1})).status_code,
        client.get(reverse("risalah-detail", kwargs={"uuid": risalah_b.uuid})).status_code,
    ]

    assert statuses == [404, 404, 404]
    risalah_b.refresh_from_db()
    assert risalah_b.theme == "Sekolah ramah"
    listed = [r.uuid for r in client.get(reverse("risalah-list")).context["page"]]
    assert risalah_b.uuid not in listed

    # Declined by the pimpinan's own unit: still nothing.
    login("operator_a").post(decide_url(seat), {"decision": "decline"})
    seat.refresh_from_db()
    assert seat.confirmation == SeatConfirmation.DECLINED
    assert write_title(login("pimpinan_a"), risalah_b).status_code == 404


def test_a_seat_confirmed_by_the_members_unit_lets_the_ketua_write(world, login, pimpinan_as_ketua_of_b):
    seat, risalah_b = pimpinan_as_ketua_of_b

    login("operator_a").post(decide_url(seat), {"decision": "confirm"})

    seat.refresh_from_db()
    assert seat.confirmation == SeatConfirmation.CONFIRMED
    assert write_title(login("pimpinan_a"), risalah_b).status_code == 302
    risalah_b.refresh_from_db()
    assert risalah_b.theme == "Ditulis oleh pimpinan Dinkes"
    event = AuditEvent.objects.get(action=AuditAction.ROSTER_CONFIRM)
    assert (event.actor, event.details["nip"], event.details["role"]) == (
        world.users["operator_a"],
        seat.person.nip,
        "ketua",
    )


def test_a_new_role_for_a_confirmed_seat_waits_for_confirmation_again(world, login, pimpinan_as_ketua_of_b):
    seat, _risalah_b = pimpinan_as_ketua_of_b
    seat.role = RosterRole.ANGGOTA
    seat.confirmation = SeatConfirmation.CONFIRMED
    seat.save()

    response = login("outsider").post(
        reverse("groups-roster-role", args=[world.group_b.uuid, 2026, seat.person.uuid]),
        {f"m{seat.person.uuid.hex}-role": "ketua"},
        follow=True,
    )

    seat.refresh_from_db()
    assert (seat.role, seat.confirmation) == ("ketua", SeatConfirmation.PENDING)
    assert "menunggu konfirmasi unit tersebut lagi" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.ROSTER_CROSS_ADD).count() == 2  # added, role changed
    # The unit's own operator may change the role of its own ASN without a new confirmation.
    roster_update_member(member=seat, role=RosterRole.ANGGOTA, by=world.users["admin"])
    assert seat.confirmation == SeatConfirmation.PENDING


def test_copying_last_years_roster_asks_for_a_new_confirmation(world, login, rina):
    year_2025 = ProgrammeYearFactory(year=2025)
    last_year = GroupYearFactory(group=world.group_b, programme_year=year_2025)
    RosterMemberFactory(group_year=last_year, person=rina, confirmation=SeatConfirmation.CONFIRMED)
    world.group_b.years.get(programme_year=world.year).delete()

    login("outsider").post(reverse("groups-roster-copy", args=[world.group_b.uuid, 2026]))

    copied = RosterMember.objects.get(person=rina, group_year__programme_year=world.year)
    assert copied.confirmation == SeatConfirmation.PENDING
    assert AuditEvent.objects.get(action=AuditAction.ROSTER_CROSS_ADD).details["how"] == "copied"


# --- confirming --------------------------------------------------------------------------


def test_the_members_unit_operator_sees_and_confirms_the_pending_seat(world, as_persona, rina):
    add_as_outsider(as_persona, world, rina, "Rina Kartika")
    client = as_persona("operator_a")

    listing = client.get(reverse("groups-list")).content.decode()
    assert "1 ASN of your units was put on the roster of a group elsewhere" in listing
    page = client.get(reverse("groups-seat-list"))
    assert [(s.person, s.group_year.group, s.role) for s in page.context["page"]] == [
        (rina, world.group_b, "anggota")
    ]
    assert page.content.decode().count("<h1") == 1

    response = client.post(decide_url(seat_of(world, rina)), {"decision": "confirm"}, follow=True)

    assert "The seat of Rina Kartika in KBK Cerdas (2026) is confirmed." in response.content.decode()
    assert list(response.context["page"]) == []
    again = client.post(decide_url(seat_of(world, rina)), {"decision": "decline"}, follow=True)
    assert "was already decided: confirmed." in again.content.decode()
    assert seat_of(world, rina).confirmation == SeatConfirmation.CONFIRMED


@pytest.mark.parametrize(
    ("persona", "list_status", "decide_status"),
    [("outsider", 200, 404), ("pimpinan_a", 403, 404), ("verifikator", 403, 404)],
)
def test_only_an_operator_of_the_members_unit_decides(
    world, as_persona, rina, persona, list_status, decide_status
):
    add_as_outsider(as_persona, world, rina, "Rina Kartika")
    client = as_persona(persona)

    listing = client.get(reverse("groups-seat-list"))
    decided = client.post(decide_url(seat_of(world, rina)), {"decision": "confirm"})

    assert (listing.status_code, decided.status_code) == (list_status, decide_status)
    if list_status == 200:
        assert list(listing.context["page"]) == []  # the outsider's own request is not his to confirm
    assert seat_of(world, rina).confirmation == SeatConfirmation.PENDING
    assert not AuditEvent.objects.filter(action=AuditAction.ROSTER_CONFIRM).exists()


def test_an_own_seat_is_not_a_confirmation(world, as_persona):
    member = world.group_year_a.members.select_related("person", "group_year__programme_year").first()

    assert as_persona("operator_a").post(decide_url(member), {"decision": "confirm"}).status_code == 404


def test_the_confirmation_list_query_count_does_not_grow(world, as_persona, django_assert_num_queries):
    client = as_persona("operator_a")

    def add_seats(count):
        for _index in range(count):
            group = GroupFactory(unit=UnitFactory(parent=world.pemda))
            RosterMemberFactory(
                group_year=GroupYearFactory(group=group, programme_year=world.year),
                person__unit=world.unit_a1,
                confirmation=SeatConfirmation.PENDING,
            )

    add_seats(1)
    with django_assert_num_queries(8):
        assert len(client.get(reverse("groups-seat-list")).context["page"]) == 1
    add_seats(2)
    with django_assert_num_queries(8):
        assert len(client.get(reverse("groups-seat-list")).context["page"]) == 3


# --- existing data -----------------------------------------------------------------------


def test_the_migration_marks_earlier_seats_outside_any_shared_subtree_as_pending(world, rina):
    crossing = RosterMemberFactory(
        group_year=world.group_b.years.get(), person=rina, role=RosterRole.KETUA
    )  # given before seats were confirmed
    inside = world.group_year_a.members.first()
    migration = importlib.import_module("groups.migrations.0003_roster_seat_confirmation")

    migration.mark_seats_from_other_units(apps, None)

    crossing.refresh_from_db()
    inside.refresh_from_db()
    assert (crossing.confirmation, inside.confirmation) == ("pending", "own")
