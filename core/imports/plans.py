"""What the unit and account plans share: rows with an outcome or their errors."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.imports.tables import (
    TableRow,
    _collapse,
)


class Outcome:
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"

    LABELS = {
        NEW: gettext_lazy("new"),
        CHANGED: gettext_lazy("changed"),
        UNCHANGED: gettext_lazy("unchanged"),
        ERROR: gettext_lazy("error"),
    }


# --- Plans shared parts -----------------------------------------------------------------


@dataclass
class PlanRow:
    number: int
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outcome: str = Outcome.UNCHANGED

    @property
    def outcome_label(self):
        return Outcome.LABELS[self.outcome]

    def error(self, message: str, **params) -> None:
        self.errors.append(message % {"row": self.number, **params})


@dataclass
class Plan:
    rows: list
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list:
        return [row for row in self.rows if row.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.error_rows

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in Outcome.LABELS}

    @property
    def has_changes(self) -> bool:
        return any(row.outcome in (Outcome.NEW, Outcome.CHANGED) for row in self.rows)

    @property
    def fingerprint(self) -> str:
        """A digest of what the preview showed; the confirmation must match it."""
        summary = [(row.number, row.outcome, row.changes, row.errors) for row in self.rows]
        return hashlib.sha256(json.dumps(summary, default=str).encode()).hexdigest()


def _finish_outcome(row: PlanRow, *, is_new: bool) -> None:
    if row.errors:
        row.outcome = Outcome.ERROR
    elif is_new:
        row.outcome = Outcome.NEW
    elif row.changes:
        row.outcome = Outcome.CHANGED
    else:
        row.outcome = Outcome.UNCHANGED


def _check_lossy(row: PlanRow, table_row: TableRow) -> None:
    for column in sorted(table_row.lossy):
        row.error(
            _(
                "row %(row)d: column '%(column)s' holds a long number that the spreadsheet may have "
                "rounded; format the column as text and type the value again"
            ),
            column=column,
        )


def _duplicates(rows, key) -> dict[str, list[int]]:
    """Row numbers per key value that occurs more than once (empty values ignored)."""
    numbers: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        value = key(row)
        if value:
            numbers[value].append(row.number)
    return {value: found for value, found in numbers.items() if len(found) > 1}


def _fold(text: str) -> str:
    return _collapse(text).casefold()
