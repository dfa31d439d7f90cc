"""Unit pages and the unit and account imports: verifikator (whole Pemkab) and admin only.

Unit edit of unit A: operator and pimpinan of unit A can read it but not manage it (403);
the outsider (operator of unit B) cannot even see it (404), per core.permissions._check.
The previews answer 200 with an "upload a file first" message when nothing is pending;
a confirmation without a pending upload sends the user back to the upload page (302).
"""

from tests.url_matrix import Row, expect

MANAGERS = {"verifikator": 200, "admin": 200}

ROWS = [
    Row("core-unit-list", expect(403, **MANAGERS)),
    # The list's export: the same view and filters, as a file.
    Row("core-unit-list", expect(403, **MANAGERS), query="?format=xlsx"),
    Row("core-unit-list", expect(403, **MANAGERS), query="?format=csv&kind=opd"),
    Row("core-unit-create", expect(403, **MANAGERS)),
    Row("core-unit-create", expect(403, **MANAGERS), method="post"),
    Row(
        "core-unit-edit", expect(403, outsider=404, **MANAGERS), kwargs=lambda w: {"unit_uuid": w.unit_a.uuid}
    ),
    Row(
        "core-unit-edit",
        expect(403, outsider=404, **MANAGERS),
        kwargs=lambda w: {"unit_uuid": w.unit_a.uuid},
        method="post",
    ),
    Row("core-unit-import", expect(403, **MANAGERS)),
    Row("core-unit-import", expect(403, **MANAGERS), method="post"),
    Row("core-unit-import-preview", expect(403, **MANAGERS)),
    Row("core-unit-import-confirm", expect(403, verifikator=302, admin=302), method="post"),
    Row("core-unit-import-template", expect(403, **MANAGERS)),
    Row("core-unit-import-template", expect(403, **MANAGERS), query="?format=csv"),
    Row("core-account-import", expect(403, **MANAGERS)),
    Row("core-account-import", expect(403, **MANAGERS), method="post"),
    Row("core-account-import-preview", expect(403, **MANAGERS)),
    Row("core-account-import-confirm", expect(403, verifikator=302, admin=302), method="post"),
    Row("core-account-import-template", expect(403, **MANAGERS)),
    Row("core-account-import-template", expect(403, **MANAGERS), query="?format=csv"),
]
