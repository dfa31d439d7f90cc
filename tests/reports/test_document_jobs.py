"""The documents page's files made in the background (reports.document_jobs): the recap PDF of a
whole Pemda, every unit's letters and evidence packs in one ZIP, and a large OPD's letter and
pack, built by the real task worker and downloaded from "My exports"; who may start and fetch
them; the audit log. On the world of tests/conftest.py: the verifikator holds Pemkab Contoh
(Dinkes with PKM Sukamaju, Disdik), operator A holds Dinkes, the outsider Disdik.

Building a PDF takes a second or two: the worker test builds each kind once."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from core.models import AuditAction, AuditEvent, MailKind, Role, SentMail
from reports import document_jobs, export_jobs
from reports.documents import EVIDENCE_ZIP, LETTER_PDF, RECAP_PDF
from reports.letters import letter_note
from reports.models import ExportJob, ExportStatus
from tests.export_files import content_of
from tests.factories import RoleFactory, UserFactory, pdf_bytes
from tests.reports.documents_data import pdf_text

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RECAP = reverse("reports-recap")
SK_SCAN = pdf_bytes("SK Kepala Dinas Kesehatan nomor 800/77/2026 tentang KBK Sehati")


def export_url(world, unit, document: str) -> str:
    kwargs = {"year": world.year.year, "unit": unit.uuid, "document": document}
    return reverse("reports-document-export", kwargs=kwargs)


def download(client, job) -> bytes:
    response = client.get(reverse("reports-export-download", args=[job.uuid]))
    assert response.status_code == 200
    return content_of(response)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def upload_sk(world, client) -> None:
    """Group A's scanned SK of the year, uploaded by its operator."""
    sk = {
        "sk_number": "800/77/2026",
        "sk_date": "2026-02-10",
        "sk_signed_by": "Kepala Dinas Kesehatan",
        "sk_scan": SimpleUploadedFile("SK KBK Sehati.pdf", SK_SCAN, content_type="application/pdf"),
    }
    response = client.post(reverse("groups-year-edit", args=[world.group_a.uuid, 2026]), sk)
    assert response.status_code == 302


def job_of(kind: str) -> ExportJob:
    return ExportJob.objects.get(kind=kind)


@pytest.mark.django_db(transaction=True)
def test_every_document_is_made_by_the_real_worker_and_downloaded_from_my_exports(world, login):
    bureau, operator = login("verifikator"), login("operator_a")
    upload_sk(world, operator)
    with override_settings(TASKS=DATABASE_TASKS):
        # A whole Pemda and the files of every unit under it: always the worker.
        for document in ("rekap", "surat-semua", "bukti-semua"):
            response = bureau.post(export_url(world, world.pemda, document))
            assert response.status_code == 302, document
        # A large OPD (more groups than EXPORT_DIRECT_MAX_GROUPS): its letter and pack too.
        with override_settings(EXPORT_DIRECT_MAX_GROUPS=0):
            for document in ("surat", "bukti"):
                response = operator.post(export_url(world, world.unit_a, document), follow=True)
                assert response.redirect_chain == [
                    (f"{RECAP}#ekspor-{ExportJob.objects.latest('pk').uuid}", 302)
                ]
        assert "is being prepared in the background" in response.content.decode()
        assert set(ExportJob.objects.values_list("status", "progress")) == {(ExportStatus.QUEUED, 0)}

        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    jobs = {job.kind: job for job in ExportJob.objects.select_related("user", "unit").order_by("pk")}
    # Every kind once (the names below), each done with its file.
    assert {(job.status, job.progress, job.error) for job in jobs.values()} == {(ExportStatus.DONE, 100, "")}
    assert {kind: (job.user.username, job.unit, job.file_name) for kind, job in jobs.items()} == {
        RECAP_PDF: ("verifikator", world.pemda, "rekap-budaya-kerja-2026-pemda.pdf"),
        document_jobs.LETTERS_ZIP: ("verifikator", world.pemda, "surat-evaluasi-semua-2026-pemda.zip"),
        document_jobs.EVIDENCE_PACKS_ZIP: (
            "verifikator",
            world.pemda,
            "bukti-budaya-kerja-semua-2026-pemda.zip",
        ),
        LETTER_PDF: ("operator_a", world.unit_a, "surat-evaluasi-2026-dinkes.pdf"),
        EVIDENCE_ZIP: ("operator_a", world.unit_a, "bukti-budaya-kerja-2026-dinkes.zip"),
    }

    recap = pdf_text(download(bureau, jobs[RECAP_PDF]))
    assert "YEARLY WORK CULTURE REPORT 2026 Pemerintah Kabupaten Contoh" in recap

    letters = members(download(bureau, jobs[document_jobs.LETTERS_ZIP]))
    assert list(letters) == ["surat-evaluasi-2026-dinkes.pdf", "surat-evaluasi-2026-disdik.pdf"]
    assert "To Head of Dinas Kesehatan in place" in pdf_text(letters["surat-evaluasi-2026-dinkes.pdf"])
    assert "To Head of Dinas Pendidikan in place" in pdf_text(letters["surat-evaluasi-2026-disdik.pdf"])

    packs = members(download(bureau, jobs[document_jobs.EVIDENCE_PACKS_ZIP]))
    assert list(packs) == ["bukti-budaya-kerja-2026-dinkes.zip", "bukti-budaya-kerja-2026-disdik.zip"]
    dinkes = members(packs["bukti-budaya-kerja-2026-dinkes.zip"])
    assert dinkes["01-SK/pkm-skm_kbk-sehati.pdf"] == SK_SCAN
    assert "Unit: Dinas Kesehatan (DINKES) and the units under it" in dinkes["README.txt"].decode()
    disdik = members(packs["bukti-budaya-kerja-2026-disdik.zip"])
    assert "Unit: Dinas Pendidikan (DISDIK) and the units under it" in disdik["README.txt"].decode()
    assert not any(name.startswith("01-SK/pkm-skm") for name in disdik)  # nothing of Dinkes

    letter = pdf_text(download(operator, jobs[LETTER_PDF]))
    assert "To Head of Dinas Kesehatan in place" in letter
    pack = members(download(operator, jobs[EVIDENCE_ZIP]))
    assert pack == dinkes | {"README.txt": pack["README.txt"]}  # the same files (made a moment apart)

    # Every start and every download is in the audit log, each with its export.
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    started = [event for event in events if event.details["delivery"] == "background"]
    assert [(event.actor.username, event.unit, event.details) for event in started] == [
        (
            job.user.username,
            job.unit,
            {"delivery": "background", "export_job": str(job.uuid), "programme_year": 2026, "document": kind},
        )
        for kind, job in jobs.items()
    ]
    downloads = [event for event in events if event.details["delivery"] == "download"]
    assert sorted(event.details["export_job"] for event in downloads) == sorted(
        str(job.uuid) for job in jobs.values()
    )


