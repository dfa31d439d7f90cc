"""Programme years: managed by verifikator and admin; every other persona gets 403."""

from tests.url_matrix import Row, expect

OFFICERS = expect(403, verifikator=200, admin=200)
OFFICERS_REDIRECT = expect(403, verifikator=302, admin=302)


def _year(year: int) -> dict:
    return {
        "year": year,
        "is_current": "",
        "sk_deadline": f"{year}-03-31",
        "risalah_deadline": f"{year}-08-15",
        "gelar_date": f"{year}-09-10",
        "min_members": 3,
        "max_members": 10,
        "ketua_count": 1,
        "sekretaris_count": 1,
        "min_fasilitator": 1,
    }


ROWS = [
    Row("groups-programme-year-list", OFFICERS),
    Row("groups-programme-year-create", OFFICERS),
    Row("groups-programme-year-create", OFFICERS_REDIRECT, method="post", data=lambda w: _year(2027)),
    Row("groups-programme-year-edit", OFFICERS, kwargs=lambda w: {"year": w.year.year}),
    Row(
        "groups-programme-year-edit",
        OFFICERS_REDIRECT,
        kwargs=lambda w: {"year": w.year.year},
        method="post",
        data=lambda w: {**_year(w.year.year), "is_current": "on", "max_members": 8},
    ),
]
