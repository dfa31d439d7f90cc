"""Events: manage pages (see events/urls.py)."""

from django.urls import path

from events.views import manage as views

urlpatterns = [
    path("", views.event_list, name="events-list"),
    path("baru/", views.event_create, name="events-create"),
    path("<uuid:event_uuid>/", views.event_detail, name="events-detail"),
    path("<uuid:event_uuid>/ubah/", views.event_edit, name="events-edit"),
    path("<uuid:event_uuid>/status/<slug:to>/", views.event_status, name="events-status"),
    path("<uuid:event_uuid>/babak/", views.event_rounds, name="events-rounds"),
    path(
        "<uuid:event_uuid>/rubrik/<uuid:track_uuid>/<uuid:round_uuid>/",
        views.event_rubric,
        name="events-rubric",
    ),
    path("<uuid:event_uuid>/babak/<uuid:round_uuid>/lanjut/", views.event_advance, name="events-advance"),
    path("<uuid:event_uuid>/peserta/", views.event_participants, name="events-participants"),
    path("<uuid:event_uuid>/daftar/", views.event_register, name="events-register"),
    path(
        "<uuid:event_uuid>/peserta/<uuid:participant_uuid>/mundur/",
        views.event_withdraw,
        name="events-withdraw",
    ),
    path("<uuid:event_uuid>/undian/", views.event_lottery, name="events-lottery"),
    path("<uuid:event_uuid>/jadwal/", views.event_schedule, name="events-schedule"),
    path("<uuid:event_uuid>/jadwal/susun/", views.event_schedule_build, name="events-schedule-build"),
    path("<uuid:event_uuid>/jadwal/kirim/", views.event_schedule_notify, name="events-schedule-notify"),
]
