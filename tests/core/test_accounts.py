"""Account pages: list, create, detail, edit, invitation, granting and revoking roles.

The world's verifikator holds the whole Pemkab; ``unit_verifikator`` below holds only
Dinas Kesehatan (unit A, with Puskesmas A1) and must not see or touch anything of
Dinas Pendidikan (unit B).
"""

import pytest
from django.core import mail
from django.urls import reverse

from core import permissions
from core.models import Role, RoleAssignment, User
from tests.factories import RoleFactory, UserFactory, make_nip

BEYOND_REACH = "This account holds roles beyond your reach; only an administrator can change it."
ROLE_REFUSED = "Choose one of the roles offered. Only an administrator can grant the Administrator role."


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def unit_verifikator(world):
    user = UserFactory(username="verif_dinkes", full_name="Verifikator Dinkes", unit=world.unit_a)
    RoleFactory(user=user, role=Role.VERIFIKATOR, unit=world.unit_a)
    return user


@pytest.fixture
def as_unit_verifikator(client, unit_verifikator):
    client.force_login(unit_verifikator)
    return client


def html(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- access ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["operator_a", "pimpinan_a", "outsider"])
def test_other_roles_get_403_everywhere(login, world, persona):
    client = login(persona)
    account = world.users["operator_a"]
    assignment = account.roles.get()
    pages = [
        ("get", reverse("core-account-list")),
        ("get", reverse("core-account-create")),
        ("get", reverse("core-account-detail", args=[account.uuid])),
        ("get", reverse("core-account-edit", args=[account.uuid])),
        ("post", reverse("core-account-invite", args=[account.uuid])),
        ("post", reverse("core-account-role-grant", args=[account.uuid])),
        ("post", reverse("core-account-role-revoke", args=[account.uuid, assignment.uuid])),
    ]
    for method, url in pages:
        response = getattr(client, method)(
            url, {"role": Role.ADMIN, "unit": world.pemda.uuid} if method == "post" else {}
        )
        assert (response.status_code, url) == (403, url)
        assert "You may not do this" in html(response)
        assert account.email not in html(response)
    assert list(account.roles.values_list("role", "unit")) == [(Role.OPERATOR, world.unit_a.pk)]
    assert mail.outbox == []


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(reverse("core-account-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_verifikator_sees_only_accounts_of_his_subtree(as_unit_verifikator, world):
    response = as_unit_verifikator.get(reverse("core-account-list"))
    listed = {account.username for account in response.context["page"]}
    # operator_a and pimpinan_a live in unit A; outsider (unit B), verifikator and admin (Pemkab) do not.
    assert listed == {"operator_a", "pimpinan_a", "verif_dinkes"}
    assert "outsider@example.go.id" not in html(response)
    unit_choices = [unit.code for unit in response.context["form"].fields["unit"].queryset]
    assert unit_choices == ["DINKES", "PKM-SKM"]


@pytest.mark.parametrize("name", ["core-account-detail", "core-account-edit"])
def test_account_outside_the_subtree_is_404(as_unit_verifikator, world, name):
    outsider = world.users["outsider"]
    response = as_unit_verifikator.get(reverse(name, args=[outsider.uuid]))
    assert response.status_code == 404
    assert "Page not found" in html(response)
    assert outsider.email not in html(response)


def test_writes_to_an_account_outside_the_subtree_are_404(as_unit_verifikator, world):
    outsider = world.users["outsider"]
    assignment = outsider.roles.get()
    urls = [
        (reverse("core-account-edit", args=[outsider.uuid]), {"full_name": "X", "email": "x@example.go.id"}),
        (reverse("core-account-invite", args=[outsider.uuid]), {}),
        (
            reverse("core-account-role-grant", args=[outsider.uuid]),
            {"role": Role.OPERATOR, "unit": world.unit_a.uuid},
        ),
        (reverse("core-account-role-revoke", args=[outsider.uuid, assignment.uuid]), {}),
    ]
    for url, data in urls:
        assert as_unit_verifikator.post(url, data).status_code == 404
    outsider.refresh_from_db()
    assert outsider.full_name != "X"
    assert list(outsider.roles.values_list("role", "unit")) == [(Role.OPERATOR, world.unit_b.pk)]
    assert mail.outbox == []


def test_unknown_account_is_404(login, world):
    response = login("admin").get(
        reverse("core-account-detail", args=["6b2f7a1e-0000-4000-8000-000000000000"])
    )
    assert response.status_code == 404


# --- list -----------------------------------------------------------------------------


def test_list_shows_roles_and_filters(login, world):
    client = login("verifikator")
    world.users["operator_a"].nip = "198503302010011002"
    world.users["operator_a"].save(update_fields=["nip"])

    response = client.get(reverse("core-account-list"))
    page = html(response)
    assert {a.username for a in response.context["page"]} == {
        "operator_a",
        "pimpinan_a",
        "verifikator",
        "outsider",
        "admin",
    }
    assert "Operator · Dinkes" in page
    assert "Administrator · Pemkab Contoh" in page

    def usernames(**query):
        return sorted(a.username for a in client.get(reverse("core-account-list"), query).context["page"])

    assert usernames(q="1985033020") == ["operator_a"]
    assert usernames(q="PIMPINAN_A@example") == ["pimpinan_a"]
    assert usernames(unit=world.unit_b.uuid) == ["outsider"]
    assert usernames(unit=world.unit_a.uuid) == ["operator_a", "pimpinan_a"]
    assert usernames(role=Role.OPERATOR) == ["operator_a", "outsider"]
    assert usernames(role=Role.VERIFIKATOR, unit=world.pemda.uuid) == ["verifikator"]


def test_list_ignores_an_invalid_filter_and_says_so(login, world):
    response = login("verifikator").get(reverse("core-account-list"), {"role": "raja"})
    assert len(response.context["page"]) == 5
    assert "Select a valid choice. raja is not one of the available choices." in html(response)


def _list_accounts(client, units, count, assert_num_queries) -> None:
    for n in range(count):
        user = UserFactory(username=f"nplus{n}", full_name=f"Nplus {n}", unit=units[n % len(units)])
        RoleFactory(user=user, role=Role.OPERATOR, unit=units[n % len(units)])
        RoleFactory(user=user, role=Role.PIMPINAN, unit=units[(n + 1) % len(units)])
    with assert_num_queries(10):
        response = client.get(reverse("core-account-list"), {"q": "nplus"})
    assert len(response.context["page"]) == count
    assert html(response).count("Pimpinan · ") == count


def test_account_list_has_no_n_plus_one(login, world, django_assert_num_queries):
    client = login("admin")
    units = [world.unit_a, world.unit_a1, world.unit_b]
    _list_accounts(client, units, 1, django_assert_num_queries)
    User.objects.filter(username__startswith="nplus").delete()
    _list_accounts(client, units, 3, django_assert_num_queries)


# --- create ---------------------------------------------------------------------------


def new_account(world, **overrides):
    data = {
        "username": "siti.aminah",
        "email": "siti.aminah@example.go.id",
        "full_name": "Siti Aminah",
        "nip": "",
        "unit": world.unit_a.uuid,
        "role": Role.OPERATOR,
        "role_unit": world.unit_a1.uuid,
    }
    data.update(overrides)
    return data


def test_create_account_sends_the_invitation(login, world, django_capture_on_commit_callbacks):
    client = login("verifikator")
    nip = make_nip()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core-account-create"), new_account(world, nip=nip), follow=True)
    account = User.objects.get(username="siti.aminah")
    assert response.redirect_chain == [(reverse("core-account-detail", args=[account.uuid]), 302)]
    assert messages_of(response) == [
        "Account siti.aminah created; the invitation was sent to siti.aminah@example.go.id."
    ]
    assert (account.email, account.full_name, account.nip, account.unit) == (
        "siti.aminah@example.go.id",
        "Siti Aminah",
        nip,
        world.unit_a,
    )
    assert account.has_usable_password() is False
    assert list(account.roles.values_list("role", "unit", "granted_by")) == [
        (Role.OPERATOR, world.unit_a1.pk, world.users["verifikator"].pk)
    ]
    assert [m.to for m in mail.outbox] == [["siti.aminah@example.go.id"]]
    assert "/sandi/atur/" in mail.outbox[0].body
    assert "not set yet: the invitation has not been used" in html(response)


def test_create_without_role_unit_uses_the_home_unit(login, world):
    login("verifikator").post(reverse("core-account-create"), new_account(world, role_unit=""))
    account = User.objects.get(username="siti.aminah")
    assert list(account.roles.values_list("role", "unit")) == [(Role.OPERATOR, world.unit_a.pk)]


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"email": "OPERATOR_A@example.go.id"}, "email", "Another account already uses this e-mail address."),
        ({"email": ""}, "email", "This field is required."),
        ({"username": "Operator_A"}, "username", "Another account already uses this username."),
        ({"username": "siti@dinkes"}, "username", "A username cannot contain @."),
        ({"nip": "12345"}, "nip", "A NIP has exactly 18 digits (now: 5 characters)."),
        ({"nip": "198513302010011002"}, "nip", "Digits 1-8 (19851330) are not a real birth date (YYYYMMDD)."),
        ({"role": Role.ADMIN}, "role", ROLE_REFUSED),
    ],
)
def test_create_refuses_bad_input_beside_the_field(login, world, overrides, field, error):
    response = login("verifikator").post(reverse("core-account-create"), new_account(world, **overrides))
    assert response.status_code == 200
    assert any(error in message for message in response.context["form"].errors[field])
    assert error in html(response)
    assert 'value="Siti Aminah"' in html(response)  # the input is kept
    assert not User.objects.filter(full_name="Siti Aminah").exists()
    assert mail.outbox == []


