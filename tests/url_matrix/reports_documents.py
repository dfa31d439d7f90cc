"""The documents page and its downloads (reports.document_urls), on unit A (Dinas Kesehatan).

The recap, a letter's notes and the signatory are the bureau's (verifikator, admin): any other
role gets a 403 whatever the unit. A letter and an evidence pack are also for unit A's own
operator and pimpinan; the outsider (unit B) gets a 404. The Pemda's letter and pack and another
Pemda's units are 404s too (tests/reports/test_letters.py, test_evidence.py).
"""

from tests.url_matrix import Row, expect

BUREAU_PAGE = expect(200, operator_a=403, pimpinan_a=403, outsider=403)
BUREAU_WRITE = expect(302, operator_a=403, pimpinan_a=403, outsider=403)
OWN_UNIT = expect(200, outsider=404, jury=403)  # the jury persona has no role


def _unit_a(w):
    return {"year": w.year.year, "unit": w.unit_a.uuid}


def _pemda(w):
    return {"unit": w.pemda.uuid}


ROWS = [
    Row("reports-documents", expect(200, jury=403)),
    Row(
        "reports-documents", expect(200, jury=403), query="?year=1999"
    ),  # unknown year: said beside the field
    Row("reports-documents", expect(200, jury=403), query="?unit=not-a-uuid"),  # not in the list: said there
    Row("reports-recap-pdf", BUREAU_PAGE, kwargs=_unit_a),
    Row("reports-letter", BUREAU_PAGE, kwargs=_unit_a),
    Row(
        "reports-letter",
        BUREAU_WRITE,
        kwargs=_unit_a,
        method="post",
        data=lambda w: {"number": "061/1/2026", "text": "Lengkapi risalah sebelum 15 Agustus."},
    ),
    Row("reports-letter-pdf", OWN_UNIT, kwargs=_unit_a),
    Row("reports-evidence-zip", OWN_UNIT, kwargs=_unit_a),
    Row("reports-signatory", BUREAU_PAGE, kwargs=_pemda),
    Row(
        "reports-signatory",
        BUREAU_WRITE,
        kwargs=_pemda,
        method="post",
        data=lambda w: {
            "position": "Kepala Bagian Organisasi",
            "name": "Drs. Bambang Sutrisno",
            "rank": "",
            "nip": "197507082003121001",
            "place": "Contoh",
        },
    ),
]
