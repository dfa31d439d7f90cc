"""The one status writer: risalah.transitions.transition, and that nothing else writes a status."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from core.models import AuditAction, AuditEvent
from risalah import transitions
from risalah.models import Risalah, Status
from risalah.review import risalah_new_revision, risalah_start_review, risalah_verify
from risalah.services import risalah_submit

ROOT = Path(__file__).resolve().parents[2]
WRITER = ROOT / "risalah" / "transitions.py"


def with_status(risalah: Risalah, status: str) -> Risalah:
    Risalah.objects.filter(pk=risalah.pk).update(status=status)
    risalah.refresh_from_db()
    return risalah


def status_rows(risalah: Risalah) -> tuple[list, list]:
    """The Transition rows and the status rows of the audit log of ``risalah``."""
    return (
        list(risalah.transitions.values_list("from_status", "to_status")),
        list(
            AuditEvent.objects.filter(action=AuditAction.STATUS_CHANGE, target=str(risalah))
            .order_by("pk")
            .values_list("details", flat=True)
        ),
    )


def test_a_change_the_status_does_not_allow_is_refused_and_writes_nothing(world):
    risalah = with_status(world.risalah_a, Status.DRAFT)
    with translation.override("en"), pytest.raises(ValidationError) as refused, transaction.atomic():
        transitions.transition(
            risalah=risalah, to=Status.VERIFIED, allowed_from=Status.REVIEWABLE, by=world.users["verifikator"]
        )
    assert (refused.value.code, refused.value.messages) == (
        "invalid_transition",
        ["This risalah is draft; it cannot be verified now."],
    )
    assert Risalah.objects.get(pk=risalah.pk).status == Status.DRAFT
    assert status_rows(risalah) == ([], [])


def test_the_allowed_from_check_reads_the_stored_status_not_the_callers_copy(world):
    """A stale object (another request moved the risalah on) does not let a change through."""
    risalah = world.risalah_a
    Risalah.objects.filter(pk=risalah.pk).update(status=Status.VERIFIED)
    assert risalah.status == Status.DRAFT  # the caller's copy is stale
    with pytest.raises(ValidationError), transaction.atomic():
        transitions.transition(
            risalah=risalah, to=Status.SUBMITTED, allowed_from=Status.EDITABLE, by=world.users["operator_a"]
        )
    assert risalah.status == Status.VERIFIED  # the lock put the stored status on it
    assert status_rows(risalah) == ([], [])


def test_a_change_writes_one_transition_and_one_audit_row_in_the_callers_transaction(world):
    risalah = with_status(world.risalah_a, Status.SUBMITTED)
    verifikator = world.users["verifikator"]

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        change = transitions.transition(
            risalah=risalah,
            to=Status.IN_REVIEW,
            allowed_from={Status.SUBMITTED},
            by=verifikator,
            note="Mulai.",
        )
        assert (change.from_status, change.to_status, change.by, change.note) == (
            Status.SUBMITTED,
            Status.IN_REVIEW,
            verifikator,
            "Mulai.",
        )
        assert risalah.status == Status.IN_REVIEW
        assert Risalah.objects.get(pk=risalah.pk).status == Status.IN_REVIEW
        assert status_rows(risalah) == (
            [(Status.SUBMITTED, Status.IN_REVIEW)],
            [{"from_status": "submitted", "to_status": "in_review"}],
        )
        raise Undo  # the caller's transaction fails after the change: all of it goes
    assert Risalah.objects.get(pk=risalah.pk).status == Status.SUBMITTED
    assert status_rows(risalah) == ([], [])


def test_the_first_submission_stamps_submitted_at_and_a_later_one_keeps_it(world):
    risalah = world.risalah_a
    operator, verifikator = world.users["operator_a"], world.users["verifikator"]
    with transaction.atomic():
        transitions.transition(
            risalah=risalah, to=Status.SUBMITTED, allowed_from=Status.EDITABLE, by=operator
        )
    first = Risalah.objects.get(pk=risalah.pk).submitted_at
    assert first is not None and risalah.submitted_at == first
    with transaction.atomic():
        transitions.transition(
            risalah=risalah, to=Status.RETURNED, allowed_from=Status.REVIEWABLE, by=verifikator
        )
        transitions.transition(
            risalah=risalah, to=Status.SUBMITTED, allowed_from=Status.EDITABLE, by=operator
        )
    assert Risalah.objects.get(pk=risalah.pk).submitted_at == first
    assert status_rows(risalah) == (
        [
            (Status.DRAFT, Status.SUBMITTED),
            (Status.SUBMITTED, Status.RETURNED),
            (Status.RETURNED, Status.SUBMITTED),
        ],
        [
            {"from_status": "draft", "to_status": "submitted", "late": False},
            {"from_status": "submitted", "to_status": "returned"},
            {"from_status": "returned", "to_status": "submitted", "late": False},
        ],
    )


def test_the_services_write_their_status_rows_through_the_writer(submitted, world):
    """Submit, review, verify and a new revision: one Transition and one audit row per change."""
    verifikator = world.users["verifikator"]
    risalah_start_review(risalah=submitted, by=verifikator)
    risalah_verify(risalah=submitted, by=verifikator, note="Lengkap.")
    copy = risalah_new_revision(risalah=submitted, by=world.users["operator_a"])
    assert str(copy) == str(submitted)  # the audit rows of both are found by the same target
    late = submitted.transitions.get(to_status=Status.SUBMITTED).late
    assert status_rows(submitted) == (
        [
            (Status.DRAFT, Status.SUBMITTED),
            (Status.SUBMITTED, Status.IN_REVIEW),
            (Status.IN_REVIEW, Status.VERIFIED),
        ],
        [
            {"from_status": "draft", "to_status": "submitted", "late": late},
            {"from_status": "submitted", "to_status": "in_review"},
            {"from_status": "in_review", "to_status": "verified"},
            # The new revision is born a draft: no Transition, but the log shows where it came from.
            {"from_status": "verified", "to_status": "draft", "revision": 2},
        ],
    )
    assert list(copy.transitions.all()) == []


def test_a_second_submit_of_a_submitted_risalah_writes_nothing(submitted, world):
    before = status_rows(submitted)
    with pytest.raises(Exception, match="can no longer be changed"), translation.override("en"):
        risalah_submit(risalah=submitted, by=world.users["operator_a"])
    assert status_rows(submitted) == before


def _source_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {"tests", ".venv", "node_modules"} or "migrations" in parts:
            continue
        yield path


def _root_name(node: ast.AST) -> str | None:
    """``Risalah`` for ``Risalah.objects.filter(...).update``: the name the chain starts from."""
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _status_writes(path: Path) -> list[str]:
    """The lines of ``path`` that do what only the writer may: create a Transition, record a
    status audit row, or store a risalah's status (reading and filtering by it is fine)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, root = node.func.attr, _root_name(node.func.value)
        keywords = {keyword.arg: ast.unparse(keyword.value) for keyword in node.keywords}
        if root == "Transition" and method in {"create", "bulk_create", "get_or_create"}:
            found.append(f"{node.lineno}: Transition.{method}")
        if root == "audit" and method == "record" and keywords.get("action") == "AuditAction.STATUS_CHANGE":
            found.append(f"{node.lineno}: audit.record(action=AuditAction.STATUS_CHANGE)")
        if root == "Risalah" and method == "update" and "status" in keywords:
            found.append(f"{node.lineno}: Risalah.update(status=...)")
        if method == "save" and "status" in keywords.get("update_fields", "") and "risalah" in path.parts:
            found.append(f"{node.lineno}: save(update_fields=[... status ...])")
    return found


def test_nothing_but_the_writer_creates_transitions_or_status_audit_rows():
    """Every status change goes through risalah.transitions; a second writer would skip its lock,
    its allowed-from check or one of its two rows."""
    writes = {
        str(path.relative_to(ROOT)): found
        for path in _source_files()
        if path != WRITER and (found := _status_writes(path))
    }
    assert writes == {}
    # The scan finds the writer's own writes, so it would find another module's.
    assert [found.split(": ", 1)[1] for found in _status_writes(WRITER)] == [
        "Transition.create",
        "save(update_fields=[... status ...])",
        "audit.record(action=AuditAction.STATUS_CHANGE)",
    ]
