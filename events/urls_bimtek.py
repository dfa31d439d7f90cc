"""Events: the Bimtek's pages (see events/urls.py): participants, registration, quotas,
check-in, the attendance export and the attendees' certificates."""

from django.urls import path

from events.views import bimtek

urlpatterns = [
    path("<uuid:uuid>/bimtek/", bimtek.bimtek_detail, name="bimtek-detail"),
    path("<uuid:uuid>/bimtek/daftar/", bimtek.bimtek_register, name="bimtek-register"),
    path("<uuid:uuid>/bimtek/daftar/roster/", bimtek.bimtek_register_roster, name="bimtek-register-roster"),
    path("<uuid:uuid>/bimtek/kuota/", bimtek.bimtek_quotas, name="bimtek-quotas"),
    path("<uuid:uuid>/bimtek/hadir/", bimtek.bimtek_check_in_list, name="bimtek-check-in-list"),
    path("<uuid:uuid>/bimtek/hadir/<uuid:attendee>/", bimtek.bimtek_check_in, name="bimtek-check-in"),
    path("<uuid:uuid>/bimtek/kehadiran.xlsx", bimtek.bimtek_attendance_xlsx, name="bimtek-attendance-xlsx"),
    path(
        "<uuid:uuid>/bimtek/sertifikat/", bimtek.bimtek_certificates_issue, name="bimtek-certificates-issue"
    ),
    path(
        "<uuid:uuid>/bimtek/sertifikat/<uuid:attendee>.pdf",
        bimtek.bimtek_certificate_pdf,
        name="bimtek-certificate-pdf",
    ),
]
