from django.urls import path

from core.views import accounts as views

urlpatterns = [
    path("", views.account_list, name="core-account-list"),
    path("baru/", views.account_create, name="core-account-create"),
    path("<uuid:account_uuid>/", views.account_detail, name="core-account-detail"),
    path("<uuid:account_uuid>/ubah/", views.account_edit, name="core-account-edit"),
    path("<uuid:account_uuid>/undangan/", views.account_invite, name="core-account-invite"),
    path(
        "<uuid:account_uuid>/dua-langkah/reset/", views.account_twofa_reset, name="core-account-twofa-reset"
    ),
    path("<uuid:account_uuid>/peran/", views.account_role_grant, name="core-account-role-grant"),
    path(
        "<uuid:account_uuid>/peran/<uuid:assignment_uuid>/cabut/",
        views.account_role_revoke,
        name="core-account-role-revoke",
    ),
]
