"""Imports of units and accounts from a spreadsheet (XLSX or CSV).

Three stages, kept apart so that the preview and the confirmation run the same checks:

1. ``read_table`` turns the uploaded bytes into rows (spreadsheet row numbers kept), after
   checking that the file really is an XLSX workbook or a UTF-8 CSV text.
2. ``plan_unit_import`` / ``plan_account_import`` compare every row with the database and
   give each one an outcome (new, changed, unchanged) or its errors in words. They write
   nothing.
3. ``unit_import_apply`` / ``account_import_apply`` carry out a plan without errors in one
   transaction. The views build a fresh plan at confirmation time and apply that one.

Between preview and confirmation the uploaded file waits in a private folder under
MEDIA_ROOT (there is no MEDIA_URL: nothing there is served), or under imports/ in the bucket
with MEDIA_STORAGE=s3 (so that any app server can confirm), named by a random token that only
the uploader's session knows.
"""

from core.imports.accounts import (
    ACCOUNT_COLUMNS,
    ACCOUNT_REQUIRED,
    AccountImportPlan,
    account_import_apply,
    plan_account_import,
)
from core.imports.plans import Outcome
from core.imports.tables import (
    MAX_BYTES,
    MAX_ROWS,
    FileRejected,
    Table,
    read_table,
    stash_delete,
    stash_purge_stale,
    stash_read,
    stash_save,
)
from core.imports.units import (
    UNIT_COLUMNS,
    UNIT_REQUIRED,
    UnitImportPlan,
    plan_unit_import,
    unit_import_apply,
)

__all__ = [
    "ACCOUNT_COLUMNS",
    "ACCOUNT_REQUIRED",
    "MAX_BYTES",
    "MAX_ROWS",
    "UNIT_COLUMNS",
    "UNIT_REQUIRED",
    "AccountImportPlan",
    "FileRejected",
    "Outcome",
    "Table",
    "UnitImportPlan",
    "account_import_apply",
    "plan_account_import",
    "plan_unit_import",
    "read_table",
    "stash_delete",
    "stash_purge_stale",
    "stash_read",
    "stash_save",
    "unit_import_apply",
]
