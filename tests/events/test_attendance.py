"""Bimtek registration within a quota, check-in, and certificates that can be verified."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from events import services
from events.models import BimtekQuota, CertificateKind, EventKind
from tests.factories import make_nip


@pytest.fixture
def bimtek(world):
    return services.event_create(
        kind=EventKind.BIMTEK,
        title="Bimtek penyusunan risalah",
        programme_year=world.year,
        organiser=world.pemda,
        scope=world.pemda,
        starts_on=date(2026, 7, 1),
        ends_on=date(2026, 7, 1),
        by=world.users["verifikator"],
    )


def test_an_opd_registers_its_people_up_to_its_quota(world, bimtek):
    BimtekQuota.objects.create(event=bimtek, unit=world.unit_a, seats=2)
    by = world.users["operator_a"]
    services.bimtek_register(event=bimtek, nip=make_nip(), name="Sari", unit=world.unit_a, by=by)
    services.bimtek_register(event=bimtek, nip=make_nip(), name="Dewi", unit=world.unit_a1, by=by)
    with pytest.raises(ValidationError) as error:
        services.bimtek_register(event=bimtek, nip=make_nip(), name="Rina", unit=world.unit_a1, by=by)
    assert error.value.code == "quota_full"
    # Another OPD has no quota here: no limit.
    services.bimtek_register(event=bimtek, nip=make_nip(), name="Budi", unit=world.unit_b, by=by)
    assert bimtek.attendees.count() == 3


def test_a_nip_registers_once_and_must_be_valid(world, bimtek):
    by = world.users["operator_a"]
    nip = make_nip()
    services.bimtek_register(event=bimtek, nip=nip, name="Sari", unit=world.unit_a, by=by)
    with pytest.raises(ValidationError) as error:
        services.bimtek_register(event=bimtek, nip=nip, name="Sari", unit=world.unit_a, by=by)
    assert error.value.code == "already_registered"
    with pytest.raises(ValidationError):
        services.bimtek_register(event=bimtek, nip="123", name="X", unit=world.unit_a, by=by)


def test_only_an_attendee_gets_a_certificate_and_anyone_can_verify_it(world, bimtek):
    by = world.users["verifikator"]
    attendee = services.bimtek_register(event=bimtek, nip=make_nip(), name="Sari", unit=world.unit_a, by=by)
    with pytest.raises(ValidationError) as error:
        services.certificate_issue(
            event=bimtek, kind=CertificateKind.BIMTEK_ATTENDEE, attendee=attendee, by=by
        )
    assert error.value.code == "not_attended"
    first_time = services.bimtek_check_in(attendee=attendee, by=by).attended_at
    assert services.bimtek_check_in(attendee=attendee, by=by).attended_at == first_time
    certificate = services.certificate_issue(
        event=bimtek, kind=CertificateKind.BIMTEK_ATTENDEE, attendee=attendee, by=by
    )
    assert certificate.number == f"001/BIMTEK/2026/{bimtek.pk}"
    assert certificate.recipient_name == "Sari"
    again = services.certificate_issue(
        event=bimtek, kind=CertificateKind.BIMTEK_ATTENDEE, attendee=attendee, by=by
    )
    assert again == certificate
    typed = " ".join([certificate.verification_code[:5].lower(), certificate.verification_code[5:]])
    assert services.certificate_verify(typed) == certificate
    assert services.certificate_verify("XXXXXXXXXX") is None


def test_a_winner_certificate_needs_an_award(gelar):
    from tests.events.factories import kreatif_groups

    (participant,) = kreatif_groups(gelar, 1)
    by = gelar.world.users["verifikator"]
    with pytest.raises(ValidationError) as error:
        services.certificate_issue(
            event=gelar.event, kind=CertificateKind.WINNER, participant=participant, by=by
        )
    assert error.value.code == "no_award"
    presenter = services.certificate_issue(
        event=gelar.event, kind=CertificateKind.PRESENTER, participant=participant, by=by
    )
    assert presenter.number == f"001/PESERTA/2026/{gelar.event.pk}"
