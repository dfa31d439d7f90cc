"""The bureau's exports, cell by cell: scores per jury and criterion, and the ranking (of every
round, and of the round a ranking page shows), as XLSX and CSV (events.tables, core.exports)."""

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditEvent
from events.models import Result, Score
from tests.events.results_world import CODES, COMMENT, JURY_NAMES, SHEETS, finished_gelar
from tests.export_files import csv_rows, workbook_of, xlsx_rows

pytestmark = pytest.mark.django_db

CRITERIA = {
    "yel_yel": "Yel-yel",
    "atraksi": "Atraksi / fragmen",
    "kostum": "Kostum",
    "kekompakan": "Kekompakan",
}
SCORE_HEADER = ["Babak", "Jalur", "Kelompok", "Unit", "Anggota juri", "Kriteria", "Nilai", "Komentar"]
RANKING_HEADER = [
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
]
TIE_A = "Total sama dengan KBK Cerdas; ditentukan oleh nilai Yel-yel (26,00)."
TIE_B = "Total sama dengan KBK Sehati; ditentukan oleh nilai Yel-yel (22,00)."


def _scores(finished):
    return reverse("events-export-scores", args=[finished.gelar.event.uuid])


def _ranking(finished):
    return reverse("events-export-ranking", args=[finished.gelar.event.uuid])


def _round_ranking(finished):
    return reverse("events-ranking", args=[finished.gelar.event.uuid, finished.gelar.final.uuid])


def _score_rows(finished):
    """The score rows by hand: groups by name, juries in their order, criteria in rubric order."""
    rows = []
    groups = [
        ("b", "KBK Cerdas", "Dinas Pendidikan"),
        ("c", "KBK Mandiri", finished.c.group.unit.name),
        ("a", "KBK Sehati", "Puskesmas Sukamaju"),
    ]
    for key, group, unit in groups:
        for jury_name, points in zip(JURY_NAMES, SHEETS[key], strict=True):
            for code, value in zip(CODES, points, strict=True):
                comment = COMMENT if (key, jury_name, code) == ("a", JURY_NAMES[0], "yel_yel") else None
                rows.append(
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
    return rows


def _ranking_rows(finished):
    final = finished.gelar.final.name
    return [
        [final, "KBK Kreatif", 1, "KBK Sehati", "Puskesmas Sukamaju", 75, 75, 2, "Juara I", TIE_A],
        [final, "KBK Kreatif", 2, "KBK Cerdas", "Dinas Pendidikan", 75, 75, 2, "Juara II", TIE_B],
        [final, "KBK Kreatif", 3, "KBK Mandiri", finished.c.group.unit.name, 62, 62, 2, "Juara III", None],
    ]


def test_the_score_export_has_one_row_per_jury_and_criterion(world, login):
    finished = finished_gelar(world)
    response = login("verifikator").get(_scores(finished))

    assert response["Content-Disposition"].startswith(
        f'attachment; filename="nilai-{finished.gelar.event.uuid}-'
    )
    sheet = workbook_of(response)
    assert (sheet.title, sheet.freeze_panes) == ("Nilai", "A2")
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [SCORE_HEADER, *_score_rows(finished)]
    assert {sheet.cell(row=row, column=7).data_type for row in range(2, sheet.max_row + 1)} == {"n"}
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.unit, event.details["rows"], event.details["format"]) == (
        world.users["verifikator"],
        world.pemda,
        24,
        "xlsx",
    )
    assert event.target.startswith(f"Nilai: nilai-{finished.gelar.event.uuid}-")


def test_the_score_csv_round_trip_keeps_decimal_commas_and_defuses_formulas(world, login):
    finished = finished_gelar(world)
    Score.objects.filter(comment=COMMENT).update(comment="=HYPERLINK(1)", points="25.50")
    rows = csv_rows(login("verifikator").get(_scores(finished), {"format": "csv"}))

    expected = [[str(cell) if cell is not None else "" for cell in row] for row in _score_rows(finished)]
    sehati = next(i for i, row in enumerate(expected) if row[2] == "KBK Sehati")
    expected[sehati][6:8] = ["25,50", "'=HYPERLINK(1)"]
    for row in expected:
        if row[6].isdigit():
            row[6] = f"{row[6]},00"  # the stored decimal, two places
    assert rows == [SCORE_HEADER, *expected]


def test_a_comment_that_looks_like_a_formula_is_a_text_cell(world, login):
    finished = finished_gelar(world)
    Score.objects.filter(comment=COMMENT).update(comment="=1+2")
    sheet = workbook_of(login("verifikator").get(_scores(finished)))
    cell = next(cell for cell in sheet["H"] if cell.value == "=1+2")
    assert cell.data_type == "s"


