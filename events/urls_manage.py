"""Events: manage pages (see events/urls.py)."""

from django.urls import path

from events.views import manage, manage_participants, manage_rounds

urlpatterns = [
    path("", manage.event_list, name="events-list"),
    path("baru/", manage.event_create, name="events-create"),
    path("<uuid:event_uuid>/", manage.event_detail, name="events-detail"),
    path("<uuid:event_uuid>/ubah/", manage.event_edit, name="events-edit"),
    path("<uuid:event_uuid>/status/<slug:to>/", manage.event_status, name="events-status"),
    path("<uuid:event_uuid>/babak/", manage_rounds.event_rounds, name="events-rounds"),
    path("<uuid:event_uuid>/babak/tambah/", manage_rounds.event_round_add, name="events-round-add"),
    path(
        "<uuid:event_uuid>/babak/<uuid:round_uuid>/hapus/",
        manage_rounds.event_round_remove,
        name="events-round-remove",
    ),
    path(
        "<uuid:event_uuid>/babak/<uuid:round_uuid>/geser/",
        manage_rounds.event_round_move,
        name="events-round-move",
    ),
    path("<uuid:event_uuid>/kategori/", manage_rounds.event_tracks, name="events-tracks"),
    path("<uuid:event_uuid>/kategori/tambah/", manage_rounds.event_track_add, name="events-track-add"),
    path(
        "<uuid:event_uuid>/kategori/<uuid:track_uuid>/hapus/",
        manage_rounds.event_track_remove,
        name="events-track-remove",
    ),
    path(
        "<uuid:event_uuid>/rubrik/<uuid:track_uuid>/<uuid:round_uuid>/",
        manage_rounds.event_rubric,
        name="events-rubric",
    ),
    path(
        "<uuid:event_uuid>/babak/<uuid:round_uuid>/lanjut/",
        manage_participants.event_advance,
        name="events-advance",
    ),
    path("<uuid:event_uuid>/peserta/", manage_participants.event_participants, name="events-participants"),
    path("<uuid:event_uuid>/daftar/", manage_participants.event_register, name="events-register"),
    path(
        "<uuid:event_uuid>/peserta/<uuid:participant_uuid>/mundur/",
        manage_participants.event_withdraw,
        name="events-withdraw",
    ),
    path("<uuid:event_uuid>/undian/", manage_participants.event_lottery, name="events-lottery"),
    path("<uuid:event_uuid>/jadwal/", manage_participants.event_schedule, name="events-schedule"),
    path(
        "<uuid:event_uuid>/jadwal/susun/",
        manage_participants.event_schedule_build,
        name="events-schedule-build",
    ),
    path(
        "<uuid:event_uuid>/jadwal/kirim/",
        manage_participants.event_schedule_notify,
        name="events-schedule-notify",
    ),
]
