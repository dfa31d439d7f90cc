from django.contrib.auth import views as auth_views
from django.urls import path

from core.forms import LoginForm
from core.views import audit, auth, health, notifications, twofa

urlpatterns = [
    path("sehat/", health.health, name="core-health"),
    path("log-audit/", audit.audit_log, name="core-audit-log"),
    path("notifikasi/", notifications.notification_settings, name="core-notification-settings"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("keluar/", auth.LogoutView.as_view(), name="logout"),
    path("masuk/kode/", twofa.verify, name="core-twofa-verify"),
    path("keamanan/", twofa.security, name="core-twofa-security"),
    path("keamanan/aplikasi/", twofa.setup, name="core-twofa-setup"),
    path("keamanan/aplikasi/hapus/", twofa.remove, name="core-twofa-remove"),
    path("keamanan/kode-pemulihan/", twofa.recovery_codes, name="core-twofa-recovery-codes"),
    path("keamanan/keluar-semua/", twofa.log_out_everywhere, name="core-twofa-logout-everywhere"),
    path("sandi/ubah/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("sandi/ubah/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("sandi/lupa/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("sandi/lupa/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "sandi/atur/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "sandi/atur/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
]
