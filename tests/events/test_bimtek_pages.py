"""The Bimtek's pages: registration within quotas, by NIP or from a roster, the check-in, the
attendance export and the attendees' certificates."""

import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from events import services
from events.models import BimtekParticipant, BimtekQuota, Certificate, CertificateKind
from groups.models import Person
from tests.events.bimtek import NIPS, make_bimtek, register

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def bimtek(world):
    return make_bimtek(world)


def _login(client, world, persona):
    client.force_login(world.users[persona])
    return client


def test_roster_choice_over_the_quota_is_refused_saying_how_many_seats_are_left(client, world, bimtek):
    BimtekQuota.objects.create(event=bimtek, unit=world.unit_a, seats=3)
    register(world, bimtek, 0)  # one of Dinkes' three seats is taken
    people = list(Person.objects.filter(memberships__group_year=world.group_year_a).order_by("name")[:3])
    _login(client, world, "operator_a")
    url = reverse("bimtek-register-roster", kwargs={"uuid": bimtek.uuid})
    response = client.post(url, {"group": world.group_a.uuid, "people": [p.pk for p in people]})
    assert response.status_code == 200
    assert (
        "Anda mencentang 3 orang dari Dinkes, padahal kursinya tinggal 2 dari 3." in response.content.decode()
    )
    assert BimtekParticipant.objects.filter(event=bimtek).count() == 1
    response = client.post(url, {"group": world.group_a.uuid, "people": [p.pk for p in people[:2]]})
    assert response.status_code == 302
    assert sorted(
        BimtekParticipant.objects.filter(event=bimtek, person__isnull=False).values_list("name", flat=True)
    ) == sorted(p.name for p in people[:2])


def test_registration_by_nip_when_the_quota_is_full_says_no_seat_is_left(client, world, bimtek):
    BimtekQuota.objects.create(event=bimtek, unit=world.unit_a, seats=1)
    register(world, bimtek, 0)
    _login(client, world, "operator_a")
    response = client.post(
        reverse("bimtek-register", kwargs={"uuid": bimtek.uuid}),
        {"nip": NIPS[1], "name": "Siti Aminah", "unit": world.unit_a1.pk},
    )
    assert response.status_code == 200
    assert "Dinkes: tersisa 0 dari 1 kursi." in response.content.decode()
    assert BimtekParticipant.objects.filter(event=bimtek).count() == 1


def test_registration_by_nip_normalises_arabic_indic_digits_and_spaces(client, world, bimtek):
    _login(client, world, "operator_a")
    # 19750708 200312 1 001 in Arabic-Indic digits with a non-breaking space and a thin space.
    typed = "١٩٧٥٠٧٠٨\u00a0٢٠٠٣١٢ ١\u2009٠٠١"
    response = client.post(
        reverse("bimtek-register", kwargs={"uuid": bimtek.uuid}),
        {"nip": typed, "name": "  Budi Santoso ", "unit": world.unit_a1.pk},
    )
    assert response.status_code == 302
    attendee = BimtekParticipant.objects.get(event=bimtek)
    assert (attendee.nip, attendee.name, attendee.unit, attendee.person) == (
        "197507082003121001",
        "Budi Santoso",
        world.unit_a1,
        None,
    )


def test_a_known_nip_takes_the_persons_record(client, world, bimtek):
    person = Person.objects.filter(memberships__group_year=world.group_year_a).first()
    _login(client, world, "operator_a")
    spaced = f"{person.nip[:8]} {person.nip[8:14]} {person.nip[14]} {person.nip[15:]}"
    client.post(reverse("bimtek-register", kwargs={"uuid": bimtek.uuid}), {"nip": spaced})
    attendee = BimtekParticipant.objects.get(event=bimtek)
    assert (attendee.person, attendee.name, attendee.unit) == (person, person.name, person.unit)


def test_an_operator_cannot_register_for_another_unit(client, world, bimtek):
    _login(client, world, "operator_a")
    response = client.post(
        reverse("bimtek-register", kwargs={"uuid": bimtek.uuid}),
        {"nip": NIPS[2], "name": "Orang Disdik", "unit": world.unit_b.pk},
    )
    assert response.status_code == 200
    assert not BimtekParticipant.objects.exists()


def test_check_in_is_idempotent_and_keeps_the_first_time(client, world, bimtek):
    attendee = register(world, bimtek, 0, name="Budi Santoso")
    _login(client, world, "verifikator")
    url = reverse("bimtek-check-in", kwargs={"uuid": bimtek.uuid, "attendee": attendee.uuid})
    first = client.post(url, {"q": "budi"}, follow=True)
    attendee.refresh_from_db()
    first_time = attendee.attended_at
    local = first_time.astimezone(JAKARTA).strftime("%H:%M")
    assert f"Budi Santoso tercatat hadir (pukul {local})." in first.content.decode()
    assert first.redirect_chain[0][0].endswith(f"?q=budi#hadir-{attendee.uuid}")
    second = client.post(url, follow=True)
    attendee.refresh_from_db()
    assert attendee.attended_at == first_time
    assert f"Budi Santoso sudah tercatat hadir pukul {local}." in second.content.decode()
    assert "1 dari 1 hadir" in second.content.decode()


def test_check_in_list_searches_by_name_and_by_nip_typed_with_spaces(client, world, bimtek):
    register(world, bimtek, 0, name="Budi Santoso")
    register(world, bimtek, 1, name="Siti Aminah")
    _login(client, world, "verifikator")
    url = reverse("bimtek-check-in-list", kwargs={"uuid": bimtek.uuid})
    by_name = client.get(url, {"q": "siti"}).context["attendees"]
    by_nip = client.get(url, {"q": "19750708 2003"}).context["attendees"]
    assert ([a.name for a in by_name], [a.name for a in by_nip]) == (["Siti Aminah"], ["Budi Santoso"])


