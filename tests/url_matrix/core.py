from tests.url_matrix import Row, expect

ROWS = [
    Row("core-home", expect(200)),
    Row("core-notification-settings", expect(200)),
    Row("core-notification-settings", expect(302), method="post", data=lambda w: {"weekly_digest": "on"}),
    Row("core-audit-log", expect(403, admin=200)),
    Row("core-audit-log", expect(403, admin=200), query="?action=login&date_from=2026-01-01"),
    # Its export: for admins only, as the page.
    Row("core-audit-log", expect(403, admin=200), query="?format=xlsx"),
    Row("core-audit-log", expect(403, admin=200), query="?format=csv&action=export"),
    Row("login", expect(302, anonymous=200)),
    Row("logout", expect(302), method="post"),
    Row("logout", expect(200, anonymous=200)),  # a GET asks to confirm with the button
    Row("password_change", expect(200)),
    Row("password_change_done", expect(200)),
    Row("password_reset", expect(200, anonymous=200)),
    Row("password_reset_done", expect(200, anonymous=200)),
    Row(
        "password_reset_confirm",
        expect(200, anonymous=200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"},
    ),
    Row("password_reset_complete", expect(200, anonymous=200)),
    Row("set_language", expect(302, anonymous=302), method="post", data=lambda w: {"language": "en"}),
    # Django's admin enforces staff access itself; its index stands for all its pages.
    Row("admin:index", expect(302, admin=200)),
]
