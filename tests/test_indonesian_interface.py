"""English that leaked into the Indonesian interface, each case found by rendering the pages in
Indonesian: Django's empty select choice, the schedule's "Week", the audit log's detail keys,
and raw UTC timestamps on the history pages."""

import ast
from datetime import UTC, date, datetime
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core import audit
from core.models import AuditEvent, Role
from core.services import role_grant
from core.timestamps import format_timestamp, format_value
from demo.example_evidence import add_example_evidence
from demo.example_risalah import build_example_risalah
from risalah.charts import schedule
from risalah.models import Risalah
from risalah.services import risalah_submit
from tests.conftest import without_risalah

MOMENT = datetime(2026, 7, 18, 3, 42, tzinfo=UTC)  # 10.42 in Jakarta


def test_a_select_offers_its_empty_choice_in_indonesian(login):
    html = login("operator_a").get(reverse("groups-create")).content.decode()
    assert '<option value="" selected>- Pilih salah satu -</option>' in html
    assert "Select an option" not in html


def test_the_schedule_header_is_translated():
    with translation.override("id"):
        svg = schedule([("Langkah 1", [1], [1])], 4)
    assert "Langkah / Minggu" in svg and "Week" not in svg


def test_a_timestamp_is_local_time_with_the_zone():
    with translation.override("id"):
        assert format_timestamp(MOMENT) == "18 Juli 2026 10.42 WIB"
        assert format_value([date(2026, 1, 12), 3]) == "12 Januari 2026, 3"
        assert format_timestamp(None) == "—"
    with translation.override("en"):
        assert format_timestamp(MOMENT) == "18 July 2026 10:42 WIB"


def test_the_risalah_history_shows_times_as_people_read_them(world, login):
    operator = world.users["operator_a"]
    without_risalah(world)  # one risalah per group and year: the example takes the draft's place
    risalah = build_example_risalah(group=world.group_a, programme_year=world.year, by=operator)
    add_example_evidence(risalah=risalah, by=operator)
    risalah_submit(risalah=Risalah.objects.get(pk=risalah.pk), by=operator)
    risalah = Risalah.objects.get(pk=risalah.pk)
    html = login("verifikator").get(reverse("risalah-history", args=[risalah.uuid])).content.decode()
    with translation.override("id"):
        submitted = format_timestamp(risalah.submitted_at)
    assert submitted.endswith(" WIB")
    assert f"diajukan pada:</span> <del>—</del> → {submitted}" in html
    assert "+00:00" not in html and "submitted at" not in html


def test_the_audit_log_shows_detail_keys_and_values_in_words(world, login):
    role_grant(user=world.users["outsider"], role=Role.PIMPINAN, unit=world.unit_a, by=world.users["admin"])
    event = AuditEvent.objects.get()
    AuditEvent.objects.filter(pk=event.pk).update(
        at=MOMENT, details={**event.details, "to_status": "verified"}
    )
    html = login("admin").get(reverse("core-audit-log")).content.decode()
    assert '<small class="text-body-secondary">peran: Pimpinan</small>' in html
    assert '<small class="text-body-secondary">status baru: Terverifikasi</small>' in html
    assert "18 Juli 2026 10.42 WIB" in html
    assert "role:" not in html and "to_status" not in html


def _recorded_detail_keys() -> set[str]:
    """Every keyword given to audit.record anywhere in the source (besides its own arguments)."""
    own = {"action", "actor", "target", "unit", "request", "actor_name"}
    keys = set()
    for app in ("core", "groups", "risalah", "events", "reports"):
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                # audit.record(...) only: other modules have a record() of their own (snapshots).
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "record"
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "audit"
                ):
                    keys |= {keyword.arg for keyword in node.keywords if keyword.arg} - own
    return keys


def test_every_detail_key_the_portal_records_has_a_label():
    keys = _recorded_detail_keys()
    assert {"role", "from_status", "to_status"} <= keys
    assert sorted(keys - set(audit.DETAIL_LABELS)) == []
