"""``RisalahSnapshot.is_latest`` (the dashboard reads the newest snapshot of a risalah through it)
always equals a recount from the snapshots' moments, after every service that writes a snapshot;
the migration that added it flags the snapshots written before."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from risalah.methods import load_methods
from risalah.models import Method, MethodStep, Risalah, RisalahSnapshot, Status, Transition
from risalah.review import risalah_new_revision, risalah_return, risalah_start_review, risalah_verify
from risalah.services import risalah_submit
from tests.conftest import build_world
from tests.risalah.conftest import add_meetings, members


def flagged() -> dict[int, list[int]]:
    """The snapshots flagged newest, by risalah."""
    result: dict[int, list[int]] = {}
    for risalah_id, pk in RisalahSnapshot.objects.filter(is_latest=True).values_list("risalah", "pk"):
        result.setdefault(risalah_id, []).append(pk)
    return result


def recount() -> dict[int, list[int]]:
    """The newest snapshot of each risalah that has one, by created_at then pk."""
    newest: dict[int, RisalahSnapshot] = {}
    for snapshot in RisalahSnapshot.objects.all():
        best = newest.get(snapshot.risalah_id)
        if best is None or (snapshot.created_at, snapshot.pk) > (best.created_at, best.pk):
            newest[snapshot.risalah_id] = snapshot
    return {risalah_id: [snapshot.pk] for risalah_id, snapshot in newest.items()}


def another_snapshot(risalah, by) -> RisalahSnapshot:
    """A snapshot written outside record() (not flagged), with a transition of its own."""
    change = Transition.objects.create(
        risalah=risalah, from_status=risalah.status, to_status=risalah.status, by=by
    )
    return RisalahSnapshot.objects.create(risalah=risalah, transition=change)


def test_the_flag_follows_submit_return_resubmit_verify_and_a_new_revision(
    submitted, world, django_capture_on_commit_callbacks
):
    verifikator = world.users["verifikator"]
    assert flagged() == recount() != {}
    with django_capture_on_commit_callbacks(execute=True):
        risalah_return(risalah=submitted, by=verifikator, note="Perbaiki.")
    assert flagged() == recount()  # a return writes no snapshot: the submission's stays the newest
    risalah_submit(risalah=submitted, by=world.users["operator_a"])
    assert RisalahSnapshot.objects.count() == 2
    assert flagged() == recount()
    risalah_start_review(risalah=submitted, by=verifikator)
    with django_capture_on_commit_callbacks(execute=True):
        risalah_verify(risalah=submitted, by=verifikator)
    assert RisalahSnapshot.objects.count() == 3
    assert flagged() == recount()
    revision = risalah_new_revision(risalah=submitted, by=world.users["operator_a"])
    risalah_submit(risalah=revision, by=world.users["operator_a"])
    assert RisalahSnapshot.objects.count() == 4
    assert flagged() == recount()
    assert set(flagged()) == {submitted.pk, revision.pk}


def test_a_risalah_filed_before_snapshots_gets_its_flag_when_verified(ready, world):
    Risalah.objects.filter(pk=ready.pk).update(status=Status.SUBMITTED)
    ready.refresh_from_db()
    risalah_verify(risalah=ready, by=world.users["verifikator"])
    assert flagged() == recount() == {ready.pk: [RisalahSnapshot.objects.get().pk]}


def test_a_second_newest_snapshot_of_a_risalah_is_refused(submitted, world):
    copy = another_snapshot(submitted, world.users["verifikator"])
    with pytest.raises(IntegrityError), transaction.atomic():
        RisalahSnapshot.objects.filter(pk=copy.pk).update(is_latest=True)


# --- the migration ---------------------------------------------------------------------------------

BEFORE = [("risalah", "0011_snapshot_filed_counts")]
AFTER = [("risalah", "0012_snapshot_is_latest")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def filed_twice(transactional_db):
    """Group A's risalah submitted and verified (two snapshots), then the schema before the flag."""
    load_methods(Method, MethodStep)  # a transactional test empties every table afterwards
    world = build_world()
    risalah = world.risalah_a
    people = [member.person for member in members(world)[:5]]
    add_meetings(risalah, people)
    Risalah.objects.filter(pk=risalah.pk).update(status=Status.SUBMITTED)
    risalah.refresh_from_db()
    risalah_verify(risalah=risalah, by=world.users["verifikator"])
    # Time does not always move on between two snapshots: the newer pk wins a tie.
    first = RisalahSnapshot.objects.get()
    second = another_snapshot(risalah, world.users["verifikator"])
    RisalahSnapshot.objects.filter(pk=second.pk).update(created_at=first.created_at)
    migrate(BEFORE)
    yield world, first, second
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_migration_flags_the_newest_snapshot_of_every_risalah(filed_twice):
    world, first, second = filed_twice
    migrate(AFTER)
    assert flagged() == recount() == {world.risalah_a.pk: [second.pk]}