def test_create_refuses_units_outside_the_subtree(as_unit_verifikator, world):
    response = as_unit_verifikator.post(
        reverse("core-account-create"),
        new_account(world, unit=world.unit_b.uuid, role_unit=world.unit_b.uuid),
    )
    assert set(response.context["form"].errors) == {"unit", "role_unit"}
    assert not User.objects.filter(username="siti.aminah").exists()


def test_admin_may_create_an_administrator(login, world):
    response = login("admin").post(
        reverse("core-account-create"), new_account(world, role=Role.ADMIN, role_unit=world.pemda.uuid)
    )
    assert response.status_code == 302
    account = User.objects.get(username="siti.aminah")
    assert permissions.is_admin(account)


def test_create_form_offers_the_administrator_role_to_admins_only(login, world):
    verifikator_roles = (
        login("verifikator").get(reverse("core-account-create")).context["form"].fields["role"]
    )
    admin_roles = login("admin").get(reverse("core-account-create")).context["form"].fields["role"]
    assert [value for value, _label in verifikator_roles.choices] == [
        "",
        "operator",
        "verifikator",
        "pimpinan",
    ]
    assert [value for value, _label in admin_roles.choices] == [
        "",
        "operator",
        "verifikator",
        "pimpinan",
        "admin",
    ]


