"""reports.tally_marks: a recount marked for the commit runs once per key, after the commit or
earlier on a read, and one that fails leaves the commit and the other recounts alone."""

import logging

import pytest

from reports.tally_marks import flush, mark_for_commit, pending

pytestmark = pytest.mark.django_db


def test_each_key_is_counted_once_on_commit(django_capture_on_commit_callbacks):
    counted = []
    with django_capture_on_commit_callbacks(execute=True):
        mark_for_commit(("2026", "a"), counted.append)
        mark_for_commit(("2026", "a"), counted.append)
        mark_for_commit(("2026", "b"), counted.append)
        assert counted == []  # nothing before the commit
    assert counted == [("2026", "a"), ("2026", "b")]


def test_a_read_counts_first_and_the_commit_does_not_count_again(django_capture_on_commit_callbacks):
    counted = []
    with django_capture_on_commit_callbacks(execute=True):
        mark_for_commit("year", counted.append)
        flush()
        assert counted == ["year"] and pending() == []
        mark_for_commit("year", counted.append)  # a later change in the same transaction
    assert counted == ["year", "year"]


def test_a_failing_recount_is_logged_and_the_others_still_run(django_capture_on_commit_callbacks, caplog):
    counted = []

    def fails(key):
        raise RuntimeError(f"could not count {key}")

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        mark_for_commit("broken", fails)
        mark_for_commit("fine", counted.append)
    assert counted == ["fine"]
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert "could not count broken" in caplog.text
