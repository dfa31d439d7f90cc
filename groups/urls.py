from django.urls import path

from groups.views import groups as views
from groups.views import history

urlpatterns = [
    path("", views.group_list, name="groups-list"),
    path("baru/", views.group_create, name="groups-create"),
    path("<uuid:group_uuid>/", views.group_detail, name="groups-detail"),
    path("<uuid:group_uuid>/ubah/", views.group_edit, name="groups-edit"),
    path("<uuid:group_uuid>/logo/", views.group_logo, name="groups-logo"),
    path("<uuid:group_uuid>/riwayat/", history.group_history, name="groups-history"),
    path("<uuid:group_uuid>/tahun/<int:year>/sk/ubah/", views.group_year_edit, name="groups-year-edit"),
    path("<uuid:group_uuid>/tahun/<int:year>/sk/", views.group_year_sk, name="groups-year-sk"),
    path("<uuid:group_uuid>/tahun/<int:year>/anggota/", views.roster, name="groups-roster"),
    path("<uuid:group_uuid>/tahun/<int:year>/anggota/salin/", views.roster_copy, name="groups-roster-copy"),
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
