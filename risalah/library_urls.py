"""The library of verified risalah (perpustakaan): read by every logged-in user of the Pemda."""

from django.urls import path

from risalah.views import library as views

urlpatterns = [
    path("", views.library_list, name="risalah-library"),
    path("<uuid:uuid>/", views.library_detail, name="risalah-library-detail"),
    path("<uuid:uuid>/pdf/", views.library_pdf, name="risalah-library-pdf"),
]
