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


def _export(unit_of, document: str):
    """The address a button of the page posts to (reports-document-export)."""
    return lambda w: {"year": w.year.year, "unit": unit_of(w).uuid, "document": document}


def _a(w):
    return w.unit_a


def _whole(w):
    return w.pemda


ROWS = [
    Row("reports-documents", expect(200, jury=403)),
    Row(
        "reports-documents", expect(200, jury=403), query="?year=1999"
    ),  # unknown year: said beside the field
    Row("reports-documents", expect(200, jury=403), query="?unit=not-a-uuid"),  # not in the list: said there
    Row("reports-recap-pdf", BUREAU_PAGE, kwargs=_unit_a),
    # A whole Pemda's recap is made in the background: its address leads back to the page.
    Row(
        "reports-recap-pdf",
        BUREAU_WRITE,
        kwargs=lambda w: {"year": w.year.year, "unit": w.pemda.uuid},
        query="?p",
    ),
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
    # The page's buttons. Unit A is small: its files are sent at once (200); a whole Pemda's recap
    # and the files of every unit under it are made in the background (302 to "My exports").
    # (The queries only tell the rows apart.)
    Row("reports-document-export", BUREAU_PAGE, kwargs=_export(_a, "rekap"), method="post", query="?1"),
    Row("reports-document-export", OWN_UNIT, kwargs=_export(_a, "surat"), method="post", query="?2"),
    Row("reports-document-export", OWN_UNIT, kwargs=_export(_a, "bukti"), method="post", query="?3"),
    Row("reports-document-export", BUREAU_WRITE, kwargs=_export(_whole, "rekap"), method="post", query="?4"),
    Row(
        "reports-document-export",
        BUREAU_WRITE,
        kwargs=_export(_whole, "surat-semua"),
        method="post",
        query="?5",
    ),
    Row(
        "reports-document-export",
        BUREAU_WRITE,
        kwargs=_export(_whole, "bukti-semua"),
        method="post",
        query="?6",
    ),
    # A Pemda has no letter of its own; an unknown document is no address at all.
    Row(
        "reports-document-export",
        expect(404, jury=403),
        kwargs=_export(_whole, "surat"),
        method="post",
        query="?7",
    ),
    Row("reports-document-export", expect(404), kwargs=_export(_a, "rapor"), method="post", query="?8"),
    # The e-mail when it is ready, asked for with the page's checkbox.
    Row(
        "reports-document-export",
        BUREAU_WRITE,
        kwargs=_export(_whole, "rekap"),
        method="post",
        data=lambda w: {"notify": "on"},
        query="?9",
    ),
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
