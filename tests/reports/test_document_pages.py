"""The documents page (which year, which unit, what may be downloaded), the recap's download, and
the signatory page, as the bureau, an operator and the outsider (the world of tests/conftest.py)."""

import re

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent, Role
from reports.models import DocumentSignatory, ExportJob, ExportStatus
from tests.export_files import content_of
from tests.factories import RoleFactory, UnitFactory, UserFactory
from tests.reports.documents_data import pdf_text


def links_of(response) -> list[str]:
    """The page's links and the addresses its buttons post to, in order."""
    return re.findall(r'(?:href|action)="(/dokumen/[^"]+)"', response.content.decode())


def doc_url(name: str, world, unit) -> str:
    return reverse(name, kwargs={"year": world.year.year, "unit": unit.uuid}).replace("&", "&amp;")


def export_url(world, unit, document: str) -> str:
    """A button of the page (reports-document-export: at once, or a background job)."""
    kwargs = {"year": world.year.year, "unit": unit.uuid, "document": document}
    return reverse("reports-document-export", kwargs=kwargs)


def test_the_bureau_picks_the_pemda_and_gets_every_document_of_its_opds(world, login):
    response = login("verifikator").get(reverse("reports-documents"))
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert [str(unit) for unit in response.context["form"].fields["unit"].queryset] == [
        "Pemkab Contoh",
        "Dinkes",
        "Disdik",
    ]
    assert [item["unit"] for item in response.context["children"]] == [world.unit_a, world.unit_b]
    documents = reverse("reports-documents")
    assert links_of(response) == [
        export_url(world, world.pemda, "rekap"),
        export_url(world, world.pemda, "surat-semua"),
        export_url(world, world.pemda, "bukti-semua"),
        reverse("reports-signatory", args=[world.pemda.uuid]),
        f"{documents}?year=2026&amp;unit={world.unit_a.uuid}",
        export_url(world, world.unit_a, "rekap"),
        doc_url("reports-letter", world, world.unit_a),
        export_url(world, world.unit_a, "bukti"),
        f"{documents}?year=2026&amp;unit={world.unit_b.uuid}",
        export_url(world, world.unit_b, "rekap"),
        doc_url("reports-letter", world, world.unit_b),
        export_url(world, world.unit_b, "bukti"),
    ]
    assert "No signatory entered yet: the documents leave the name and NIP blank." in content


def test_an_operator_gets_the_letter_and_the_pack_of_their_own_units_only(world, login):
    response = login("operator_a").get(reverse("reports-documents"))
    assert [str(unit) for unit in response.context["form"].fields["unit"].queryset] == [
        "Dinkes",
        "PKM Sukamaju",
    ]
    assert links_of(response) == [
        export_url(world, world.unit_a, "surat"),
        export_url(world, world.unit_a, "bukti"),
        f"{reverse('reports-documents')}?year=2026&amp;unit={world.unit_a1.uuid}",
        export_url(world, world.unit_a1, "surat"),
        export_url(world, world.unit_a1, "bukti"),
    ]
    assert "You can download the evaluation letter and the evidence pack of your own units." in (
        response.content.decode()
    )


def test_a_unit_outside_the_list_is_refused_beside_the_field(world, login):
    response = login("outsider").get(reverse("reports-documents"), {"unit": world.unit_a.uuid})
    assert response.context["form"].errors == {"unit": ["Choose one of the units in the list."]}
    assert str(world.unit_a.uuid) not in "".join(links_of(response))
    assert "Dinas Kesehatan" not in response.content.decode()


def test_a_unit_further_down_the_tree_is_offered_when_chosen_from_the_list(world, login):
    response = login("verifikator").get(
        reverse("reports-documents"), {"year": 2026, "unit": world.unit_a1.uuid}
    )
    assert response.context["unit"] == world.unit_a1
    assert doc_url("reports-letter", world, world.unit_a1) in links_of(response)


def test_the_queries_of_the_page_do_not_grow_with_its_units(world, login, django_assert_num_queries):
    client = login("verifikator")
    url = reverse("reports-documents")
    client.get(url)  # a first request of the session; counted from the second on
    with django_assert_num_queries(16):
        client.get(url)
    for number in range(2):
        UnitFactory(parent=world.pemda, name=f"Badan {number}", code=f"BADAN-{number}")
    with django_assert_num_queries(16):
        response = client.get(url)
    assert len(response.context["children"]) == 4


