"""Retention of uploaded files: which stored files no row needs any more.

A file of a ``FileField`` (a group's logo, a GroupYear's SK scan, a risalah's attachment and its
thumbnail, ...) is needed while a current row or a history row (django-simple-history keeps the
file's name in its historical tables) names it. Replacing a logo leaves the old file on the
storage: a history row still names it, so the group's history can show it; once that history is
pruned (``clean_old_history``) or the rows are gone, nothing names it and ``purge_media`` may
remove it.

Only the folders the file fields upload to are looked at (``groups/logos/``, ``groups/sk/``,
``risalah/``, ...), never the rest of the storage (the import previews in ``imports/`` have their
own clean-up). A file younger than ``min_age`` is kept: its row may be in a transaction that has
not committed yet. Models are found through the app registry, so core imports no app.
"""

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone

DEFAULT_MIN_AGE = timedelta(hours=24)


@dataclass
class Purge:
    """What a run found: the unneeded files (name, size) per storage, and the young ones kept."""

    unneeded: list[tuple[Storage, str, int]] = field(default_factory=list)
    kept_young: int = 0
    needed: int = 0

    @property
    def total_bytes(self) -> int:
        return sum(size for _storage, _name, size in self.unneeded)


def file_columns() -> Iterator[tuple[type[models.Model], str, models.FileField]]:
    """(model, column, file field) for every file field and its copy in a history table."""
    for model in apps.get_models():
        source = getattr(model, "instance_type", None)  # simple_history's historical model
        is_history = source is not None and hasattr(model, "history_id")
        for model_field in (source if is_history else model)._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field.attname, model_field


def upload_folder(file_field: models.FileField) -> str:
    """The folder the field stores its files in, e.g. ``groups/logos``."""
    upload_to = file_field.upload_to
    if callable(upload_to):
        return posixpath.dirname(upload_to(None, "file.bin"))
    return posixpath.dirname(str(upload_to).split("%", 1)[0].rstrip("/") + "/x")


def needed_names() -> set[str]:
    """Every stored name a current or a history row holds."""
    names: set[str] = set()
    for model, column, _field in file_columns():
        names.update(
            model._default_manager.exclude(**{column: ""})
            .exclude(**{f"{column}__isnull": True})
            .values_list(column, flat=True)
            .distinct()
            .iterator()
        )
    return names


def _files(storage: Storage, folder: str, *, recurse: bool) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing was ever uploaded there
        return
    for name in files:
        yield posixpath.join(folder, name) if folder else name
    if recurse:
        for name in folders:
            yield from _files(storage, posixpath.join(folder, name), recurse=True)


def find_unneeded(*, min_age: timedelta = DEFAULT_MIN_AGE) -> Purge:
    """The stored files in the file fields' folders that no row names (nothing is deleted)."""
    folders: dict[tuple[int, str], tuple[Storage, str]] = {}
    for _model, _column, file_field in file_columns():
        folder = upload_folder(file_field)
        folders[(id(file_field.storage), folder)] = (file_field.storage, folder)
    needed = needed_names()
    limit = timezone.now() - min_age
    purge = Purge()
    seen: set[tuple[int, str]] = set()
    for storage, folder in folders.values():
        # A field storing in the storage's root would take every other folder with it: the root's
        # own files only.
        for name in _files(storage, folder, recurse=bool(folder)):
            if (id(storage), name) in seen:
                continue
            seen.add((id(storage), name))
            if name in needed:
                purge.needed += 1
            elif storage.get_modified_time(name) > limit:
                purge.kept_young += 1
            else:
                purge.unneeded.append((storage, name, storage.size(name)))
    purge.unneeded.sort(key=lambda entry: entry[1])
    return purge


def delete_unneeded(purge: Purge) -> int:
    """Delete what ``find_unneeded`` found, unless a row has come to name it since; returns how many."""
    still_needed = needed_names()
    deleted = 0
    for storage, name, _size in purge.unneeded:
        if name not in still_needed and storage.exists(name):
            storage.delete(name)
            deleted += 1
    return deleted