# --- detail and edit ------------------------------------------------------------------


def test_detail_shows_data_roles_and_the_grant_form(as_unit_verifikator, world):
    account = world.users["operator_a"]
    response = as_unit_verifikator.get(reverse("core-account-detail", args=[account.uuid]))
    page = html(response)
    assert "operator_a@example.go.id" in page
    assert "Dinas Kesehatan" in page
    assert [row["assignment"].role for row in response.context["roles"]] == [Role.OPERATOR]
    assert response.context["roles"][0]["may_revoke"] is True
    assert reverse("core-account-role-revoke", args=[account.uuid, account.roles.get().uuid]) in page
    assert reverse("core-account-role-grant", args=[account.uuid]) in page
    assert reverse("core-account-edit", args=[account.uuid]) in page


def test_edit_account(login, world):
    account = world.users["operator_a"]
    nip = make_nip(sex=2)
    response = login("verifikator").post(
        reverse("core-account-edit", args=[account.uuid]),
        {
            "full_name": "Dewi Lestari",
            "email": "dewi@example.go.id",
            "nip": nip[:8] + " " + nip[8:],
            "unit": world.unit_a1.uuid,
            "is_active": "on",
        },
        follow=True,
    )
    assert messages_of(response) == ["The account operator_a was saved."]
    account.refresh_from_db()
    assert (account.full_name, account.email, account.nip, account.unit, account.is_active) == (
        "Dewi Lestari",
        "dewi@example.go.id",
        nip,
        world.unit_a1,
        True,
    )
    assert account.check_password("rahasia-123-ok")  # untouched


def test_deactivate_instead_of_delete(login, world, client):
    account = world.users["operator_a"]
    response = login("verifikator").post(
        reverse("core-account-edit", args=[account.uuid]),
        {"full_name": account.full_name, "email": account.email, "nip": "", "unit": world.unit_a.uuid},
        follow=True,
    )
    assert messages_of(response) == ["The account operator_a was saved; it is deactivated and cannot log in."]
    account.refresh_from_db()
    assert account.is_active is False
    assert account.roles.count() == 1  # kept on record
    client.post(reverse("login"), {"username": "operator_a", "password": "rahasia-123-ok"})
    assert "_auth_user_id" not in client.session


