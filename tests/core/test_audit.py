from django.urls import reverse

from core.audit import record
from core.models import AuditAction, AuditEvent, Role
from core.services import role_grant, role_revoke


def test_login_and_failed_login_are_logged(world, client):
    user = world.users["operator_a"]
    user.set_password("benar-sekali-123")
    user.save()
    client.post(reverse("login"), {"username": "operator_a", "password": "salah"}, REMOTE_ADDR="10.1.2.3")
    client.post(
        reverse("login"), {"username": "operator_a", "password": "benar-sekali-123"}, REMOTE_ADDR="10.1.2.3"
    )
    events = list(
        AuditEvent.objects.order_by("pk").values_list("action", "actor_name", "ip_address", "actor")
    )
    assert events == [
        (AuditAction.LOGIN_FAILED, "operator_a", "10.1.2.3", None),
        (AuditAction.LOGIN, "operator_a", "10.1.2.3", user.pk),
    ]


def test_role_grant_and_revoke_are_logged(world):
    admin = world.users["admin"]
    target = world.users["outsider"]
    assignment = role_grant(user=target, role=Role.PIMPINAN, unit=world.unit_a, by=admin)
    role_revoke(assignment=assignment, by=admin)
    events = list(
        AuditEvent.objects.order_by("pk").values_list("action", "actor", "target", "unit", "details")
    )
    assert events == [
        (AuditAction.ROLE_GRANT, admin.pk, str(target), world.unit_a.pk, {"role": "pimpinan"}),
        (AuditAction.ROLE_REVOKE, admin.pk, str(target), world.unit_a.pk, {"role": "pimpinan"}),
    ]


def test_audit_log_page_lists_and_filters_events(login, world):
    role_grant(user=world.users["outsider"], role=Role.PIMPINAN, unit=world.unit_a, by=world.users["admin"])
    client = login("admin")
    html = client.get(reverse("core-audit-log")).content.decode()
    assert "Peran diberikan" in html or "Role granted" in html
    filtered = client.get(reverse("core-audit-log"), {"action": AuditAction.LOGIN}).content.decode()
    assert str(world.users["outsider"]) not in filtered


def test_audit_log_is_for_admins_only(login, world):
    role_grant(user=world.users["outsider"], role=Role.PIMPINAN, unit=world.unit_a, by=world.users["admin"])
    response = login("verifikator").get(reverse("core-audit-log"))
    html = response.content.decode()
    assert response.status_code == 403
    assert str(world.users["outsider"]) not in html
    # and the menu does not offer it to a non-admin
    assert reverse("core-audit-log") not in login("verifikator").get(reverse("core-home")).content.decode()


def test_the_audit_log_has_no_n_plus_one(login, world, django_assert_num_queries):
    """One event or three, each with its own actor and unit: the same queries."""
    # 9 queries: the page's keys, then its rows by key (core.pagination.KeyPaginator).
    AuditEvent.objects.all().delete()
    client = login("admin")
    people = [world.users[persona] for persona in ("operator_a", "pimpinan_a", "outsider")]
    units = [world.unit_a, world.unit_a1, world.unit_b]

    def add_event(number):
        record(
            action=AuditAction.ROLE_GRANT,
            actor=people[number],
            target=f"Sasaran uji {number}",
            unit=units[number],
        )

    add_event(0)
    client.get(reverse("core-audit-log"))  # warm up (session)
    with django_assert_num_queries(9):
        page = client.get(reverse("core-audit-log")).content.decode()
    assert page.count("Sasaran uji ") == 1
    add_event(1)
    add_event(2)
    with django_assert_num_queries(9):
        page = client.get(reverse("core-audit-log")).content.decode()
    assert [f"Sasaran uji {number}" in page for number in range(3)] == [True] * 3
    assert all(str(unit) in page for unit in units)
