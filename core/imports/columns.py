"""What the upload page says about each column of an import template."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ColumnHelp:
    name: str
    required: bool
    meaning: str