def test_certificates_only_for_attendees(client, world, bimtek):
    present = register(world, bimtek, 0, name="Budi Santoso")
    absent = register(world, bimtek, 1, name="Siti Aminah")
    services.bimtek_check_in(attendee=present, by=world.users["verifikator"])
    _login(client, world, "verifikator")
    response = client.post(reverse("bimtek-certificates-issue", kwargs={"uuid": bimtek.uuid}), follow=True)
    assert "1 sertifikat diterbitkan." in response.content.decode()
    assert list(Certificate.objects.values_list("attendee__name", "kind")) == [
        ("Budi Santoso", CertificateKind.BIMTEK_ATTENDEE)
    ]
    client.post(reverse("bimtek-certificates-issue", kwargs={"uuid": bimtek.uuid}))
    assert Certificate.objects.count() == 1  # issuing again makes no second certificate
    _login(client, world, "operator_a")
    pdf = client.get(
        reverse("bimtek-certificate-pdf", kwargs={"uuid": bimtek.uuid, "attendee": present.uuid})
    )
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")
    missing = client.get(
        reverse("bimtek-certificate-pdf", kwargs={"uuid": bimtek.uuid, "attendee": absent.uuid})
    )
    assert missing.status_code == 404


def test_the_attendees_certificate_is_the_common_certificate_with_its_verification_link(
    client, world, bimtek
):
    """The same document as a Gelar certificate: number, NIP and unit, the event, the verification
    code and the public page that checks it (with the code filled in)."""
    attendee = services.bimtek_check_in(
        attendee=register(world, bimtek, 0, name="Budi Santoso"), by=world.users["verifikator"]
    )
    certificate = services.certificate_issue(
        event=bimtek, kind=CertificateKind.BIMTEK_ATTENDEE, by=world.users["verifikator"], attendee=attendee
    )
    _login(client, world, "operator_a")
    response = client.get(
        reverse("bimtek-certificate-pdf", kwargs={"uuid": bimtek.uuid, "attendee": attendee.uuid})
    )
    assert (response["Cache-Control"], response["Content-Disposition"]) == (
        "private, no-store",
        f'attachment; filename="sertifikat-budi-santoso-{NIPS[0]}.pdf"',
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)  # landscape
    text = " ".join(reader.pages[0].extract_text().split())
    check = "http://testserver" + reverse("events-certificate-check", args=[certificate.verification_code])
    for expected in (
        "SERTIFIKAT",
        f"Nomor: {certificate.number}",
        "diberikan kepada Budi Santoso",
        f"NIP {NIPS[0]} · {world.unit_a1.name}",
        "atas kehadiran dalam Bimtek Penyusunan Risalah 2026",
        f"Kode verifikasi: {certificate.verification_code}",
        f"Periksa keaslian sertifikat ini di {check}",
    ):
        assert expected in text
    assert "kelompok penyaji" not in text
    verified = client.get(check).content.decode()
    assert "Sertifikat ini sah." in verified


def test_certificate_of_another_units_attendee_is_a_404(client, world, bimtek):
    attendee = services.bimtek_check_in(attendee=register(world, bimtek, 0), by=world.users["verifikator"])
    services.certificate_issue(
        event=bimtek, kind=CertificateKind.BIMTEK_ATTENDEE, by=world.users["verifikator"], attendee=attendee
    )
    _login(client, world, "outsider")  # sees the Bimtek (scope: the Pemda), not unit A's people
    url = reverse("bimtek-certificate-pdf", kwargs={"uuid": bimtek.uuid, "attendee": attendee.uuid})
    assert client.get(url).status_code == 404
    detail = client.get(reverse("bimtek-detail", kwargs={"uuid": bimtek.uuid}))
    assert list(detail.context["attendees"]) == []


def test_quotas_page_saves_and_clears(client, world, bimtek):
    _login(client, world, "verifikator")
    url = reverse("bimtek-quotas", kwargs={"uuid": bimtek.uuid})
    client.post(url, {f"unit_{world.unit_a.pk}": "10", f"unit_{world.unit_b.pk}": "4"})
    assert dict(BimtekQuota.objects.values_list("unit__code", "seats")) == {"DINKES": 10, "DISDIK": 4}
    client.post(url, {f"unit_{world.unit_a.pk}": "12", f"unit_{world.unit_b.pk}": ""})
    assert dict(BimtekQuota.objects.values_list("unit__code", "seats")) == {"DINKES": 12}


@pytest.mark.parametrize("count", [1, 3])
def test_participant_list_query_count(client, world, bimtek, count, django_assert_num_queries):
    BimtekQuota.objects.create(event=bimtek, unit=world.unit_a, seats=10)
    for index in range(count):
        attendee = register(world, bimtek, index)
        services.bimtek_check_in(attendee=attendee, by=world.users["verifikator"])
        services.certificate_issue(
            event=bimtek,
            kind=CertificateKind.BIMTEK_ATTENDEE,
            by=world.users["verifikator"],
            attendee=attendee,
        )
    _login(client, world, "verifikator")
    with django_assert_num_queries(12):
        response = client.get(reverse("bimtek-detail", kwargs={"uuid": bimtek.uuid}))
    assert len(response.context["attendees"]) == count
    assert response.content.decode().count('.pdf"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_check_in_list_query_count(client, world, bimtek, count, django_assert_num_queries):
    for index in range(count):
        register(world, bimtek, index)
    _login(client, world, "verifikator")
    with django_assert_num_queries(10):
        response = client.get(reverse("bimtek-check-in-list", kwargs={"uuid": bimtek.uuid}))
    assert len(response.context["attendees"]) == count
