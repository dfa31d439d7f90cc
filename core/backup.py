"""Backup and restore of the whole portal: the database and the uploaded files in one archive.

The archive is a tar.gz (``manage.py backup``, ``manage.py restore``)::

    database.dump       pg_dump --format=custom (PostgreSQL), or
    database.sqlite3    a copy made with SQLite's backup API (SQLite)
    media/<name>        every file of the default storage (MEDIA_ROOT, or S3 and the like)
                        but the folders of BACKUP_SKIP_FOLDERS, files the portal makes again
                        (background exports that expire, the printed risalah's cache)
    manifest.json       format version, time, database vendor, applied migrations, and the
                        size and SHA-256 of the database file and of every media file

The database is dumped before the files are read: an upload made meanwhile is an unused extra
file in the archive, never a row whose file is missing. A restore checks the whole archive
before it touches anything, refuses a database that already has tables unless forced, and
never deletes a file of the storage (an extra file is harmless; the retention command removes
what no row needs).
"""

import hashlib
import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media/"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why and what to do."""


@dataclass
class RestoreResult:
    vendor: str
    files: int
    replaced_tables: int = 0
    unapplied_migrations: list[str] = field(default_factory=list)
    extra_files: int = 0


# Backup


def create_backup(path: Path, *, using: str = "default", storage: Storage = default_storage) -> dict:
    """Write the archive to ``path`` (readable by its owner only) and return its manifest."""
    connection = connections[using]
    vendor = _vendor(connection)
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="kbk-backup-") as work:
        database_file = Path(work) / DATABASE_FILES[vendor]
        if vendor == "postgresql":
            _pg_dump(connection, database_file)
        else:
            _sqlite_copy(connection, database_file)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "django": django.get_version(),
            "database": {
                "vendor": vendor,
                "version": _server_version(connection),
                "file": database_file.name,
                "size": database_file.stat().st_size,
                "sha256": _sha256_file(database_file),
            },
            "migrations": sorted(
                f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
            ),
            "files": [],
        }
        partial.unlink(missing_ok=True)  # left by a backup that was killed
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise BackupError(f"Cannot write {path}: {exc.strerror}.") from exc
        try:
            with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as tar:
                tar.add(database_file, arcname=database_file.name, recursive=False, filter=_plain)
                for name in media_names(storage):
                    entry = _add_stored_file(tar, storage, name)
                    if entry is not None:
                        manifest["files"].append(entry)
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _vendor(connection) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _server_version(connection) -> str:
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def _pg_dump(connection, target: Path) -> None:
    # The archive is gzipped as a whole: pg_dump need not compress (-Z0).
    _run_pg(["pg_dump", "--format=custom", "-Z0", f"--file={target}"], connection)


def _sqlite_copy(connection, target: Path) -> None:
    _outside_a_transaction(connection)
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _outside_a_transaction(connection) -> None:
    # SQLite's backup API cannot copy from or into a connection that is writing: it would
    # wait forever for its own transaction to end.
    if connection.in_atomic_block:
        raise BackupError("An SQLite backup or restore cannot run inside a transaction.")


def media_names(storage: Storage) -> Iterator[str]:
    """The names of the storage's files a backup holds: all but those under a top folder of
    ``settings.BACKUP_SKIP_FOLDERS`` (never listed, however many files they hold)."""
    skip = set(getattr(settings, "BACKUP_SKIP_FOLDERS", ()))
    try:
        folders, files = storage.listdir("")
    except FileNotFoundError:  # MEDIA_ROOT not made yet: nothing was ever uploaded
        return
    yield from sorted(files)
    for name in sorted(folders):
        if name not in skip:
            yield from _storage_files(storage, name)


def _storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # MEDIA_ROOT not made yet: nothing was ever uploaded
        if folder:
            raise
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for name in sorted(folders):
        yield from _storage_files(storage, posixpath.join(folder, name))


def _add_stored_file(tar: tarfile.TarFile, storage: Storage, name: str) -> dict | None:
    """Add one file of the storage; None when it was deleted since the listing."""
    try:
        size = storage.size(name)
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        return None
    info = tarfile.TarInfo(MEDIA + name)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    with handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"name": name, "size": size, "sha256": reader.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    tar.addfile(info, io.BytesIO(data))


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


class _HashingReader:
    """A file wrapper that hashes what tarfile reads through it."""

    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# Restore


