"""The printed risalah, rendered once per content and kept in private storage.

``cached_risalah_pdf(risalah)`` answers with the stored PDF when its fingerprint is current and
renders (WeasyPrint, about two seconds) only when it is not. The fingerprint is a hash of
everything the document prints: the risalah's own fields (title, status, conclusion, schedule,
version, ...), its group, unit and Pemda, the method and its steps, the steps' data, narrative
and weeks, the meetings with who attended, the attachments, and the roster and SK (as filed:
the snapshot the document reads, see ``risalah.snapshots.filed``; live while a draft), plus the
language, the ``for_library`` flag, the chart drawing version and the layout (PDF_LAYOUT_VERSION
and the content of the PDF templates and translations). It reads the values themselves, not
only updated times: meetings, attachments and people have none, and some writes are UPDATEs.
A fixed handful of small queries, whatever the number of risalah.

Files are stored in the ``pdf_cache`` storage (``settings.PDF_CACHE_ROOT``, never served by the
web server) as ``<risalah uuid>/<variant>-<fingerprint>.pdf``; storing a new one deletes the
older files of that variant. ``purge_pdf_cache`` (``manage.py purge_pdf_cache``) deletes the
files of risalah that are gone and those whose fingerprint is no longer current.
"""

import hashlib
import json
import posixpath
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from groups.models import GroupYear, RosterMember
from risalah import snapshots
from risalah.models import Attachment, Meeting, MethodStep, Risalah, RisalahStep, Status
from risalah.pdf import render_risalah_pdf
from risalah.step_charts import DRAWING_VERSION

# Bump when the document changes in a way the template files below do not show (code in
# risalah/pdf.py that prepares the tables, a filter, ...): every cached PDF is rendered again.
PDF_LAYOUT_VERSION = "1"
STORAGE_ALIAS = "pdf_cache"
FULL, LIBRARY = "full", "library"
PDF_TEMPLATES = Path(__file__).resolve().parent / "templates" / "risalah" / "pdf"


@dataclass
class CacheStats:
    """What this process did: PDFs served from the cache and PDFs rendered (read by the tests
    and the bench)."""

    hits: int = 0
    renders: int = 0


stats = CacheStats()


def cache_storage() -> Storage:
    return storages[STORAGE_ALIAS]


@cache
def layout_digest(language: str) -> str:
    """The PDF templates and the compiled translations of the document's language, hashed once
    per process: a deploy that changes them renders every PDF again."""
    digest = hashlib.sha256(PDF_LAYOUT_VERSION.encode())
    files = sorted(PDF_TEMPLATES.rglob("*.html"))
    for path_setting in settings.LOCALE_PATHS:
        files.append(Path(path_setting) / language / "LC_MESSAGES" / "django.mo")
    for path in files:
        digest.update(str(path.name).encode())
        try:
            digest.update(path.read_bytes())
        except FileNotFoundError:
            digest.update(b"-")
    return digest.hexdigest()[:16]


def _fields(instance) -> dict | None:
    if instance is None:
        return None
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def content(risalah: Risalah, *, for_library: bool = False) -> dict:
    """What the document prints, as plain values (the input of :func:`fingerprint`).

    ``risalah`` as the PDF view loads it (group, unit, year and method selected with it). About
    seven queries; the steps' cached charts are not read (they follow from the data, the
    language and the drawing version, which are in here).
    """
    group = risalah.group
    unit = group.unit
    root = type(unit).objects.filter(path=unit.path[: unit.steplen]).values("pk", "name").first()
    steps = list(
        RisalahStep.objects.filter(risalah=risalah)
        .order_by("pk")
        .values_list("pk", "method_step_id", "version", "data", "narrative", "planned_weeks", "actual_weeks")
    )
    method_steps = list(MethodStep.objects.filter(method_id=risalah.method_id).order_by("pk").values())
    meetings = list(Meeting.objects.filter(risalah=risalah).order_by("pk").values())
    attendance = list(
        Meeting.attendees.through.objects.filter(meeting__risalah=risalah)
        .order_by("meeting_id", "person_id")
        .values_list("meeting_id", "person__uuid", "person__name")
    )
    attachments = list(Attachment.objects.filter(risalah=risalah).order_by("pk").values())
    data = {
        "layout": layout_digest(settings.LANGUAGE_CODE),
        "drawing": DRAWING_VERSION,
        "language": settings.LANGUAGE_CODE,
        "for_library": for_library,
        "risalah": _fields(risalah),
        "group": _fields(group),
        "unit": _fields(unit),
        "root": root,
        "year": _fields(risalah.programme_year),
        "method": _fields(risalah.method),
        "method_steps": method_steps,
        "steps": steps,
        "meetings": meetings,
        "attendance": attendance,
        "attachments": attachments,
    }
    # A filed risalah prints the roster and SK of its latest snapshot (snapshots.filed); a draft,
    # or a filed one without a snapshot, the group's roster and SK of today.
    snapshot = snapshots.latest(risalah) if risalah.status in Status.FILED else None
    if snapshot is not None:
        data["snapshot"] = snapshot.pk
    else:
        data["roster"] = list(
            RosterMember.objects.filter(
                group_year__group_id=risalah.group_id, group_year__programme_year_id=risalah.programme_year_id
            )
            .order_by("pk")
            .values(
                "pk",
                "role",
                "confirmation",
                "person__uuid",
                "person__name",
                "person__nip",
                "person__jabatan",
            )
        )
        data["sk"] = list(
            GroupYear.objects.filter(group_id=risalah.group_id, programme_year_id=risalah.programme_year_id)
            .order_by("pk")
            .values()
        )
    return data


