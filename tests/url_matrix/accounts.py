"""Account pages: verifikator (over the whole Pemkab in the test world) and admin only.

The account used is operator_a's, whose home unit is unit A, inside the verifikator's subtree.
Every other persona holds no unit-admin role and gets 403 before any account is looked up.
"""

from core.models import Role
from tests.url_matrix import Row, expect

OFFICERS = expect(403, verifikator=200, admin=200)
OFFICERS_REDIRECT = expect(403, verifikator=302, admin=302)


def _account(world):
    return {"account_uuid": world.users["operator_a"].uuid}


def _new_account(world):
    return {
        "username": "siti.aminah",
        "email": "siti.aminah@example.go.id",
        "full_name": "Siti Aminah",
        "nip": "",
        "unit": world.unit_a.uuid,
        "role": Role.OPERATOR,
        "role_unit": world.unit_a1.uuid,
    }


def _edit(world):
    return {
        "full_name": "Operator Dinkes",
        "email": "operator.dinkes@example.go.id",
        "nip": "",
        "unit": world.unit_a.uuid,
        "is_active": "on",
    }


def _revoke(world):
    return {**_account(world), "assignment_uuid": world.users["operator_a"].roles.get().uuid}


ROWS = [
    Row("core-account-list", OFFICERS),
    Row("core-account-list", OFFICERS, query="?q=operator&role=operator"),
    Row("core-account-list", OFFICERS, query="?format=xlsx"),
    Row("core-account-list", OFFICERS, query="?format=csv&role=operator"),
    Row("core-account-create", OFFICERS),
    Row("core-account-create", OFFICERS_REDIRECT, method="post", data=_new_account),
    Row("core-account-detail", OFFICERS, kwargs=_account),
    Row("core-account-edit", OFFICERS, kwargs=_account),
    Row("core-account-edit", OFFICERS_REDIRECT, kwargs=_account, method="post", data=_edit),
    Row("core-account-invite", expect(403, verifikator=302, admin=302), kwargs=_account, method="post"),
    Row("core-account-twofa-reset", OFFICERS_REDIRECT, kwargs=_account, method="post"),
    Row(
        "core-account-role-grant",
        OFFICERS_REDIRECT,
        kwargs=_account,
        method="post",
        data=lambda w: {"role": Role.PIMPINAN, "unit": w.unit_a.uuid},
    ),
    Row("core-account-role-revoke", OFFICERS_REDIRECT, kwargs=_revoke, method="post"),
]
