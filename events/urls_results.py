"""Events: results pages (see events/urls.py)."""

from django.urls import path

from events.views import onward
from events.views import results as views

urlpatterns = [
    # The bureau.
    path("<uuid:event_uuid>/hasil/kelola/", views.results_manage, name="events-results"),
    path("<uuid:event_uuid>/babak/<uuid:round_uuid>/kunci/", views.round_lock, name="events-round-lock"),
    path("<uuid:event_uuid>/babak/<uuid:round_uuid>/buka/", views.round_unlock, name="events-round-unlock"),
    path(
        "<uuid:event_uuid>/babak/<uuid:round_uuid>/hitung/",
        views.results_compute,
        name="events-results-compute",
    ),
    path("<uuid:event_uuid>/babak/<uuid:round_uuid>/peringkat/", views.ranking, name="events-ranking"),
    path("<uuid:event_uuid>/hasil/terbitkan/", views.results_publish, name="events-results-publish"),
    path(
        "<uuid:event_uuid>/hasil/provinsi/<uuid:participant_uuid>/",
        views.send_onward,
        name="events-send-onward",
    ),
    path("<uuid:event_uuid>/peserta/dari-kabupaten/", onward.take_onward, name="events-take-onward"),
    path(
        "<uuid:event_uuid>/sertifikat/terbitkan/", views.certificates_issue, name="events-certificates-issue"
    ),
    path("<uuid:event_uuid>/ekspor/nilai.xlsx", views.export_scores, name="events-export-scores"),
    path("<uuid:event_uuid>/ekspor/peringkat.xlsx", views.export_ranking, name="events-export-ranking"),
    # The groups.
    path("<uuid:event_uuid>/hasil/kelompok/", views.group_results, name="events-group-results"),
    path(
        "<uuid:event_uuid>/hasil/kelompok/<uuid:participant_uuid>/",
        views.feedback,
        name="events-feedback",
    ),
    path(
        "<uuid:event_uuid>/sertifikat/<uuid:certificate_uuid>.pdf",
        views.certificate_pdf,
        name="events-certificate-pdf",
    ),
    # Public (no login).
    path("<uuid:event_uuid>/hasil/", views.public_results, name="events-results-public"),
    path("sertifikat/verifikasi/", views.certificate_verify, name="events-certificate-verify"),
    path("sertifikat/verifikasi/<str:code>/", views.certificate_check, name="events-certificate-check"),
]
