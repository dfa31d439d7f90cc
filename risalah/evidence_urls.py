"""Meetings, schedule, attachments and the printed PDF of a risalah."""

from django.urls import path
from django.views.decorators.http import require_safe

from risalah.views import evidence as views
from risalah.views import pdf as pdf_views

urlpatterns = [
    path("<uuid:uuid>/rapat/", views.meeting_list, name="risalah-meetings"),
    path("<uuid:uuid>/rapat/baru/", views.meeting_create, name="risalah-meeting-create"),
    path("<uuid:uuid>/rapat/<uuid:meeting>/ubah/", views.meeting_edit, name="risalah-meeting-edit"),
    path("<uuid:uuid>/rapat/<uuid:meeting>/hapus/", views.meeting_delete, name="risalah-meeting-delete"),
    path("<uuid:uuid>/jadwal/", views.schedule, name="risalah-schedule"),
    path("<uuid:uuid>/lampiran/", views.attachment_list, name="risalah-attachments"),
    path("<uuid:uuid>/lampiran/unggah/", views.attachment_upload, name="risalah-attachment-upload"),
    path(
        "<uuid:uuid>/lampiran/<uuid:attachment>/berkas/",
        views.attachment_file,
        name="risalah-attachment-file",
    ),
    path(
        "<uuid:uuid>/lampiran/<uuid:attachment>/kecil/",
        views.attachment_thumb,
        name="risalah-attachment-thumb",
    ),
    path(
        "<uuid:uuid>/lampiran/<uuid:attachment>/hapus/",
        views.attachment_delete,
        name="risalah-attachment-delete",
    ),
    path("<uuid:uuid>/pdf/", require_safe(pdf_views.risalah_pdf), name="risalah-pdf"),
]