def fingerprint(risalah: Risalah, *, for_library: bool = False) -> str:
    payload = json.dumps(content(risalah, for_library=for_library), sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def variant(for_library: bool) -> str:
    return LIBRARY if for_library else FULL


def cache_name(risalah: Risalah, digest: str, *, for_library: bool = False) -> str:
    return f"{risalah.uuid}/{variant(for_library)}-{digest}.pdf"


def _complete(data: bytes) -> bool:
    """A whole PDF (not one still being written by a concurrent request)."""
    return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


def _read(storage: Storage, name: str) -> bytes | None:
    try:
        with storage.open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    return data if _complete(data) else None


def _files_of(storage: Storage, folder: str) -> list[str]:
    try:
        return storage.listdir(folder)[1]
    except FileNotFoundError:
        return []


def _store(storage: Storage, name: str, data: bytes) -> None:
    """Store ``data`` as ``name`` and delete the other files of its variant (stale ones)."""
    folder, base = posixpath.split(name)
    prefix = base.split("-", 1)[0] + "-"
    if not storage.exists(name):
        saved = storage.save(name, ContentFile(data))
        if saved != name:  # a concurrent request stored it first: keep one
            storage.delete(saved)
    for other in _files_of(storage, folder):
        if other.startswith(prefix) and other != base:
            storage.delete(posixpath.join(folder, other))


def cached_risalah_pdf(risalah: Risalah, *, for_library: bool = False) -> bytes:
    """The PDF of ``render_risalah_pdf(risalah, for_library=...)``, from the cache when its
    content did not change since it was last rendered."""
    storage = cache_storage()
    name = cache_name(risalah, fingerprint(risalah, for_library=for_library), for_library=for_library)
    data = _read(storage, name)
    if data is not None:
        stats.hits += 1
        return data
    data = render_risalah_pdf(risalah, for_library=for_library)
    stats.renders += 1
    _store(storage, name, data)
    return data


def load(risalah_id: int) -> Risalah | None:
    """The risalah as the PDF views load it, or None when it is gone."""
    return (
        Risalah.objects.select_related("group__unit", "programme_year", "method")
        .filter(pk=risalah_id)
        .first()
    )


def warm(risalah: Risalah) -> list[str]:
    """Render what is not cached yet: the full PDF, and the library's copy of a verified risalah."""
    variants = [False, True] if risalah.status == Status.VERIFIED else [False]
    names = []
    for for_library in variants:
        cached_risalah_pdf(risalah, for_library=for_library)
        names.append(
            cache_name(risalah, fingerprint(risalah, for_library=for_library), for_library=for_library)
        )
    return names


@dataclass
class Purged:
    deleted: int = 0
    kept: int = 0


def purge_pdf_cache() -> Purged:
    """Delete the cached PDFs of risalah that are gone and those whose content changed since."""
    storage = cache_storage()
    result = Purged()
    try:
        folders = storage.listdir("")[0]
    except FileNotFoundError:
        return result
    by_uuid = {
        str(r.uuid): r
        for r in Risalah.objects.select_related("group__unit", "programme_year", "method").filter(
            uuid__in=[folder for folder in folders if _is_uuid(folder)]
        )
    }
    for folder in folders:
        risalah = by_uuid.get(folder)
        current = set()
        if risalah is not None:
            current = {
                posixpath.basename(
                    cache_name(risalah, fingerprint(risalah, for_library=flag), for_library=flag)
                )
                for flag in (False, True)
            }
        for name in _files_of(storage, folder):
            if name in current:
                result.kept += 1
            else:
                storage.delete(posixpath.join(folder, name))
                result.deleted += 1
    return result


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
