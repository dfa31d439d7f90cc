"""Certificates: issued in bulk after publication, a PDF with the number, the code and the public
verification link; downloaded by the group's own people only; checked by anyone by code."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import AuditEvent
from events.models import Certificate, CertificateKind
from events.results_services import participant_send_onward
from tests.events.results_world import finished_gelar
from tests.events.test_results_pages import text_of

pytestmark = pytest.mark.django_db


def issued(world, login):
    finished = finished_gelar(world)
    response = login("verifikator").post(
        reverse("events-certificates-issue", args=[finished.gelar.event.uuid]), follow=True
    )
    assert "Sertifikat siap: 3 untuk juara, 3 untuk kelompok penyaji." in text_of(response)
    return finished


def test_bulk_issue_gives_every_winner_and_every_presenting_group_one_certificate(world, login):
    finished = issued(world, login)
    rows = sorted(
        Certificate.objects.values_list(
            "participant__group__name", "kind", "award_tier__name", "recipient_name"
        )
    )
    assert rows == sorted(
        [
            ("KBK Sehati", CertificateKind.WINNER, "Juara I", "KBK Sehati — Puskesmas Sukamaju"),
            ("KBK Sehati", CertificateKind.PRESENTER, None, "KBK Sehati — Puskesmas Sukamaju"),
            ("KBK Cerdas", CertificateKind.WINNER, "Juara II", "KBK Cerdas — Dinas Pendidikan"),
            ("KBK Cerdas", CertificateKind.PRESENTER, None, "KBK Cerdas — Dinas Pendidikan"),
            (
                "KBK Mandiri",
                CertificateKind.WINNER,
                "Juara III",
                f"KBK Mandiri — {finished.c.group.unit.name}",
            ),
            ("KBK Mandiri", CertificateKind.PRESENTER, None, f"KBK Mandiri — {finished.c.group.unit.name}"),
        ]
    )
    # Issuing again numbers nothing twice.
    login("verifikator").post(reverse("events-certificates-issue", args=[finished.gelar.event.uuid]))
    assert Certificate.objects.count() == 6


def test_no_certificates_before_publication(world, login):
    finished = finished_gelar(world, publish=False)
    response = login("verifikator").post(
        reverse("events-certificates-issue", args=[finished.gelar.event.uuid]), follow=True
    )
    assert "Umumkan hasil terlebih dahulu." in text_of(response)
    assert not Certificate.objects.exists()


def test_the_certificate_pdf_holds_the_number_the_code_and_the_verification_link(world, login):
    finished = issued(world, login)
    certificate = Certificate.objects.get(participant=finished.a, kind=CertificateKind.WINNER)
    response = login("operator_a").get(
        reverse("events-certificate-pdf", args=[finished.gelar.event.uuid, certificate.uuid])
    )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    text = " ".join(reader.pages[0].extract_text().split())
    assert f"Nomor: {certificate.number}" in text
    assert f"Kode verifikasi: {certificate.verification_code}" in text
    assert (
        "http://testserver" + reverse("events-certificate-check", args=[certificate.verification_code])
        in text
    )
    assert "SERTIFIKAT" in text
    assert "Juara I" in text
    assert "KBK Sehati — Puskesmas Sukamaju" in text


def test_a_presenting_groups_certificate_says_so_and_names_no_award(world, login):
    finished = issued(world, login)
    certificate = Certificate.objects.get(participant=finished.a, kind=CertificateKind.PRESENTER)
    response = login("operator_a").get(
        reverse("events-certificate-pdf", args=[finished.gelar.event.uuid, certificate.uuid])
    )
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert (
        f"diberikan kepada KBK Sehati — Puskesmas Sukamaju sebagai kelompok penyaji dalam {finished.gelar.event.title}"
        in text
    )
    assert f"Kode verifikasi: {certificate.verification_code}" in text
    assert "Juara" not in text
    assert "NIP" not in text  # the attendee's line is for a Bimtek certificate only


def test_the_groups_page_offers_only_the_groups_own_certificates(world, login):
    finished = issued(world, login)
    html = (
        login("operator_a")
        .get(reverse("events-group-results", args=[finished.gelar.event.uuid]))
        .content.decode()
    )
    own = set(Certificate.objects.filter(participant=finished.a).values_list("uuid", flat=True))
    linked = set(re.findall(r"/sertifikat/([0-9a-f-]{36})\.pdf", html))
    assert linked == {str(uuid) for uuid in own}
    other = Certificate.objects.filter(participant=finished.b).first()
    url = reverse("events-certificate-pdf", args=[finished.gelar.event.uuid, other.uuid])
    assert login("operator_a").get(url).status_code == 404


def test_verification_of_a_valid_a_revoked_and_an_unknown_code(world, login, client):
    finished = issued(world, login)
    valid = Certificate.objects.get(participant=finished.a, kind=CertificateKind.WINNER)
    revoked = Certificate.objects.get(participant=finished.b, kind=CertificateKind.WINNER)
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    page = reverse("events-certificate-verify")

    typed = client.get(
        page, {"code": " " + valid.verification_code.lower()[:5] + " " + valid.verification_code.lower()[5:]}
    )
    text = text_of(typed)
    assert "Sertifikat ini sah." in text
    assert f"Nomor {valid.number}" in text
    assert "Diberikan kepada KBK Sehati — Puskesmas Sukamaju" in text
    assert f"Kegiatan {finished.gelar.event.title}" in text
    assert "Penghargaan Juara I" in text

    text = text_of(client.get(reverse("events-certificate-check", args=[revoked.verification_code])))
    assert "sudah dicabut" in text
    assert "Sertifikat ini sah." not in text
    assert f"Nomor {revoked.number}" in text

    text = text_of(client.get(page, {"code": "ZZZZZZZZZZ"}))
    assert "Tidak ada sertifikat dengan kode ZZZZZZZZZZ." in text
    assert "Sertifikat ini sah." not in text

    assert "Sertifikat ini sah." not in text_of(client.get(page))


def test_a_winner_is_sent_to_the_provincial_round_once_with_an_audit_row(world, login):
    finished = finished_gelar(world)
    url = reverse("events-send-onward", args=[finished.gelar.event.uuid, finished.a.uuid])
    login("verifikator").post(url)
    finished.a.refresh_from_db()
    first = finished.a.sent_onward_at
    assert first is not None
    participant_send_onward(participant=finished.a, by=world.users["verifikator"])
    finished.a.refresh_from_db()
    assert finished.a.sent_onward_at == first
    assert AuditEvent.objects.filter(details__event_step="sent_onward").count() == 1
    public = text_of(
        login("outsider").get(reverse("events-results-public", args=[finished.gelar.event.uuid]))
    )
    assert "KBK Sehati Puskesmas Sukamaju Juara I ke babak provinsi" in public
