"""The bureau's exports, cell by cell: scores per jury and criterion, and the ranking."""

import io

import openpyxl
import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from tests.events.results_world import CODES, JURY_NAMES, SHEETS, finished_gelar

pytestmark = pytest.mark.django_db

CRITERIA = {
    "yel_yel": "Yel-yel",
    "atraksi": "Atraksi / fragmen",
    "kostum": "Kostum",
    "kekompakan": "Kekompakan",
}


def cells(response) -> list[list]:
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_score_export_has_one_row_per_jury_and_criterion(world, login):
    finished = finished_gelar(world)
    response = login("verifikator").get(reverse("events-export-scores", args=[finished.gelar.event.uuid]))
    expected = [["Babak", "Jalur", "Kelompok", "Unit", "Anggota juri", "Kriteria", "Nilai", "Komentar"]]
    groups = [
        ("b", "KBK Cerdas", "Dinas Pendidikan"),
        ("c", "KBK Mandiri", finished.c.group.unit.name),
        ("a", "KBK Sehati", "Puskesmas Sukamaju"),
    ]
    for key, group, unit in groups:
        for jury_name, points in zip(JURY_NAMES, SHEETS[key], strict=True):
            for code, value in zip(CODES, points, strict=True):
                comment = (
                    "Yel-yel kompak, suara kurang keras"
                    if (key, jury_name, code) == ("a", JURY_NAMES[0], "yel_yel")
                    else None
                )
                expected.append(
                    [
                        finished.gelar.final.name,
                        "KBK Kreatif",
                        group,
                        unit,
                        jury_name,
                        CRITERIA[code],
                        value,
                        comment,
                    ]
                )
    assert cells(response) == expected
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.target) == (
        world.users["verifikator"],
        f"Gelar Budaya Kerja 2026: nilai-{finished.gelar.event.uuid}.xlsx",
    )


def test_the_ranking_export(world, login):
    finished = finished_gelar(world)
    response = login("verifikator").get(reverse("events-export-ranking", args=[finished.gelar.event.uuid]))
    final = finished.gelar.final.name
    assert cells(response) == [
        [
            "Babak",
            "Jalur",
            "Peringkat",
            "Kelompok",
            "Unit",
            "Total",
            "Total sebelum normalisasi",
            "Juri yang dihitung",
            "Penghargaan",
            "Cara seri diputuskan",
        ],
        [
            final,
            "KBK Kreatif",
            1,
            "KBK Sehati",
            "Puskesmas Sukamaju",
            75,
            75,
            2,
            "Juara I",
            "Total sama dengan KBK Cerdas; ditentukan oleh nilai Yel-yel (26,00).",
        ],
        [
            final,
            "KBK Kreatif",
            2,
            "KBK Cerdas",
            "Dinas Pendidikan",
            75,
            75,
            2,
            "Juara II",
            "Total sama dengan KBK Sehati; ditentukan oleh nilai Yel-yel (22,00).",
        ],
        [final, "KBK Kreatif", 3, "KBK Mandiri", finished.c.group.unit.name, 62, 62, 2, "Juara III", None],
    ]
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.EXPORT,
            target=f"Gelar Budaya Kerja 2026: peringkat-{finished.gelar.event.uuid}.xlsx",
        ).count()
        == 1
    )


def test_exports_are_for_the_bureau_only(world, login):
    finished = finished_gelar(world)
    for persona in ("operator_a", "outsider", "pimpinan_a"):
        response = login(persona).get(reverse("events-export-scores", args=[finished.gelar.event.uuid]))
        assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