def test_the_builders_report_their_progress_per_unit_and_per_file(world, login):
    upload_sk(world, login("operator_a"))
    shown: list[int] = []
    job = ExportJob(
        user=world.users["verifikator"],
        kind=document_jobs.EVIDENCE_PACKS_ZIP,
        parameters=document_jobs.document_parameters(year=world.year, unit=world.pemda),
    )
    name, path = document_jobs.build_evidence_packs_zip_job(job, shown.append)
    try:
        assert name == "bukti-budaya-kerja-semua-2026-pemda.zip"
        with zipfile.ZipFile(path) as archive:
            assert [info.compress_type for info in archive.infolist()] == [zipfile.ZIP_STORED] * 2
    finally:
        path.unlink()
    # Two units, each with two steps (its group's SK scan, then the attendance sheet).
    assert shown == [25, 50, 75, 100]

    shown.clear()
    job.kind = document_jobs.LETTERS_ZIP
    name, path = document_jobs.build_letters_zip_job(job, shown.append)
    path.unlink()
    assert (name, shown) == ("surat-evaluasi-semua-2026-pemda.zip", [50, 100])


def test_a_small_unit_still_downloads_at_once(world, login):
    response = login("operator_a").post(export_url(world, world.unit_a, "bukti"))
    assert (response.status_code, response["Content-Type"], response["Content-Disposition"]) == (
        200,
        "application/zip",
        'attachment; filename="bukti-budaya-kerja-2026-dinkes.zip"',
    )
    assert "index.csv" in members(content_of(response))
    assert ExportJob.objects.count() == 0
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.target) == (
        world.users["operator_a"],
        world.unit_a,
        "Evidence pack (ZIP): bukti-budaya-kerja-2026-dinkes.zip",
    )


