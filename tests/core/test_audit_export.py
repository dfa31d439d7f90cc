"""The audit log exports what it shows (core.tables.AUDIT_LOG): admins only, the filtered
events cell by cell, in Jakarta time, with their details in words."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from core.audit import record
from core.models import AuditAction, AuditEvent
from tests.export_files import button_summary, csv_rows, workbook_of, xlsx_rows

AUDIT_LOG = reverse("core-audit-log")
HEADER = ["When", "Who", "Action", "On what", "Details", "Unit", "IP address"]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _event(at: datetime, **fields) -> AuditEvent:
    event = record(**fields)
    AuditEvent.objects.filter(pk=event.pk).update(at=at)
    return event


@pytest.fixture
def admin(login):
    return login("admin")  # before the events: logging in is an event too


@pytest.fixture
def events(world, admin):
    """Three events on known days (in UTC; Jakarta is seven hours ahead), and nothing else."""
    AuditEvent.objects.all().delete()
    _event(
        datetime(2026, 3, 1, 2, 30, tzinfo=UTC),
        action=AuditAction.LOGIN,
        actor=world.users["operator_a"],
        ip_address="10.1.2.3",
    )
    _event(
        datetime(2026, 3, 2, 18, 15, tzinfo=UTC),  # 01.15 on 3 March in Jakarta
        action=AuditAction.ROLE_GRANT,
        actor=world.users["admin"],
        target='=cmd|"/c calc"!A1',
        unit=world.unit_a,
        role="pimpinan",
    )
    _event(
        datetime(2026, 3, 5, 9, 0, tzinfo=UTC),
        action=AuditAction.LOGIN_FAILED,
        actor=None,
        actor_name="tamu",
        ip_address="10.9.9.9",
    )


def test_the_audit_export_holds_every_event_newest_first_cell_by_cell(admin, world, events):
    client = admin

    page = client.get(AUDIT_LOG).content.decode()
    response = client.get(AUDIT_LOG, {"format": "xlsx"})

    assert response["Content-Disposition"].startswith('attachment; filename="log-audit-')
    sheet = workbook_of(response)
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        HEADER,
        [datetime(2026, 3, 5, 16, 0), "tamu", "Failed login", None, None, None, "10.9.9.9"],
        [
            datetime(2026, 3, 3, 1, 15),
            "admin",
            "Role granted",
            '=cmd|"/c calc"!A1',
            "role: Pimpinan",
            "Dinkes",
            None,
        ],
        [datetime(2026, 3, 1, 9, 30), "operator_a", "Logged in", None, None, None, "10.1.2.3"],
    ]
    assert [cell.data_type for cell in sheet[3]] == ["d", "s", "s", "s", "s", "s", "n"]
    assert button_summary(page) == (3, 7)


def test_a_filtered_audit_export_has_exactly_the_filtered_rows(admin, world, events):
    client = admin
    filters = {"date_from": "2026-03-03", "date_to": "2026-03-04"}  # Jakarta days

    page = client.get(AUDIT_LOG, filters).content.decode()
    rows = csv_rows(client.get(AUDIT_LOG, {**filters, "format": "csv"}))

    assert rows == [
        HEADER,
        ["2026-03-03 01:15", "admin", "Role granted", '\'=cmd|"/c calc"!A1', "role: Pimpinan", "Dinkes", ""],
    ]
    assert button_summary(page) == (1, 7)
    exported = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (exported.actor, exported.target.split(": ")[0], exported.details) == (
        world.users["admin"],
        "Audit log",
        {"rows": 1, "format": "csv", "columns": 7, "filters": "date_from=2026-03-03&date_to=2026-03-04"},
    )


def test_an_invalid_date_range_filters_nothing_as_on_the_page(admin, world, events):
    rows = xlsx_rows(
        admin.get(AUDIT_LOG, {"date_from": "2026-03-05", "date_to": "2026-03-01", "format": "xlsx"})
    )
    assert len(rows) == 4


@pytest.mark.parametrize("persona", ["verifikator", "operator_a", "outsider", "jury"])
def test_nobody_but_an_admin_exports_the_audit_log(login, world, events, persona):
    response = login(persona).get(AUDIT_LOG, {"format": "csv"})

    assert response.status_code == 403
    assert "tamu" not in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_audit_export_queries_do_not_grow_with_events(login, world, django_assert_num_queries, file_format):
    client = login("admin")
    AuditEvent.objects.all().delete()
    people = [world.users[persona] for persona in ("operator_a", "pimpinan_a", "outsider")]
    units = [world.unit_a, world.unit_a1, world.unit_b]
    counts = []
    for count in (1, 3):
        for number in range(count):
            record(action=AuditAction.ROLE_GRANT, actor=people[number], target="uji", unit=units[number])
        with django_assert_num_queries(9 if file_format == "csv" else 8) as captured:
            response = client.get(AUDIT_LOG, {"format": file_format})
            rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
        counts.append((len(captured), sum(row[3] == "uji" for row in rows)))
    assert counts[0][0] == counts[1][0]
    assert [found for _queries, found in counts] == [1, 4]
