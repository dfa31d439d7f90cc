"""Events: jury pages (see events/urls.py): the bureau's jury list, assignment and progress;
the jury member's own page, their groups' risalah and conflicts; the guest's invitation link."""

from django.urls import path

from events.views import jury, jury_manage

urlpatterns = [
    # The bureau.
    path("<uuid:event_uuid>/juri/", jury_manage.juries, name="events-juries"),
    path("<uuid:event_uuid>/juri/tambah/", jury_manage.jury_add, name="events-jury-add"),
    path("<uuid:event_uuid>/juri/undang/", jury_manage.jury_invite, name="events-jury-invite"),
    path(
        "<uuid:event_uuid>/juri/<uuid:jury_uuid>/undang-lagi/",
        jury_manage.jury_reinvite,
        name="events-jury-reinvite",
    ),
    path(
        "<uuid:event_uuid>/juri/<uuid:jury_uuid>/nonaktifkan/",
        jury_manage.jury_deactivate,
        name="events-jury-deactivate",
    ),
    path(
        "<uuid:event_uuid>/juri/<uuid:jury_uuid>/aktifkan/",
        jury_manage.jury_activate,
        name="events-jury-activate",
    ),
    path(
        "<uuid:event_uuid>/babak/<uuid:round_uuid>/penugasan/",
        jury_manage.assignments,
        name="events-assignments",
    ),
    path(
        "<uuid:event_uuid>/babak/<uuid:round_uuid>/penugasan/tambah/",
        jury_manage.assignments_add,
        name="events-assignments-add",
    ),
    path(
        "<uuid:event_uuid>/babak/<uuid:round_uuid>/penugasan/seimbang/",
        jury_manage.assignments_balance,
        name="events-assignments-balance",
    ),
    path(
        "<uuid:event_uuid>/babak/<uuid:round_uuid>/penugasan/hapus/",
        jury_manage.assignment_remove,
        name="events-assignment-remove",
    ),
    path("<uuid:event_uuid>/babak/<uuid:round_uuid>/kemajuan/", jury_manage.progress, name="events-progress"),
    path(
        "<uuid:event_uuid>/babak/<uuid:round_uuid>/kemajuan/ingatkan/",
        jury_manage.progress_remind,
        name="events-progress-remind",
    ),
    # The jury member.
    path("penilaian/", jury.my_scoring, name="events-my-scoring"),
    path(
        "penilaian/<uuid:event_uuid>/<uuid:participant_uuid>/risalah/",
        jury.my_risalah,
        name="events-my-risalah",
    ),
    path(
        "penilaian/<uuid:event_uuid>/<uuid:participant_uuid>/risalah.pdf",
        jury.my_risalah_pdf,
        name="events-my-risalah-pdf",
    ),
    path(
        "penilaian/<uuid:event_uuid>/<uuid:participant_uuid>/konflik/",
        jury.my_conflict,
        name="events-my-conflict",
    ),
    # The guest's invitation link (no login).
    path("undangan/<str:token>/", jury.invitation, name="events-jury-invitation"),
]
