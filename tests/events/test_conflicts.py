"""Conflicts of interest: the unit tree (pure), then detection and assignment through the services."""

import pytest
from django.core.exceptions import ValidationError

from core.models import Unit, UnitKind
from events import conflicts, services
from events.models import ConflictOfInterest, ConflictSource, JuryAssignment
from tests.events.factories import add_jury, kreatif_groups, register, verified_group
from tests.factories import GroupFactory, UnitFactory

PEMDA = "0001"
DINKES = "00010001"
PKM = "000100010001"
DISDIK = "00010002"


def test_the_opd_of_a_unit_is_the_unit_right_under_its_pemda():
    assert conflicts.opd_path(PKM, {PEMDA}) == DINKES
    assert conflicts.opd_path(DINKES, {PEMDA}) == DINKES
    assert conflicts.opd_path(PEMDA, {PEMDA}) == PEMDA


def test_in_a_province_the_opd_is_under_the_kabupaten():
    pemprov, pemkab = "0001", "00010003"
    opd, upt = "000100030001", "0001000300010002"
    assert conflicts.opd_path(upt, {pemprov, pemkab}) == opd
    assert conflicts.in_conflict(opd, upt, {pemprov, pemkab})
    assert not conflicts.in_conflict("000100030002", upt, {pemprov, pemkab})


@pytest.mark.parametrize(
    ("jury_unit", "group_unit", "expected"),
    [
        (DINKES, PKM, True),  # the head office of the group's OPD
        (PKM, PKM, True),  # the group's own unit
        ("000100010002", PKM, True),  # another Puskesmas of the same Dinas
        (DISDIK, PKM, False),  # another OPD
        (PEMDA, PKM, False),  # the bureau at the Pemda scores everybody
        (None, PKM, False),  # an external guest
        (PEMDA, PEMDA, True),  # a group of the Pemda itself: its own staff
        (DINKES, PEMDA, False),  # ... but not the OPDs under it
    ],
)
def test_conflict_by_the_unit_tree(jury_unit, group_unit, expected):
    assert conflicts.in_conflict(jury_unit, group_unit, {PEMDA}) is expected


def test_a_jury_member_of_the_groups_opd_is_found_with_the_reason(gelar):
    world = gelar.world
    participant = register(gelar, verified_group(world))  # group A, in PKM Sukamaju under Dinkes
    jury = add_jury(gelar, world.unit_a, name="Dr. Sari")
    bureau = add_jury(gelar, world.pemda, name="Bu Rina")
    nurse = add_jury(gelar, world.unit_a1, name="Ns. Dewi")
    conflict, second = ConflictOfInterest.objects.order_by("pk")
    assert (conflict.jury, conflict.participant, conflict.source) == (
        jury,
        participant,
        ConflictSource.AUTOMATIC,
    )
    assert conflict.reason == "Dr. Sari bekerja di Dinkes, OPD dari KBK Sehati."
    assert (second.jury, second.reason) == (
        nurse,
        "Ns. Dewi bekerja di PKM Sukamaju, di Dinkes, OPD dari KBK Sehati.",
    )
    assert not ConflictOfInterest.objects.filter(jury=bureau).exists()


def test_detection_after_registration_withdraws_an_open_assignment(gelar):
    world = gelar.world
    jury = add_jury(gelar, world.unit_a1)
    other = add_jury(gelar, world.unit_b)
    participant = register(gelar, verified_group(world))
    by = world.users["verifikator"]
    JuryAssignment.objects.create(jury=jury, participant=participant, round=gelar.desk)
    created = services.conflicts_detect(event=gelar.event)
    assert [(c.jury, c.participant) for c in created] == [(jury, participant)]
    assert not JuryAssignment.objects.filter(jury=jury).exists()
    assert services.conflicts_detect(event=gelar.event) == []  # nothing new the second time
    services.assignments_add(round=gelar.desk, juries=[other], participants=[participant], by=by)
    with pytest.raises(ValidationError) as error:
        services.assignments_add(round=gelar.desk, juries=[jury], participants=[participant], by=by)
    assert [e.code for e in error.value.error_list] == ["conflict"]


def test_a_declared_conflict_removes_the_assignment(gelar):
    world = gelar.world
    (participant,) = kreatif_groups(gelar, 1)
    guest = add_jury(gelar, None)
    by = world.users["verifikator"]
    services.assignments_add(round=gelar.final, juries=[guest], participants=[participant], by=by)
    with pytest.raises(ValidationError):
        services.conflict_declare(jury=guest, participant=participant, reason="  ", by=guest.user)
    conflict = services.conflict_declare(
        jury=guest, participant=participant, reason="Saya pernah membimbing kelompok ini", by=guest.user
    )
    assert (conflict.source, conflict.reason) == (
        ConflictSource.DECLARED,
        "Saya pernah membimbing kelompok ini",
    )
    assert not JuryAssignment.objects.filter(jury=guest).exists()


def test_balanced_assignment_spreads_the_load_and_skips_conflicts(gelar):
    world = gelar.world
    pemda = Unit.objects.get(pk=world.pemda.pk)
    opd = UnitFactory(parent=pemda, kind=UnitKind.OPD, name="Dinas Perhubungan", short_name="Dishub")
    participants = kreatif_groups(gelar, 5)
    own = register(gelar, GroupFactory(unit=opd), gelar.kreatif)
    juries = [add_jury(gelar, world.pemda) for _index in range(3)] + [add_jury(gelar, opd)]
    result = services.assignments_balance(round=gelar.final, by=world.users["verifikator"], per_group=2)
    assert result.short == {}
    pairs = set(JuryAssignment.objects.values_list("jury_id", "participant_id"))
    assert len(pairs) == 12
    assert (juries[3].pk, own.pk) not in pairs
    loads = sorted(sum(1 for jury_id, _p in pairs if jury_id == jury.pk) for jury in juries)
    assert loads == [3, 3, 3, 3]
    for participant in [*participants, own]:
        assert sum(1 for _j, p in pairs if p == participant.pk) == 2


def test_balanced_assignment_respects_the_cap_and_reports_what_is_missing(gelar):
    world = gelar.world
    participants = kreatif_groups(gelar, 3)
    add_jury(gelar, world.pemda)
    add_jury(gelar, world.pemda)
    result = services.assignments_balance(
        round=gelar.final, by=world.users["verifikator"], per_group=2, cap=2
    )
    assert JuryAssignment.objects.count() == 4
    assert result.short == {participants[2]: 2}
    # Run again with a third jury: existing assignments stay, only the gap is filled (up to the cap).
    third = add_jury(gelar, world.pemda)
    again = services.assignments_balance(round=gelar.final, by=world.users["verifikator"], per_group=2, cap=2)
    assert ([(a.jury, a.participant) for a in again.created], again.short) == (
        [(third, participants[2])],
        {participants[2]: 1},
    )
    assert JuryAssignment.objects.count() == 5
