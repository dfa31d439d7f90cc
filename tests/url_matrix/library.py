"""The library of verified risalah: every logged-in persona reads a verified risalah of any unit
of the Pemda (here one of the outsider's unit B, read by unit A's operator too); a risalah that
is not verified (world.risalah_a, a draft) is a 404 for everyone, its owner included."""

from tests.factories import GroupFactory, make_verified_risalah
from tests.url_matrix import Row, expect

EVERYONE = expect(200)
NOBODY = expect(404)
# The jury persona (a guest: no unit, no role) belongs to no Pemda: its library is empty, and
# a risalah in it a 404. (A jury member reads their groups' risalah on the jury pages.)
NO_LIBRARY = expect(200, jury=404)


def _verified(w):
    risalah = make_verified_risalah(
        group=GroupFactory(unit=w.unit_b),
        programme_year=w.year,
        by=w.users["outsider"],
        reviewer=w.users["verifikator"],
        theme="Perizinan cepat",
        title="Menurunkan waktu proses izin dari 14 menjadi 3 hari",
    )
    return {"uuid": risalah.uuid}


def _draft(w):
    return {"uuid": w.risalah_a.uuid}


ROWS = [
    Row("risalah-library", EVERYONE),
    Row("risalah-library", EVERYONE, query="?q=izin&year=2026&kind=opd&result=yes"),
    # Its export: every reader, of his own Pemda's library (the jury persona's is empty).
    Row("risalah-library", EVERYONE, query="?format=xlsx"),
    Row("risalah-library", EVERYONE, query="?format=csv&q=izin&result=no"),
    Row("risalah-library-detail", NO_LIBRARY, kwargs=_verified),
    # Rows are unique by name, method and query: the query only tells the draft's rows apart.
    Row("risalah-library-detail", NOBODY, kwargs=_draft, query="?draft"),
    Row("risalah-library-pdf", NO_LIBRARY, kwargs=_verified),
    Row("risalah-library-pdf", NOBODY, kwargs=_draft, query="?draft"),
]
