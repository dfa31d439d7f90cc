"""Risalah pages: world.risalah_a (group_a, unit A1) is a draft written by operator_a; pimpinan_a and
the verifikator read it; the outsider (unit B) does not see it.

POST rows send data that makes the view succeed (302) or re-display its form (200).
"""

from tests.url_matrix import Row, expect

READ = expect(200, outsider=404)
WRITE = expect(302, pimpinan_a=403, verifikator=403, outsider=404)
WRITE_PAGE = expect(200, pimpinan_a=403, verifikator=403, outsider=404)


def _risalah(w):
    return {"uuid": w.risalah_a.uuid}


def _step(w):
    return {"uuid": w.risalah_a.uuid, "number": 1}


def _create_data(w):
    return {"group": str(w.group_a.uuid), "programme_year": w.year.year, "theme": "Pelayanan ramah"}


def _title_data(w):
    return {
        "theme": "Pelayanan cepat",
        "direction": "increase",
        "metric": "persentase pasien dilayani kurang dari 60 menit",
        "baseline_value": "29,6",
        "target_value": "95",
        "unit_of_measure": "%",
        "place": "Puskesmas Sukamaju",
        "deadline": "2026-09",
        "title": "",
        "version": w.risalah_a.version,
    }


def _step_data(w):
    return {
        "version": 0,
        "narrative": "Tim mendata masalah pelayanan.",
        "problem_list-0-problem": "Waktu tunggu lama",
        "problem_list-0-target": "95",
        "problem_list-0-achievement": "29,6",
        "check_sheet-title": "Lembar periksa",
        "check_sheet-0-label": "Antrean loket",
        "check_sheet-0-count": "12",
    }


ROWS = [
    Row("risalah-list", expect(200)),
    Row("risalah-list", expect(200), query="?format=xlsx"),
    Row("risalah-list", expect(200), query="?format=csv&status=draft"),
    Row("risalah-create", expect(200, pimpinan_a=403, verifikator=403, jury=403)),
    # The outsider manages groups, but not group_a: the form re-displays with the error.
    Row(
        "risalah-create",
        expect(302, pimpinan_a=403, verifikator=403, outsider=200, jury=403),
        method="post",
        data=_create_data,
    ),
    Row("risalah-detail", READ, kwargs=_risalah),
    Row("risalah-title", READ, kwargs=_risalah),
    Row("risalah-title", WRITE, kwargs=_risalah, method="post", data=_title_data),
    # Without a session the preview answers nothing (204) rather than a login page to swap in.
    Row(
        "risalah-title-preview",
        expect(200, anonymous=204, pimpinan_a=403, verifikator=403, outsider=404),
        kwargs=_risalah,
        method="post",
        data=_title_data,
    ),
    Row("risalah-step", READ, kwargs=_step),
    Row("risalah-step", WRITE, kwargs=_step, method="post", data=_step_data),
    # Never a redirect to the login page: an expired session answers with a message in the page.
    Row(
        "risalah-step-autosave",
        expect(200, anonymous=401, pimpinan_a=403, verifikator=403, outsider=404),
        kwargs=_step,
        method="post",
        data=_step_data,
    ),
    Row("risalah-checker", READ, kwargs=_risalah),
    Row("risalah-submit", WRITE_PAGE, kwargs=_risalah),
    # world.risalah_a is an empty draft: the checker refuses and the page lists what is missing.
    Row("risalah-submit", WRITE_PAGE, kwargs=_risalah, method="post"),
    # The roster as filed and what changed since: read by everyone who reads the risalah.
    Row("risalah-roster-changes", READ, kwargs=_risalah),
]

# The bureau's rules for a year: admins and a Pemda-level verifikator (the world's verifikator).
ROWS += [
    Row(
        "risalah-year-rules", expect(403, verifikator=200, admin=200), kwargs=lambda w: {"year": w.year.year}
    ),
    Row(
        "risalah-year-rules",
        expect(403, verifikator=302, admin=302),
        kwargs=lambda w: {"year": w.year.year},
        method="post",
        data=lambda w: {
            "method": str(w.risalah_a.method_id),
            "min_meetings": "4",
            "min_attendance_pct": "60",
        },
    ),
]
