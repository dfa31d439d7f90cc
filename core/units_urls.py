from django.urls import path

from core.views import imports, units

urlpatterns = [
    path("", units.unit_list, name="core-unit-list"),
    path("baru/", units.unit_add, name="core-unit-create"),
    path("<uuid:unit_uuid>/ubah/", units.unit_edit, name="core-unit-edit"),
    path("impor/", imports.unit_import, name="core-unit-import"),
    path("impor/pratinjau/", imports.unit_import_preview, name="core-unit-import-preview"),
    path("impor/konfirmasi/", imports.unit_import_confirm, name="core-unit-import-confirm"),
    path("impor/templat/", imports.unit_import_template, name="core-unit-import-template"),
    path("impor-akun/", imports.account_import, name="core-account-import"),
    path("impor-akun/pratinjau/", imports.account_import_preview, name="core-account-import-preview"),
    path("impor-akun/konfirmasi/", imports.account_import_confirm, name="core-account-import-confirm"),
    path("impor-akun/templat/", imports.account_import_template, name="core-account-import-template"),
]
