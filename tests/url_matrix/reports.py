"""The filing dashboard. Every persona with a role sees its own subtree; a unit outside it is a 404
(tested in tests/reports/test_views.py, since unit UUIDs are made per world). The jury persona,
without a role, gets a 403 on every dashboard page, before its filters are read."""

from tests.url_matrix import Row, expect

ROWS = [
    Row("reports-dashboard", expect(200, jury=403)),
    Row("reports-dashboard", expect(200, jury=403), query="?year=2026"),
    Row(
        "reports-dashboard", expect(200, jury=403), query="?year=1999"
    ),  # unknown year: said beside the field
    Row("reports-dashboard", expect(404, jury=403), query="?unit=not-a-uuid"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?year=2026&indicator=belum-menyerahkan"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=perlu-perbaikan"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=terlambat"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=unit-tanpa-kelompok"),
    Row("reports-dashboard-list", expect(404, jury=403)),  # no indicator: a broken link
    Row("reports-dashboard-list", expect(404, jury=403), query="?indicator=no-such-list"),
    Row("reports-dashboard", expect(200, jury=403), query="?kind=kelurahan"),
    Row("reports-dashboard", expect(200, jury=403), query="?kind=no-such-kind"),  # said beside the field
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=kelompok&kind=opd"),
    Row("reports-dashboard-list", expect(404, jury=403), query="?indicator=kelompok&kind=no-such-kind"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=sk-terlambat"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=anggota"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=asn-terlibat"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=rapat"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=kehadiran"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=target-tercapai"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=standar"),
    Row("reports-trends", expect(200, jury=403)),
    # The trend table's export: each persona that of his own subtree.
    Row("reports-trends", expect(200, jury=403), query="?format=xlsx"),
    Row("reports-trends", expect(200, jury=403), query="?format=csv"),
    # Exports of the matrix and of the lists behind its numbers (a foreign unit: 404, as the page).
    Row("reports-dashboard", expect(200, jury=403), query="?format=xlsx"),
    Row("reports-dashboard", expect(200, jury=403), query="?year=2026&format=csv"),
    Row("reports-dashboard", expect(404, jury=403), query="?unit=not-a-uuid&format=xlsx"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=kelompok&format=xlsx"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=belum-menyerahkan&format=csv"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=unit&format=xlsx"),
    Row("reports-dashboard-list", expect(200, jury=403), query="?indicator=asn-terlibat&format=csv"),
    Row("reports-dashboard-list", expect(404, jury=403), query="?format=xlsx"),
]