def test_the_bureau_downloads_the_recap_and_the_download_is_logged(world, login):
    response = login("verifikator").get(doc_url("reports-recap-pdf", world, world.unit_a))
    assert (response.status_code, response["Content-Type"], response["Content-Disposition"]) == (
        200,
        "application/pdf",
        'attachment; filename="rekap-budaya-kerja-2026-dinkes.pdf"',
    )
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    assert "YEARLY WORK CULTURE REPORT 2026 Dinas Kesehatan" in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.target, event.details) == (
        world.users["verifikator"],
        world.unit_a,
        "Yearly recap (PDF): rekap-budaya-kerja-2026-dinkes.pdf",
        {"document": "recap_pdf", "year": 2026, "bytes": len(response.content)},
    )


def test_the_recap_of_a_whole_pemda_is_made_in_the_background(
    world, login, django_capture_on_commit_callbacks
):
    """Its address leads back to the page (a GET builds nothing that long); the page's button
    starts the job (the immediate task backend of the tests runs it as the transaction commits)."""
    client = login("verifikator")
    response = client.get(doc_url("reports-recap-pdf", world, world.pemda), follow=True)
    documents = f"{reverse('reports-documents')}?year=2026&unit={world.pemda.uuid}"
    assert response.redirect_chain == [(documents, 302)]
    assert "The documents of Pemerintah Kabupaten Contoh are made in the background" in (
        response.content.decode()
    )
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(export_url(world, world.pemda, "rekap"))
    job = ExportJob.objects.get()
    assert (response.status_code, job.status, job.file_name) == (
        302,
        ExportStatus.DONE,
        "rekap-budaya-kerja-2026-pemda.pdf",
    )
    download = client.get(reverse("reports-export-download", args=[job.uuid]))
    text = pdf_text(content_of(download))
    assert "YEARLY WORK CULTURE REPORT 2026 Pemerintah Kabupaten Contoh" in text
    # Group A (SK and roster complete, draft risalah) and group B (SK, incomplete), both overdue.
    assert "Dinas Kesehatan 1 1 1 0 1 1 0 % Dinas Pendidikan 1 1 0 0 1 1 0 % Total 2 2 1 0 2 2 0 %" in text
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    assert [(event.unit, event.target, event.details) for event in events] == [
        (
            world.pemda,
            "Yearly recap (PDF): Pemkab Contoh",
            {
                "delivery": "background",
                "export_job": str(job.uuid),
                "programme_year": 2026,
                "document": "recap_pdf",
            },
        ),
        (
            world.pemda,
            "Yearly recap (PDF): rekap-budaya-kerja-2026-pemda.pdf",
            {"delivery": "download", "export_job": str(job.uuid)},
        ),
    ]


def test_a_verifikator_of_one_opd_has_no_recap_of_the_pemda(world, client):
    verifikator = UserFactory(username="verifikator.dinkes", unit=world.unit_a)
    RoleFactory(user=verifikator, role=Role.VERIFIKATOR, unit=world.unit_a)
    client.force_login(verifikator)
    assert client.get(doc_url("reports-recap-pdf", world, world.pemda)).status_code == 404
    assert client.get(doc_url("reports-recap-pdf", world, world.unit_b)).status_code == 404
    assert client.get(reverse("reports-signatory", args=[world.pemda.uuid])).status_code == 404
    # Only a Pemda has a signatory.
    assert client.get(reverse("reports-signatory", args=[world.unit_a.uuid])).status_code == 404


def test_the_bureau_enters_the_signatory(world, login):
    client = login("verifikator")
    url = reverse("reports-signatory", args=[world.pemda.uuid])
    data = {
        "position": " Kepala Bagian Organisasi Setda ",
        "name": "Drs. Bambang Sutrisno, M.M.",
        "rank": "Pembina (IV/a)",
        "nip": "19750708 200312 1 001",
        "place": "Contoh",
    }
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert list(
        DocumentSignatory.objects.values_list(
            "unit", "position", "name", "rank", "nip", "place", "updated_by"
        )
    ) == [
        (
            world.pemda.pk,
            "Kepala Bagian Organisasi Setda",
            "Drs. Bambang Sutrisno, M.M.",
            "Pembina (IV/a)",
            "197507082003121001",
            "Contoh",
            world.users["verifikator"].pk,
        )
    ]
    page = client.get(reverse("reports-documents")).content.decode()
    assert "Signed by Drs. Bambang Sutrisno, M.M., Kepala Bagian Organisasi Setda." in page


@pytest.mark.parametrize(("nip", "error"), [("12345", "A NIP has exactly 18 digits (now: 5 characters).")])
def test_a_wrong_nip_is_refused_and_nothing_is_kept(world, login, nip, error):
    response = login("verifikator").post(
        reverse("reports-signatory", args=[world.pemda.uuid]),
        {"position": "Kepala Bagian Organisasi", "name": "X", "rank": "", "nip": nip, "place": ""},
    )
    assert response.context["form"].errors == {"nip": [error]}
    assert not DocumentSignatory.objects.exists()
