from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("KBK Portal — master data")
admin.site.site_title = _("KBK Portal")

urlpatterns = [
    path("", include("reports.home_urls")),
    path("", include("core.urls")),
    path("unit/", include("core.units_urls")),
    path("akun/", include("core.accounts_urls")),
    path("kelompok/", include("groups.urls")),
    path("tahun-program/", include("groups.programme_year_urls")),
    path("risalah/", include("risalah.urls")),
    path("risalah/", include("risalah.evidence_urls")),
    path("risalah/", include("risalah.review_urls")),
    path("perpustakaan/", include("risalah.library_urls")),
    path("dasbor/", include("reports.urls")),
    path("dokumen/", include("reports.document_urls")),
    path("acara/", include("events.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
