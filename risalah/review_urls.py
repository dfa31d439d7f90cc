from django.urls import path
from django.views.decorators.http import require_safe

from risalah.views import review as views

urlpatterns = [
    path("<uuid:uuid>/periksa/", views.review_page, name="risalah-review"),
    path("<uuid:uuid>/periksa/mulai/", views.start_review, name="risalah-review-start"),
    path("<uuid:uuid>/periksa/catatan/", views.add_note, name="risalah-review-note"),
    path(
        "<uuid:uuid>/periksa/catatan/<uuid:note>/hapus/", views.delete_note, name="risalah-review-note-delete"
    ),
    path("<uuid:uuid>/periksa/kembalikan/", views.return_risalah, name="risalah-review-return"),
    path("<uuid:uuid>/periksa/verifikasi/", views.verify_risalah, name="risalah-review-verify"),
    path("<uuid:uuid>/periksa/tolak/", views.reject_risalah, name="risalah-review-reject"),
    path("<uuid:uuid>/perubahan/", views.changes, name="risalah-changes"),
    path("<uuid:uuid>/riwayat/", require_safe(views.history), name="risalah-history"),
    path("<uuid:uuid>/revisi-baru/", views.new_revision, name="risalah-new-revision"),
]
