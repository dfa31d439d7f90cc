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


def _display(model, field_name: str, value, labels: dict | None = None) -> str:
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a field removed since; show the raw value
        return "" if value is None else str(value)
    if value in (None, ""):
        return "—"
    if (field.many_to_one or field.one_to_one) and labels is not None:
        return labels.get((field.related_model, value), str(value))
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


def _related_labels(model, deltas) -> dict:
    """``{(related model, pk): label}`` for every changed foreign key in ``deltas``: one query
    per related model, whatever the number of records (a changed unit or ASN reads as its name,
    not its number). A related row deleted since keeps its number."""
    wanted: dict = {}
    for delta in deltas:
        for change in delta.changes:
            field = model._meta.get_field(change.field)
            if field.many_to_one or field.one_to_one:
                wanted.setdefault(field.related_model, set()).update(
                    value for value in (change.old, change.new) if value not in (None, "")
                )
    labels = {}
    for related_model, pks in wanted.items():
        for pk, obj in related_model._default_manager.in_bulk(pks).items():
            labels[(related_model, pk)] = str(obj)
    return labels


def entries(history_records, exclude: tuple[str, ...] = ()) -> list[HistoryEntry]:
    """Readable entries, newest first, from historical records of ONE model.

    ``history_records`` should be ordered newest first and select_related("history_user") and
    every relation the model's ``str()`` reads: then the entries take one further query per
    model a changed foreign key points at (``_related_labels``), whatever their number.
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
    deltas = {}
    for record in records:
        before = previous.get(record.history_id)
        if before is not None and record.history_type == "~":
            deltas[record.history_id] = record.diff_against(before, excluded_fields=list(exclude))
    model = records[0].instance_type if records else None
    labels = _related_labels(model, deltas.values()) if deltas else {}
    result = []
    for record in records:
        changes = []
        if record.history_id in deltas:
            changes = [
                Change(
                    field=str(model._meta.get_field(c.field).verbose_name),
                    old=_display(model, c.field, c.old, labels),
                    new=_display(model, c.field, c.new, labels),
                )
                for c in deltas[record.history_id].changes
            ]
            if not changes:
                continue
        who = record.history_user.get_full_name() if record.history_user else ""
        result.append(
            HistoryEntry(record.history_date, who, record.history_type, str(_version(record)), changes)
        )
    return result
