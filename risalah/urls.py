from django.urls import path

from risalah.views import risalah as views
from risalah.views import steps, year_rules

urlpatterns = [
    path("", views.risalah_list, name="risalah-list"),
    path("baru/", views.risalah_create, name="risalah-create"),
    path("<uuid:uuid>/", views.risalah_detail, name="risalah-detail"),
    path("<uuid:uuid>/judul/", views.risalah_title, name="risalah-title"),
    path("<uuid:uuid>/judul/pratinjau/", views.risalah_title_preview, name="risalah-title-preview"),
    path("<uuid:uuid>/langkah/<int:number>/", steps.risalah_step, name="risalah-step"),
    path(
        "<uuid:uuid>/langkah/<int:number>/simpan-otomatis/",
        steps.risalah_step_autosave,
        name="risalah-step-autosave",
    ),
    path("<uuid:uuid>/kelengkapan/", views.risalah_checker, name="risalah-checker"),
    path("<uuid:uuid>/kirim/", views.risalah_submit, name="risalah-submit"),
    path("<uuid:uuid>/susunan-anggota/", views.risalah_roster_changes, name="risalah-roster-changes"),
    path("aturan/<int:year>/", year_rules.year_rules_edit, name="risalah-year-rules"),
]
