"""Recounts of the stored per-unit rows left for the writer's commit: :mod:`reports.trend_tally`
marks what a save changed (:func:`mark_for_commit`), Django runs each mark once when the
transaction commits (``on_commit``, which forgets it when its savepoint rolls back), and a reader
of the stored rows in that transaction counts the marks first (:func:`flush`, through
``reports.queries.stored_rows_ready``). Apart from the counting itself (passed in), so that the
readers, in :mod:`reports.queries`, import it without importing what counts with their queries."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from django.db import connection, transaction


class _Recount:
    """A pending count of ``key``, run once: on commit or by :func:`flush`."""

    def __init__(self, key: Hashable, count: Callable[[Hashable], None]):
        self.key = key
        self.count = count
        self.done = False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            self.count(self.key)


def pending() -> list[_Recount]:
    """The marks of the open transaction not counted yet."""
    # Django keeps (savepoint ids, callback, robust) per on_commit() of the open transaction.
    return [
        func
        for _sids, func, _robust in connection.run_on_commit
        if isinstance(func, _Recount) and not func.done
    ]


def mark_for_commit(key: Hashable, count: Callable[[Hashable], None]) -> None:
    """Have ``count(key)`` run when the transaction commits (at once outside a transaction),
    or earlier by :func:`flush`; a key already marked in this transaction is not marked again.

    Robust: by then the writer's change is committed, so a count that fails does not fail the
    request that saved it (nor the other counts); Django logs it as an error (mailed to
    ``ADMINS``) and ``manage.py recount_tallies`` repairs the rows."""
    if not any(mark.key == key for mark in pending()):
        transaction.on_commit(_Recount(key, count), robust=True)


def flush() -> None:
    """Count now what was marked for the commit (no query when nothing is pending)."""
    for mark in pending():
        mark()