def test_the_ranking_export_of_every_round(world, login):
    finished = finished_gelar(world)
    client = login("verifikator")

    sheet = workbook_of(client.get(_ranking(finished)))
    assert sheet.title == "Peringkat"
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        RANKING_HEADER,
        *_ranking_rows(finished),
    ]
    assert (sheet["C2"].data_type, sheet["F2"].data_type) == ("n", "n")

    rows = csv_rows(client.get(_ranking(finished), {"format": "csv"}))
    assert rows[1] == [
        finished.gelar.final.name,
        "KBK Kreatif",
        "1",
        "KBK Sehati",
        "Puskesmas Sukamaju",
        "75,0000",
        "75,0000",
        "2",
        "Juara I",
        TIE_A,
    ]
    assert [row[3] for row in rows[1:]] == ["KBK Sehati", "KBK Cerdas", "KBK Mandiri"]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_the_ranking_page_exports_its_round_with_the_criteria_it_shows(world, login):
    finished = finished_gelar(world)
    client = login("verifikator")

    page = client.get(_round_ranking(finished))
    rows = xlsx_rows(client.get(_round_ranking(finished), {"format": "xlsx"}))

    tracks = [table["track"].name for table in page.context["tables"]]
    criteria = [
        f"{criterion.name} ({table['track'].name})" if len(tracks) > 1 else criterion.name
        for table in page.context["tables"]
        for criterion in table["criteria"]
    ]
    kreatif = [f"{CRITERIA[code]} (KBK Kreatif)" if len(tracks) > 1 else CRITERIA[code] for code in CODES]
    assert set(kreatif) <= set(criteria)
    assert rows[0] == [*RANKING_HEADER[:7], *criteria, *RANKING_HEADER[7:]]
    # Each group's averages per criterion (the two juries' points halved), as on the page.
    averages = {
        key: [sum(sheet[i] for sheet in SHEETS[key]) / 2 for i in range(len(CODES))] for key in SHEETS
    }
    expected = []
    for row, key in zip(_ranking_rows(finished), ("a", "b", "c"), strict=True):
        by_header = dict(zip(kreatif, averages[key], strict=True))
        expected.append([*row[:7], *[by_header.get(header) for header in criteria], *row[7:]])
    assert rows[1:] == expected
    summary = f"(3 baris, {len(RANKING_HEADER) + len(criteria)} kolom)"
    html = page.content.decode()
    assert f'data-testid="export-summary">{summary}</span>' in html  # this round
    assert 'data-testid="export-summary">(3 baris, 10 kolom)</span>' in html  # every round
    assert f'href="{_ranking(finished)}?format=csv"' in html


def test_the_results_page_offers_both_exports_with_their_counts(world, login):
    finished = finished_gelar(world)
    page = login("verifikator").get(reverse("events-results", args=[finished.gelar.event.uuid]))
    html = page.content.decode()
    assert f'href="{_scores(finished)}?format=xlsx"' in html
    assert 'data-testid="export-summary">(24 baris, 8 kolom)</span>' in html
    assert 'data-testid="export-summary">(3 baris, 10 kolom)</span>' in html


def test_exports_are_for_the_bureau_only(world, login):
    finished = finished_gelar(world)
    for persona in ("operator_a", "outsider", "pimpinan_a"):
        client = login(persona)
        for url, query in (
            (_scores(finished), {}),
            (_scores(finished), {"format": "csv"}),
            (_ranking(finished), {"format": "csv"}),
            (_round_ranking(finished), {"format": "xlsx"}),
        ):
            assert client.get(url, query).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


# A CSV of a queryset counts its rows first (for the audit row); the ranking is a list.
@pytest.mark.parametrize(
    ("export", "queries"),
    [("scores", {"xlsx": 9, "csv": 10}), ("ranking", {"xlsx": 13, "csv": 13})],
    ids=["scores", "ranking"],
)
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_queries_do_not_grow_with_the_rows(
    world, login, django_assert_num_queries, export, queries, file_format
):
    finished = finished_gelar(world)
    client = login("verifikator")
    url = _scores(finished) if export == "scores" else _ranking(finished)
    for rows in (3, 1):  # groups in the file
        with django_assert_num_queries(queries[file_format]):
            response = client.get(url, {"format": file_format})
            read = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
        assert len({row[3 if export == "ranking" else 2] for row in read[1:]}) == rows
        Result.objects.exclude(participant=finished.a).delete()
        Score.objects.exclude(participant=finished.a).delete()