def test_edit_refuses_an_email_of_another_account(login, world):
    account = world.users["operator_a"]
    response = login("verifikator").post(
        reverse("core-account-edit", args=[account.uuid]),
        {
            "full_name": "X",
            "email": "Pimpinan_A@example.go.id",
            "nip": "",
            "unit": world.unit_a.uuid,
            "is_active": "on",
        },
    )
    assert response.context["form"].errors == {"email": ["Another account already uses this e-mail address."]}
    account.refresh_from_db()
    assert account.email == "operator_a@example.go.id"


def test_officer_cannot_deactivate_himself(login, world):
    me = world.users["verifikator"]
    response = login("verifikator").post(
        reverse("core-account-edit", args=[me.uuid]),
        {"full_name": me.full_name, "email": me.email, "nip": "", "unit": world.pemda.uuid},
    )
    assert response.context["form"].errors == {"is_active": ["You cannot deactivate your own account."]}
    me.refresh_from_db()
    assert me.is_active is True


def test_edit_cannot_move_an_account_out_of_the_subtree(as_unit_verifikator, world):
    account = world.users["operator_a"]
    response = as_unit_verifikator.post(
        reverse("core-account-edit", args=[account.uuid]),
        {"full_name": "X", "email": account.email, "nip": "", "unit": world.unit_b.uuid, "is_active": "on"},
    )
    assert list(response.context["form"].errors) == ["unit"]
    account.refresh_from_db()
    assert account.unit == world.unit_a


def test_verifikator_cannot_change_an_administrator(login, world):
    admin = world.users["admin"]
    client = login("verifikator")
    detail = client.get(reverse("core-account-detail", args=[admin.uuid]))
    assert BEYOND_REACH in html(detail)
    assert reverse("core-account-edit", args=[admin.uuid]) not in html(detail)
    response = client.post(
        reverse("core-account-edit", args=[admin.uuid]),
        {
            "full_name": "Taken",
            "email": "attacker@example.com",
            "nip": "",
            "unit": world.pemda.uuid,
            "is_active": "on",
        },
    )
    assert response.status_code == 403
    assert BEYOND_REACH in html(response)
    admin.refresh_from_db()
    assert admin.email == "admin@example.go.id"
    assert client.post(reverse("core-account-invite", args=[admin.uuid])).status_code == 403
    assert mail.outbox == []


def test_unit_verifikator_cannot_change_an_account_with_a_wider_role(as_unit_verifikator, world):
    account = world.users["pimpinan_a"]
    RoleFactory(user=account, role=Role.PIMPINAN, unit=world.unit_b)
    detail = as_unit_verifikator.get(reverse("core-account-detail", args=[account.uuid]))
    assert detail.status_code == 200
    assert [row["may_revoke"] for row in detail.context["roles"]] == [False, False]
    outside = account.roles.get(unit=world.unit_b)
    response = as_unit_verifikator.post(
        reverse("core-account-role-revoke", args=[account.uuid, outside.uuid])
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=outside.pk).exists()


# --- invitation -----------------------------------------------------------------------


def test_invite_again(login, world, django_capture_on_commit_callbacks):
    account = world.users["operator_a"]
    with django_capture_on_commit_callbacks(execute=True):
        response = login("verifikator").post(reverse("core-account-invite", args=[account.uuid]), follow=True)
    assert messages_of(response) == ["A new invitation was sent to operator_a@example.go.id."]
    assert [m.to for m in mail.outbox] == [["operator_a@example.go.id"]]


def test_invite_refused_for_a_deactivated_account(login, world, django_capture_on_commit_callbacks):
    account = world.users["operator_a"]
    account.is_active = False
    account.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        response = login("verifikator").post(reverse("core-account-invite", args=[account.uuid]), follow=True)
    assert messages_of(response) == ["This account is deactivated. Activate it before sending an invitation."]
    assert mail.outbox == []


def test_invite_is_post_only(login, world):
    response = login("verifikator").get(reverse("core-account-invite", args=[world.users["operator_a"].uuid]))
    assert response.status_code == 405
    assert mail.outbox == []


