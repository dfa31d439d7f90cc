"""What the unit and account plans share: rows with an outcome or their errors."""

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

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
    warnings: list[str] = field(default_factory=list)  # to check before confirming; not errors
    outcome: str = Outcome.UNCHANGED

    @property
    def outcome_label(self):
        return Outcome.LABELS[self.outcome]

    def error(self, message: str, **params) -> None:
        self.errors.append(message % {"row": self.number, **params})

    def warn(self, message: str, **params) -> None:
        self.warnings.append(message % {"row": self.number, **params})


@dataclass
class Plan:
    rows: list
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list:
        return [row for row in self.rows if row.errors]

    @property
    def warning_rows(self) -> list:
        return [row for row in self.rows if row.warnings]

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
        summary = [(row.number, row.outcome, row.changes, row.errors, row.warnings) for row in self.rows]
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


def code_key(code: str) -> str:
    """Unit codes compare without regard to case, as the database does (unit_code_unique_ci)."""
    return code.lower()


NUMERIC_CODE = re.compile(r"^\d+(?:\.\d+)?$")


def _number_of(code: str) -> Decimal | None:
    return Decimal(code) if NUMERIC_CODE.match(code) else None


class CodeIndex:
    """Unit codes as the portal spells them, found by any spelling of a row.

    ``find`` compares case-insensitively (``pkm-02`` is ``PKM-02``). A code that the
    spreadsheet stored as a number (``3523.1``, typed as ``3523.10``; ``123`` for ``0123``)
    is also found by its value when no code matches it as text.
    """

    def __init__(self, codes: Iterable[str] = ()):
        self.by_key: dict[str, str] = {}
        self.by_number: dict[Decimal, set[str]] = defaultdict(set)
        for code in codes:
            self.add(code)

    def add(self, code: str) -> None:
        self.by_key.setdefault(code_key(code), code)
        number = _number_of(code)
        if number is not None:
            self.by_number[number].add(code)

    def find(self, text: str, *, stored_as_number: bool = False) -> str | None:
        if not text:
            return None
        found = self.by_key.get(code_key(text))
        if found is None and stored_as_number:
            number = _number_of(text)
            candidates = self.by_number.get(number, set()) if number is not None else set()
            if len(candidates) == 1:
                found = next(iter(candidates))
        return found


def _warn_numbers(row: PlanRow, table_row: TableRow, columns: Iterable[str]) -> None:
    """Warn that a code column held a number: the spreadsheet may have changed it."""
    for column in columns:
        if column in table_row.numbers and column not in table_row.lossy:
            row.warn(
                _(
                    "row %(row)d: column '%(column)s' holds the number %(number)s, read as '%(text)s'; "
                    "a spreadsheet drops trailing and leading zeros of numbers, so check the code "
                    "or format the column as text"
                ),
                column=column,
                number=table_row.numbers[column],
                text=table_row.values[column],
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