def restore_backup(
    path: Path, *, using: str = "default", force: bool = False, storage: Storage = default_storage
) -> RestoreResult:
    """Check the archive, then replace the database and write the files back.

    Nothing is changed when a check fails: a damaged or foreign archive, a backup of another
    database vendor or of newer code, or (without ``force``) a database that has tables.
    """
    connection = connections[using]
    vendor = _vendor(connection)
    with tempfile.TemporaryDirectory(prefix="kbk-restore-") as work:
        folder = Path(work)
        manifest = _unpack(Path(path), folder)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"This is a backup of a {manifest['database']['vendor']} database; "
                f"it restores only into {manifest['database']['vendor']}, not into {vendor}."
            )
        known = {
            f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
        }
        unknown = sorted(set(manifest["migrations"]) - known)
        if unknown:
            raise BackupError(
                "The backup was made by a newer version of the portal (migrations this code does not "
                f"have: {', '.join(unknown[:5])}); restore it with that version."
            )
        tables = connection.introspection.table_names()
        if tables and not force:
            raise BackupError(
                f"The database is not empty ({len(tables)} tables). A restore replaces everything in it: "
                "check that it is the right database, then run again with --force."
            )
        database_file = folder / manifest["database"]["file"]
        if vendor == "postgresql":
            _pg_restore(connection, database_file, drop=tables)
        else:
            _sqlite_restore(connection, database_file)
        for entry in manifest["files"]:
            _put_file(storage, entry["name"], folder / MEDIA / entry["name"])
    in_backup = {entry["name"] for entry in manifest["files"]}
    return RestoreResult(
        vendor=vendor,
        files=len(manifest["files"]),
        replaced_tables=len(tables),
        unapplied_migrations=sorted(known - set(manifest["migrations"])),
        extra_files=sum(1 for name in media_names(storage) if name not in in_backup),
    )


def read_manifest(path: Path) -> dict:
    """The archive's manifest after checking the archive (every file against its checksum)."""
    with tempfile.TemporaryDirectory(prefix="kbk-restore-") as work:
        return _unpack(Path(path), Path(work))


def _unpack(path: Path, folder: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = tar.getmembers()
            # The data filter refuses absolute names, "..", links and devices.
            tar.extractall(folder, filter="data")
    except (OSError, EOFError, tarfile.TarError) as exc:  # a cut gzip stream is an EOFError
        raise BackupError(f"{path} is not a readable backup archive ({exc}).") from exc
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} has no readable {MANIFEST}: it is not a portal backup.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} is in backup format {manifest.get('format') if isinstance(manifest, dict) else '?'}; "
            f"this portal reads format {FORMAT}."
        )
    try:
        database = manifest["database"]
        expected = {
            database["file"]: database,
            **{MEDIA + entry["name"]: entry for entry in manifest["files"]},
        }
        if database["file"] != DATABASE_FILES.get(database["vendor"]) or not isinstance(
            manifest["migrations"], list
        ):
            raise KeyError("database")
    except (KeyError, TypeError) as exc:
        raise BackupError(f"{path}: {MANIFEST} is incomplete ({exc}).") from exc
    present = {member.name for member in members if member.isfile()} - {MANIFEST}
    if present != set(expected) or len(members) != len(expected) + 1:
        odd = sorted(present ^ set(expected))[:5]
        raise BackupError(
            f"{path} does not hold what its manifest lists: {', '.join(odd) or 'folders or links'}."
        )
    damaged = [
        name
        for name, entry in expected.items()
        if (folder / name).stat().st_size != entry["size"] or _sha256_file(folder / name) != entry["sha256"]
    ]
    if damaged:
        raise BackupError(
            f"{path} is damaged: {len(damaged)} file(s) do not match their checksum ({', '.join(damaged[:5])})."
        )
    return manifest


def _pg_restore(connection, dump: Path, *, drop: list[str]) -> None:
    if drop:
        with connection.cursor() as cursor:
            quoted = ", ".join(connection.ops.quote_name(table) for table in drop)
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")  # noqa: S608 - names from introspection
    connection.close()  # pg_restore works on its own connection
    # The dump's comment on the pg_trgm extension may only be set by the extension's owner, which
    # the portal's user need not be: skip it (the extension itself is created if missing).
    listing = _run_pg(["pg_restore", "--list", str(dump)], connection).splitlines()
    with tempfile.NamedTemporaryFile("w", suffix=".list", encoding="utf-8") as kept:
        kept.write("\n".join(line for line in listing if " COMMENT - EXTENSION " not in line) + "\n")
        kept.flush()
        _run_pg(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--use-list={kept.name}",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ],
            connection,
        )


def _sqlite_restore(connection, copy: Path) -> None:
    _outside_a_transaction(connection)
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)  # replaces the whole database
    finally:
        source.close()
    connection.close()


def _put_file(storage: Storage, name: str, source: Path) -> None:
    if storage.exists(name):
        storage.delete(name)
    with open(source, "rb") as handle:
        saved = storage.save(name, File(handle, name=posixpath.basename(name)))
    if saved != name:
        raise BackupError(f"The storage saved {name} as {saved}.")


# PostgreSQL client tools


PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
}


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    """The libpq variables for the connection settings (the password never on a command line)."""
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in PG_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(option):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return env


def _run_pg(command: list[str], connection) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(  # noqa: S603 - fixed programs, arguments of our own
        command, env=_pg_environment(connection.settings_dict), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout
