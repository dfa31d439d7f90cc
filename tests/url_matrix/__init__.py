"""The URL x persona matrix.

Every URL pattern of the portal has a row in one of this package's modules (one module per
area: ``core.py``, ``groups.py``, ...). A row names the URL, how to build its arguments from
the test world, the HTTP method, and the status each persona must get. ``tests/test_url_matrix.py``
walks every row for every persona and fails when a URL pattern has no row.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = ("anonymous", "operator_a", "pimpinan_a", "verifikator", "outsider", "admin", "jury")


@dataclass(frozen=True)
class Row:
    name: str
    expect: dict[str, int]
    kwargs: Callable = field(default=lambda world: {})
    method: str = "get"
    data: Callable = field(default=lambda world: {})
    query: str = ""

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expect)
        if missing:
            raise ValueError(f"row {self.name} has no expectation for {sorted(missing)}")


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Expectations for every persona: ``default`` for all, anonymous redirected to log in.

    The jury persona (a guest on a jury: no role, no unit) gets what the outsider gets unless
    a row says otherwise: like the outsider it holds no role where the world's objects are.
    """
    table = dict.fromkeys(PERSONAS, default)
    table["anonymous"] = 302
    table.update(overrides)
    if "jury" not in overrides:
        table["jury"] = table["outsider"]
    return table


def all_rows() -> list[Row]:
    rows: list[Row] = []
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        rows.extend(module.ROWS)
    return rows
