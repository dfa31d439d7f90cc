from django.urls import path
from django.views.decorators.http import require_safe

from groups.views import groups as views
from groups.views import history, roster_entry

urlpatterns = [
    path("", views.group_list, name="groups-list"),
    path("baru/", views.group_create, name="groups-create"),
    path("konfirmasi-anggota/", roster_entry.seat_list, name="groups-seat-list"),
    path("<uuid:group_uuid>/", views.group_detail, name="groups-detail"),
    path("<uuid:group_uuid>/ubah/", views.group_edit, name="groups-edit"),
    path("<uuid:group_uuid>/logo/", views.group_logo, name="groups-logo"),
    path("<uuid:group_uuid>/riwayat/", require_safe(history.group_history), name="groups-history"),
    path("<uuid:group_uuid>/tahun/<int:year>/sk/ubah/", views.group_year_edit, name="groups-year-edit"),
    path("<uuid:group_uuid>/tahun/<int:year>/sk/", views.group_year_sk, name="groups-year-sk"),
    path("<uuid:group_uuid>/tahun/<int:year>/anggota/", views.roster, name="groups-roster"),
    path("<uuid:group_uuid>/tahun/<int:year>/anggota/salin/", views.roster_copy, name="groups-roster-copy"),
    path(
        "<uuid:group_uuid>/tahun/<int:year>/anggota/tempel/",
        roster_entry.roster_paste,
        name="groups-roster-paste",
    ),
    path(
        "<uuid:group_uuid>/tahun/<int:year>/anggota/impor/",
        roster_entry.roster_import,
        name="groups-roster-import",
    ),
    path(
        "<uuid:group_uuid>/tahun/<int:year>/anggota/impor/pratinjau/",
        roster_entry.roster_import_preview,
        name="groups-roster-import-preview",
    ),
    path(
        "<uuid:group_uuid>/tahun/<int:year>/anggota/impor/konfirmasi/",
        roster_entry.roster_import_confirm,
        name="groups-roster-import-confirm",
    ),
    path(
        "<uuid:group_uuid>/tahun/<int:year>/anggota/impor/templat/",
        roster_entry.roster_import_template,
        name="groups-roster-import-template",
    ),
    path(
        "<uuid:group_uuid>/tahun/<int:year>/anggota/<uuid:person_uuid>/konfirmasi/",
        roster_entry.seat_decide,
        name="groups-seat-decide",
    ),
    path(
        "<uuid:group_uuid>/tahun/<int:year>/anggota/<uuid:person_uuid>/peran/",
        views.roster_role,
        name="groups-roster-role",
    ),
    path(
        "<uuid:group_uuid>/tahun/<int:year>/anggota/<uuid:person_uuid>/hapus/",
        views.roster_remove,
        name="groups-roster-remove",
    ),
]
