from risalah.models import ReviewNote
from tests.url_matrix import Row, expect


def _risalah(w):
    return {"uuid": w.risalah_a.uuid}


def _note(w):
    note = ReviewNote.objects.create(risalah=w.risalah_a, text="Catatan", by=w.users["verifikator"])
    return {"uuid": w.risalah_a.uuid, "note": note.uuid}


# Reviewing: verifikator and admin; the group's operator and pimpinan may read the risalah but not review (403).
REVIEWER_GET = expect(403, verifikator=200, admin=200, outsider=404)
REVIEWER_POST = expect(403, verifikator=302, admin=302, outsider=404)

ROWS = [
    Row("risalah-review", REVIEWER_GET, kwargs=_risalah),
    Row("risalah-review-start", REVIEWER_POST, kwargs=_risalah, method="post"),
    Row(
        "risalah-review-note",
        REVIEWER_POST,
        kwargs=_risalah,
        method="post",
        data=lambda w: {"text": "Catatan"},
    ),
    Row("risalah-review-note-delete", REVIEWER_POST, kwargs=_note, method="post"),
    Row(
        "risalah-review-return",
        REVIEWER_POST,
        kwargs=_risalah,
        method="post",
        data=lambda w: {"note": "Perbaiki"},
    ),
    Row("risalah-review-verify", REVIEWER_POST, kwargs=_risalah, method="post"),
    Row(
        "risalah-review-reject",
        REVIEWER_POST,
        kwargs=_risalah,
        method="post",
        data=lambda w: {"note": "Tolak"},
    ),
    Row("risalah-changes", expect(200, outsider=404), kwargs=_risalah),
    Row("risalah-history", expect(200, outsider=404), kwargs=_risalah),
    Row(
        "risalah-new-revision",
        expect(403, operator_a=302, admin=302, outsider=404),
        kwargs=_risalah,
        method="post",
    ),
]