# --- roles ----------------------------------------------------------------------------


def test_grant_role(as_unit_verifikator, world, unit_verifikator):
    account = world.users["operator_a"]
    response = as_unit_verifikator.post(
        reverse("core-account-role-grant", args=[account.uuid]),
        {"role": Role.PIMPINAN, "unit": world.unit_a1.uuid},
        follow=True,
    )
    assert messages_of(response) == [f"{account} is now Pimpinan over PKM Sukamaju."]
    assignment = account.roles.get(role=Role.PIMPINAN)
    assert (assignment.unit, assignment.granted_by) == (world.unit_a1, unit_verifikator)
    assert "Pimpinan" in html(response)


def test_verifikator_cannot_grant_admin(login, world):
    account = world.users["operator_a"]
    response = login("verifikator").post(
        reverse("core-account-role-grant", args=[account.uuid]),
        {"role": Role.ADMIN, "unit": world.pemda.uuid},
    )
    assert response.status_code == 200
    assert ROLE_REFUSED in html(response)
    assert response.context["grant_form"].errors == {"role": [ROLE_REFUSED]}
    assert not account.roles.filter(role=Role.ADMIN).exists()
    assert not permissions.is_admin(User.objects.get(pk=account.pk))


def test_admin_grants_admin(login, world):
    account = world.users["operator_a"]
    response = login("admin").post(
        reverse("core-account-role-grant", args=[account.uuid]),
        {"role": Role.ADMIN, "unit": world.pemda.uuid},
    )
    assert response.status_code == 302
    assert permissions.is_admin(User.objects.get(pk=account.pk))


def test_grant_refuses_a_unit_outside_the_subtree(as_unit_verifikator, world):
    account = world.users["operator_a"]
    response = as_unit_verifikator.post(
        reverse("core-account-role-grant", args=[account.uuid]),
        {"role": Role.OPERATOR, "unit": world.unit_b.uuid},
    )
    assert list(response.context["grant_form"].errors) == ["unit"]
    assert "Select a valid choice." in html(response)
    assert list(account.roles.values_list("unit", flat=True)) == [world.unit_a.pk]


def test_grant_refuses_a_role_already_held(login, world):
    account = world.users["operator_a"]
    response = login("verifikator").post(
        reverse("core-account-role-grant", args=[account.uuid]),
        {"role": Role.OPERATOR, "unit": world.unit_a.uuid},
    )
    assert f"{account} already holds the role Operator over Dinkes." in html(response)
    assert account.roles.count() == 1


def test_revoke_role(login, world):
    account = world.users["operator_a"]
    assignment = account.roles.get()
    response = login("verifikator").post(
        reverse("core-account-role-revoke", args=[account.uuid, assignment.uuid]), follow=True
    )
    assert messages_of(response) == [f"{account} is no longer Operator over Dinkes."]
    assert not account.roles.exists()
    assert permissions.access_for(User.objects.get(pk=account.pk)).roles == frozenset()
    assert "No role yet" in html(response)


def test_revoke_needs_the_assignment_of_that_account(login, world):
    account = world.users["operator_a"]
    other = world.users["pimpinan_a"].roles.get()
    response = login("verifikator").post(reverse("core-account-role-revoke", args=[account.uuid, other.uuid]))
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=other.pk).exists()


def test_verifikator_cannot_revoke_admin(login, world):
    account = world.users["operator_a"]
    admin_role = RoleFactory(user=account, role=Role.ADMIN, unit=world.pemda)
    response = login("verifikator").post(
        reverse("core-account-role-revoke", args=[account.uuid, admin_role.uuid])
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=admin_role.pk).exists()


def test_officer_cannot_revoke_his_own_role(login, world):
    me = world.users["verifikator"]
    assignment = me.roles.get()
    response = login("verifikator").post(
        reverse("core-account-role-revoke", args=[me.uuid, assignment.uuid]), follow=True
    )
    assert messages_of(response) == [
        "You cannot revoke your own roles. Ask another officer or an administrator."
    ]
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_nav_shows_accounts_to_officers_only(login, world):
    assert "Accounts" in [
        i["label"] for i in login("verifikator").get(reverse("core-home")).context["nav_items"]
    ]
    assert "Accounts" not in [
        i["label"] for i in login("operator_a").get(reverse("core-home")).context["nav_items"]
    ]
