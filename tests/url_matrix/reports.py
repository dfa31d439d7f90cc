"""The filing dashboard. Every persona with a role sees its own subtree; a unit outside it is a 404
(tested in tests/reports/test_views.py, since unit UUIDs are made per world)."""

from tests.url_matrix import Row, expect

ROWS = [
    Row("reports-dashboard", expect(200)),
    Row("reports-dashboard", expect(200), query="?year=2026"),
    Row("reports-dashboard", expect(200), query="?year=1999"),  # unknown year: said beside the field
    Row("reports-dashboard", expect(404), query="?unit=not-a-uuid"),
    Row("reports-dashboard-list", expect(200), query="?year=2026&indicator=belum-menyerahkan"),
    Row("reports-dashboard-list", expect(200), query="?indicator=perlu-perbaikan"),
    Row("reports-dashboard-list", expect(200), query="?indicator=terlambat"),
    Row("reports-dashboard-list", expect(200), query="?indicator=unit-tanpa-kelompok"),
    Row("reports-dashboard-list", expect(404)),  # no indicator: a broken link
    Row("reports-dashboard-list", expect(404), query="?indicator=no-such-list"),
    Row("reports-dashboard", expect(200), query="?kind=kelurahan"),
    Row("reports-dashboard", expect(200), query="?kind=no-such-kind"),  # said beside the field
    Row("reports-dashboard-list", expect(200), query="?indicator=kelompok&kind=opd"),
    Row("reports-dashboard-list", expect(404), query="?indicator=kelompok&kind=no-such-kind"),
    Row("reports-dashboard-list", expect(200), query="?indicator=sk-terlambat"),
    Row("reports-dashboard-list", expect(200), query="?indicator=anggota"),
    Row("reports-dashboard-list", expect(200), query="?indicator=asn-terlibat"),
    Row("reports-dashboard-list", expect(200), query="?indicator=rapat"),
    Row("reports-dashboard-list", expect(200), query="?indicator=kehadiran"),
    Row("reports-dashboard-list", expect(200), query="?indicator=target-tercapai"),
    Row("reports-dashboard-list", expect(200), query="?indicator=standar"),
    Row("reports-trends", expect(200)),
    # Exports of the matrix and of the lists behind its numbers (a foreign unit: 404, as the page).
    Row("reports-dashboard", expect(200), query="?format=xlsx"),
    Row("reports-dashboard", expect(200), query="?year=2026&format=csv"),
    Row("reports-dashboard", expect(404), query="?unit=not-a-uuid&format=xlsx"),
    Row("reports-dashboard-list", expect(200), query="?indicator=kelompok&format=xlsx"),
    Row("reports-dashboard-list", expect(200), query="?indicator=belum-menyerahkan&format=csv"),
    Row("reports-dashboard-list", expect(200), query="?indicator=unit&format=xlsx"),
    Row("reports-dashboard-list", expect(200), query="?indicator=asn-terlibat&format=csv"),
    Row("reports-dashboard-list", expect(404), query="?format=xlsx"),
]
