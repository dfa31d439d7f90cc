"""The migration that adds risalah_one_per_group_per_year resolves the duplicates made before it:
an empty second draft is deleted, the most advanced one stays; two written risalah of the same
group and year stop the migration with their list."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from reports import trend_tally
from risalah.methods import load_methods
from risalah.models import Meeting, Method, MethodStep, Risalah, Status
from tests.conftest import build_world

BEFORE = [("risalah", "0008_snapshot_filed")]
AFTER = [("risalah", "0010_one_risalah_per_year")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.fixture
def before_the_constraint(transactional_db):
    load_methods(Method, MethodStep)  # a transactional test empties every table afterwards
    world = build_world()
    # At 0008 the trend's summary table (reports.0003) does not exist: its receivers stay quiet.
    with trend_tally.deferred(recount=False):
        migrate(BEFORE)
        yield world
        migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def duplicate(world, **fields) -> Risalah:
    """A second risalah of group A for the world's year, as a second POST made it before the constraint."""
    return Risalah.objects.create(
        group=world.group_a, programme_year=world.year, method=world.risalah_a.method, **fields
    )


def test_an_empty_second_draft_is_deleted_and_the_advanced_one_stays(before_the_constraint):
    world = before_the_constraint
    Risalah.objects.filter(pk=world.risalah_a.pk).update(status=Status.SUBMITTED)
    empty = duplicate(world, theme="Dobel")
    migrate(AFTER)
    assert list(Risalah.objects.values_list("pk", flat=True)) == [world.risalah_a.pk]
    assert not Risalah.objects.filter(pk=empty.pk).exists()


def test_the_empty_one_goes_even_when_it_is_the_older(before_the_constraint):
    world = before_the_constraint
    written = duplicate(world, title="Judul yang sudah ditulis", version=3)
    migrate(AFTER)
    assert list(Risalah.objects.values_list("pk", flat=True)) == [written.pk]


def test_two_written_risalah_stop_the_migration(before_the_constraint):
    world = before_the_constraint
    second = duplicate(world, theme="Dobel")
    Meeting.objects.create(risalah=second, date="2026-04-01", duration_minutes=60, agenda="Rapat")
    with pytest.raises(RuntimeError, match=str(second.uuid)):
        migrate(AFTER)
    assert Risalah.objects.count() == 2  # nothing deleted
    second.delete()  # what the admin does before migrating again


def test_without_duplicates_the_constraint_is_added_and_holds(before_the_constraint):
    world = before_the_constraint
    duplicate(world, revision=2)  # a correction is another revision: not a duplicate
    migrate(AFTER)
    with pytest.raises(IntegrityError):
        duplicate(world)
    assert Risalah.objects.count() == 2
