"""Field-by-field history of records kept by django-simple-history, for people to read."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models

from core.timestamps import format_value


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    record: str
    changes: list[Change]


def _display(model, field_name: str, value) -> str:
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field removed since; show the raw value
        return "" if value is None else str(value)
    if value in (None, ""):
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(field, models.BooleanField):
        return "✓" if value else "✗"
    return format_value(value)


def _version(record):
    """The recorded version as a model instance, without a query.

    simple-history's ``record.instance`` reads the fields it does not record from the live row
    (one query per record) and leaves the relations unloaded, so ``str()`` of it queries again.
    Here the recorded fields are enough for a label, and the relations the records were fetched
    with (``select_related``) are handed to the instance.
    """
    model = record.instance_type
    fields = record.tracked_fields
    version = model(**{field.attname: getattr(record, field.attname) for field in fields})
    for field in fields:
        if field.is_relation and record._meta.get_field(field.name).is_cached(record):
            field.set_cached_value(version, getattr(record, field.name))
    return version


def entries(history_records, exclude: tuple[str, ...] = ()) -> list[HistoryEntry]:
    """Readable entries, newest first, from historical records of ONE model.

    ``history_records`` should be ordered newest first and select_related("history_user") and
    every relation the model's ``str()`` reads: then the entries take no further query.
    Each record is compared with the previous version of the same object.
    """
    records = list(history_records)
    by_object: dict = {}
    for record in reversed(records):  # oldest first, to pair each with its predecessor
        by_object.setdefault(record.id, []).append(record)
    previous = {}
    for versions in by_object.values():
        for before, after in zip(versions, versions[1:], strict=False):
            previous[after.history_id] = before
    result = []
    for record in records:
        model = record.instance_type
        before = previous.get(record.history_id)
        changes = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before, excluded_fields=list(exclude))
            changes = [
                Change(
                    field=str(model._meta.get_field(c.field).verbose_name),
                    old=_display(model, c.field, c.old),
                    new=_display(model, c.field, c.new),
                )
                for c in delta.changes
            ]
            if not changes:
                continue
        who = record.history_user.get_full_name() if record.history_user else ""
        result.append(
            HistoryEntry(record.history_date, who, record.history_type, str(_version(record)), changes)
        )
    return result