def test_the_documents_page_starts_a_job_for_a_big_unit(world, login, settings):
    settings.EXPORT_DIRECT_MAX_GROUPS = 0
    client = login("pimpinan_a")
    page = client.get(reverse("reports-documents")).content.decode()
    action = export_url(world, world.unit_a, "surat")
    assert f'form="document-export" formaction="{action}"' in page
    response = client.post(action)
    job = ExportJob.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"{RECAP}#ekspor-{job.uuid}")
    assert (job.user, job.unit, job.kind, job.parameters) == (
        world.users["pimpinan_a"],
        world.unit_a,
        LETTER_PDF,
        {"year": 2026, "unit": str(world.unit_a.uuid), "language": "en", "notify": False},
    )
    listed = client.get(RECAP).content.decode()
    assert (
        "Evaluation letter (PDF) of Dinas Kesehatan for 2026 is being prepared in the background." in listed
    )
    assert f'id="ekspor-{job.uuid}"' in listed
    # The pack's address builds nothing that long: it leads back to the page's buttons.
    pack = reverse("reports-evidence-zip", kwargs={"year": 2026, "unit": world.unit_a.uuid})
    response = client.get(pack)
    page = f"{reverse('reports-documents')}?year=2026&unit={world.unit_a.uuid}"
    assert (response.status_code, response["Location"], ExportJob.objects.count()) == (302, page, 1)


def test_starting_a_job_needs_a_post_with_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["operator_a"])
    url = export_url(world, world.unit_a, "bukti")
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403  # no token
    assert ExportJob.objects.count() == 0


def test_nobody_starts_a_job_for_a_unit_outside_their_subtree(world, login, settings):
    settings.EXPORT_DIRECT_MAX_GROUPS = 0
    outsider = login("outsider")
    for document in ("surat", "bukti"):
        assert outsider.post(export_url(world, world.unit_a, document)).status_code == 404
        assert login("operator_a").post(export_url(world, world.unit_b, document)).status_code == 404
    # The recap and every unit's files are the bureau's: any other role is refused outright.
    for document in ("rekap", "surat-semua", "bukti-semua"):
        assert outsider.post(export_url(world, world.pemda, document)).status_code == 403
    verifikator = UserFactory(username="verifikator.dinkes", unit=world.unit_a)
    RoleFactory(user=verifikator, role=Role.VERIFIKATOR, unit=world.unit_a)
    client = Client()
    client.force_login(verifikator)
    for document in ("rekap", "surat-semua", "bukti-semua"):
        assert client.post(export_url(world, world.pemda, document)).status_code == 404
        assert client.post(export_url(world, world.unit_b, document)).status_code == 404
    # Under PKM Sukamaju there is no unit: no "every unit" file of it.
    assert client.post(export_url(world, world.unit_a1, "surat-semua")).status_code == 404
    assert (ExportJob.objects.count(), AuditEvent.objects.filter(action=AuditAction.EXPORT).count()) == (0, 0)


def test_a_job_fails_when_its_user_may_no_longer_have_the_document(world):
    operator, bureau = world.users["operator_a"], world.users["verifikator"]

    def queued(user, kind, unit):
        parameters = document_jobs.document_parameters(year=world.year, unit=unit)
        return ExportJob.objects.create(user=user, kind=kind, unit=unit, parameters=parameters)

    jobs = [
        queued(operator, RECAP_PDF, world.unit_a),  # reads Dinkes, but the recap is the bureau's
        queued(operator, document_jobs.LETTERS_ZIP, world.unit_a),
        queued(world.users["outsider"], EVIDENCE_ZIP, world.unit_a),
    ]
    late = queued(bureau, document_jobs.EVIDENCE_PACKS_ZIP, world.pemda)
    bureau.roles.all().delete()  # moved away after asking
    RoleFactory(user=bureau, role=Role.OPERATOR, unit=world.pemda)
    for job in [*jobs, late]:
        assert export_jobs.run_export.call(job.pk) == ExportStatus.FAILED
        job.refresh_from_db()
        assert (job.error, bool(job.file)) == ("no_access", False)


def test_another_users_document_is_a_404(world, login):
    job = ExportJob.objects.create(
        user=world.users["operator_a"],
        kind=EVIDENCE_ZIP,
        unit=world.unit_a,
        parameters=document_jobs.document_parameters(year=world.year, unit=world.unit_a),
    )
    assert export_jobs.run_export.call(job.pk) == ExportStatus.DONE
    url = reverse("reports-export-download", args=[job.uuid])
    for persona in ("pimpinan_a", "verifikator", "admin", "outsider"):
        assert login(persona).get(url).status_code == 404, persona
    assert "index.csv" in members(content_of(login("operator_a").get(url)))


def test_the_reports_page_and_the_documents_page_lead_to_each_other(world, login):
    client = login("operator_a")
    recap = client.get(RECAP)
    documents = reverse("reports-documents")
    assert f'<a href="{documents}">Report documents</a>' in recap.content.decode()
    page = client.get(documents)
    assert f'<a href="{RECAP}">“My exports” on the Reports page</a>' in page.content.decode()
    items = {item["label"]: item["active"] for item in page.context["nav_items"]}
    assert (items["Reports"], items["Dashboard"]) == (True, False)


