"""Two-factor login and the login security page (core/views/twofa.py).

Every persona's session here is a force_login one, which counts as both login steps
(tests/conftest.py): the verifikator and the admin hold a confirmed authenticator app, the
others none. Enforcement itself (a session that owes its step) is tested in tests/core/test_twofa.py.
"""

from tests.url_matrix import Row, expect

MUST = {"verifikator": 403, "admin": 403}  # their role requires two-factor login

ROWS = [
    # No step is owed: the second-step page sends on to the home page.
    Row("core-twofa-verify", expect(302)),
    Row("core-twofa-verify", expect(302), method="post", data=lambda w: {"code": "abcdef"}),
    Row("core-twofa-security", expect(200)),
    Row("core-twofa-setup", expect(200)),
    # A wrong code is refused (400) for everyone.
    Row("core-twofa-setup", expect(400), method="post", data=lambda w: {"code": "abcdef"}),
    Row("core-twofa-remove", expect(302, **MUST), method="post"),
    Row("core-twofa-remove", expect(405), query="?via=get"),
    # New codes are shown (200) to those with an app; the others are sent to the security page.
    Row("core-twofa-recovery-codes", expect(302, verifikator=200, admin=200), method="post"),
    Row("core-twofa-logout-everywhere", expect(302), method="post"),
]