# --- a big unit's letter, and the e-mail when a document is ready ---------------------------


def letter_url(world, unit, name: str = "reports-letter") -> str:
    return reverse(name, kwargs={"year": world.year.year, "unit": unit.uuid})


def test_a_big_units_letter_pdf_address_leads_back_to_the_buttons(world, login, settings):
    settings.EXPORT_DIRECT_MAX_GROUPS = 0
    client = login("verifikator")

    response = client.get(letter_url(world, world.unit_a, "reports-letter-pdf"), follow=True)

    page = f"{reverse('reports-documents')}?year=2026&unit={world.unit_a.uuid}"
    assert response.redirect_chain == [(page, 302)]
    assert "The documents of Dinas Kesehatan are made in the background" in response.content.decode()
    assert (ExportJob.objects.count(), AuditEvent.objects.filter(action=AuditAction.EXPORT).count()) == (0, 0)


def test_a_small_units_letter_page_still_downloads_at_once(world, login):
    client = login("verifikator")
    page = client.get(letter_url(world, world.unit_a)).content.decode()
    assert 'data-testid="notify"' not in page
    assert "Download without saving" in page

    response = client.post(
        letter_url(world, world.unit_a), {"number": "", "text": "Catatan.", "download": "1"}
    )

    assert response["Location"] == letter_url(world, world.unit_a, "reports-letter-pdf")
    assert ExportJob.objects.count() == 0


def test_a_big_units_letter_page_saves_the_notes_and_starts_the_job(world, login, settings):
    settings.EXPORT_DIRECT_MAX_GROUPS = 0
    client = login("verifikator")
    page = client.get(letter_url(world, world.unit_a)).content.decode()
    assert "Save and make the letter (PDF) in the background" in page
    assert 'data-testid="notify"' in page
    assert letter_url(world, world.unit_a, "reports-letter-pdf") not in page  # no "download without saving"

    response = client.post(
        letter_url(world, world.unit_a),
        {"number": "061/9/2026", "text": "Pertahankan.", "download": "1", "notify": "on"},
    )

    job = ExportJob.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"{RECAP}#ekspor-{job.uuid}")
    assert (job.user, job.unit, job.kind, job.parameters) == (
        world.users["verifikator"],
        world.unit_a,
        LETTER_PDF,
        {"year": 2026, "unit": str(world.unit_a.uuid), "language": "en", "notify": True},
    )
    note = letter_note(world.year, world.unit_a)
    assert (note.number, note.text) == ("061/9/2026", "Pertahankan.")


def test_the_documents_page_offers_the_e_mail_and_each_button_posts_it(world, login, settings):
    settings.EXPORT_DIRECT_MAX_GROUPS = 0
    client = login("verifikator")
    page = client.get(reverse("reports-documents"), {"unit": world.unit_a.uuid}).content.decode()
    assert '<form method="post" id="document-export"' in page
    assert 'name="notify"' in page and "E-mail me when it is ready" in page
    # Every button posts that form: Dinkes' recap, pack and every-unit files, and the two of
    # PKM Sukamaju under it; no button has a form of its own any more.
    assert page.count('form="document-export" formaction="') == 6
    assert '<form method="post" action="/dokumen/' not in page

    client.post(export_url(world, world.unit_a, "bukti"), {"notify": "on"})
    client.post(export_url(world, world.unit_a, "rekap"))

    assert {job.kind: job.parameters["notify"] for job in ExportJob.objects.all()} == {
        EVIDENCE_ZIP: True,
        RECAP_PDF: False,
    }


@pytest.mark.django_db(transaction=True)
def test_the_e_mail_says_the_document_is_ready(world, login):
    client = login("verifikator")
    with override_settings(TASKS=DATABASE_TASKS), override_settings(EXPORT_DIRECT_MAX_GROUPS=0):
        client.post(
            letter_url(world, world.unit_a), {"number": "", "text": "", "download": "1", "notify": "on"}
        )
        client.post(export_url(world, world.unit_b, "surat"))  # no e-mail asked for
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert set(ExportJob.objects.values_list("status", flat=True)) == {ExportStatus.DONE}
    assert [(mail.kind, mail.to_email, mail.subject) for mail in SentMail.objects.all()] == [
        (
            MailKind.EXPORT_READY,
            world.users["verifikator"].email,
            "Your export is ready: Evaluation letter (PDF)",
        )
    ]
    assert "surat-evaluasi-2026-dinkes.pdf" in SentMail.objects.get().body
