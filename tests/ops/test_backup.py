"""manage.py backup and restore (core/backup.py): every row and every file comes back.

The round trip runs on the suite's database vendor: on SQLite it restores into a new SQLite
file, on PostgreSQL into a new, empty database beside the test database (pg_dump and
pg_restore of the server's version must be installed, as in CI).
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from core.backup import read_manifest
from core.models import Unit
from groups.models import GroupYear
from risalah.evidence_files import CheckedFile
from risalah.evidence_services import attachment_add
from risalah.models import Evidence
from tests.conftest import build_world
from tests.factories import UnitFactory, jpeg_bytes

ROOT = Path(__file__).resolve().parents[2]


def backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", "--output", str(path), stdout=out)
    return out.getvalue()


def restore_in_a_new_process(
    archive: Path, *, database_url: str, media_root: Path, force: bool = False
) -> str:
    """`manage.py restore` as an operator runs it: production settings, only these variables."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DJANGO_SETTINGS_MODULE": "kbk_portal.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    result = subprocess.run(  # noqa: S603 - our interpreter and manage.py
        [sys.executable, "manage.py", "restore", str(archive), *(["--force"] if force else [])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextmanager
def empty_database(tmp_path: Path):
    """A new empty database of the suite's vendor: (its DATABASE_URL, a query function)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def query(sql: str) -> list[tuple]:
            # The converters Django's own SQLite connection uses, so values compare equal.
            with sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES) as db:
                return db.execute(sql).fetchall()

        yield f"sqlite:///{path}", query
        return
    import psycopg

    source = connection.settings_dict
    server = {
        "host": source["HOST"] or None,
        "port": source["PORT"] or None,
        "user": source["USER"] or None,
        "password": source["PASSWORD"] or None,
    }
    name = f"kbk_restore_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    def query(sql: str) -> list[tuple]:
        with psycopg.connect(dbname=name, **server) as db:
            return db.execute(sql).fetchall()

    credentials = quote(source["USER"] or "") + (
        f":{quote(source['PASSWORD'])}" if source["PASSWORD"] else ""
    )
    url = f"postgres://{credentials}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}/{name}"
    try:
        yield url, query
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def every_row(query, tables: list[str]) -> dict[str, list[str]]:
    """Each table's rows, whole, in a stable order (as text on PostgreSQL: JSON, arrays...)."""
    rows = {}
    for table in tables:
        quoted = connection.ops.quote_name(table)
        sql = (
            f"SELECT CAST(t AS text) FROM {quoted} AS t"  # noqa: S608 - table names from introspection
            if connection.vendor == "postgresql"
            else f"SELECT * FROM {quoted}"  # noqa: S608 - table names from introspection
        )
        rows[table] = sorted(repr(row) for row in query(sql))
    return rows


def source_query(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def media_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_has_every_row_and_file(settings, tmp_path):
    """The round trip, twice: into an empty database, then over the restored one with --force.
    About 10 to 20 s: two restores in a fresh process, and a transactional test (the dump reads
    committed data only) flushes the database at the end."""
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()  # a logo and an SK scan among its rows
    photo = attachment_add(
        risalah=world.risalah_a,
        kind=Evidence.PHOTO_BEFORE,
        by=world.users["operator_a"],
        caption="Antrean pagi",
        checked=CheckedFile(ContentFile(jpeg_bytes(), name="antrean.jpg"), "image/jpeg", "antrean.jpg"),
    )
    uploads = media_files(tmp_path / "media")
    scans = set(GroupYear.objects.values_list("sk_scan", flat=True))
    assert set(uploads) == {world.group_a.logo.name, *scans, photo.file.name, photo.thumbnail.name}
    assert len(uploads) == 5

    archive = tmp_path / "kbk.tar.gz"
    assert backup(archive).startswith(f"{archive}: {connection.vendor} database, 5 file(s), ")
    manifest = read_manifest(archive)
    assert (manifest["format"], manifest["database"]["vendor"]) == (1, connection.vendor)
    assert "risalah.0006_library_trigram" in manifest["migrations"]
    assert sorted(entry["name"] for entry in manifest["files"]) == sorted(uploads)
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # personal data: the owner's only

    tables = connection.introspection.table_names()
    source = every_row(source_query, tables)
    assert {t: len(source[t]) for t in ("core_unit", "core_user", "groups_group", "risalah_attachment")} == {
        "core_unit": 4,
        "core_user": 6,  # the world's five personas and the jury member
        "groups_group": 2,
        "risalah_attachment": 1,
    }
    restored_media = tmp_path / "restored-media"
    with empty_database(tmp_path) as (url, query):
        first = restore_in_a_new_process(archive, database_url=url, media_root=restored_media)
        assert first == f"Restored the {connection.vendor} database and 5 file(s).\n"
        assert every_row(query, tables) == source
        assert media_files(restored_media) == uploads

        second = restore_in_a_new_process(archive, database_url=url, media_root=restored_media, force=True)
        assert (
            second
            == f"Restored the {connection.vendor} database (replacing {len(tables)} tables) and 5 file(s).\n"
        )
        restored = every_row(query, tables)
        assert {table: len(rows) for table, rows in restored.items()} == {
            table: len(rows) for table, rows in source.items()
        }
        assert restored == source
        assert media_files(restored_media) == uploads  # written over, not beside as logo_x1y2.png
        assert query("SELECT name, logo FROM groups_group ORDER BY name") == [
            ("KBK Cerdas", ""),
            ("KBK Sehati", world.group_a.logo.name),
        ]
        assert query("SELECT caption, file FROM risalah_attachment") == [("Antrean pagi", photo.file.name)]
        assert sorted(row[0] for row in query("SELECT username FROM core_user")) == sorted(
            user.username for user in world.users.values() if user is not None
        )


# Refusals: the archive is checked whole before anything changes.


@pytest.fixture(scope="module")
def archive_of_the_test_database(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """One archive of the committed test database and one file, made outside any test's
    transaction (pg_dump sees committed rows only; SQLite copies no database that is writing)."""
    folder = tmp_path_factory.mktemp("backup")
    with override_settings(MEDIA_ROOT=folder / "media"), django_db_blocker.unblock():
        default_storage.save("catatan/a.txt", ContentFile(b"isi asli"))
        backup(folder / "kbk.tar.gz")
    return folder / "kbk.tar.gz"


@pytest.fixture
def archive(db, settings, tmp_path, archive_of_the_test_database) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    default_storage.save("catatan/a.txt", ContentFile(b"isi sekarang"))
    return Path(shutil.copy(archive_of_the_test_database, tmp_path / "kbk.tar.gz"))


def rewrite(archive: Path, change) -> None:
    """Rewrite the archive's members ({name: bytes}) with ``change``."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    change(members)
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def edit_manifest(members: dict[str, bytes], **changes) -> None:
    manifest = json.loads(members["manifest.json"])
    manifest.update(changes)
    members["manifest.json"] = json.dumps(manifest).encode()


def other_vendor(members: dict[str, bytes]) -> None:
    manifest = json.loads(members["manifest.json"])
    vendor, file = (
        ("sqlite", "database.sqlite3")
        if connection.vendor == "postgresql"
        else ("postgresql", "database.dump")
    )
    members[file] = members.pop(manifest["database"]["file"])
    manifest["database"].update(vendor=vendor, file=file)
    members["manifest.json"] = json.dumps(manifest).encode()


def newer_code(members: dict[str, bytes]) -> None:
    manifest = json.loads(members["manifest.json"])
    edit_manifest(members, migrations=[*manifest["migrations"], "risalah.9999_future"])


OTHER = "SQLite" if connection.vendor == "postgresql" else "PostgreSQL"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda m: m.update({"media/catatan/a.txt": b"isi palsu"}),
            r"is damaged: 1 file\(s\) do not match their checksum \(media/catatan/a.txt\)",
        ),
        (
            lambda m: m.update({"media/tambahan.txt": b"x"}),
            r"does not hold what its manifest lists: media/tambahan.txt",
        ),
        (
            lambda m: m.pop("media/catatan/a.txt"),
            r"does not hold what its manifest lists: media/catatan/a.txt",
        ),
        (lambda m: m.pop("manifest.json"), r"has no readable manifest.json: it is not a portal backup"),
        (lambda m: edit_manifest(m, format=2), r"is in backup format 2; this portal reads format 1"),
        (other_vendor, r"This is a backup of a (sqlite|postgresql) database; it restores only into"),
        (
            newer_code,
            r"newer version of the portal \(migrations this code does not have: risalah.9999_future\)",
        ),
    ],
    ids=["changed file", "extra file", "missing file", "no manifest", "format", "vendor", "newer code"],
)
def test_a_wrong_archive_is_refused_and_nothing_changes(archive, change, message):
    rewrite(archive, change)
    unit = UnitFactory(name="Dinas Tetap Ada")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), "--force")
    assert Unit.objects.filter(pk=unit.pk).exists()
    with default_storage.open("catatan/a.txt") as kept:
        assert kept.read() == b"isi sekarang"


def test_a_truncated_archive_is_refused(archive):
    archive.write_bytes(archive.read_bytes()[:200])
    with pytest.raises(CommandError, match=r"is not a readable backup archive"):
        call_command("restore", str(archive))


def test_a_database_with_tables_is_refused_without_force(archive):
    unit = UnitFactory(name="Dinas Tetap Ada")
    tables = len(connection.introspection.table_names())
    with pytest.raises(
        CommandError,
        match=rf"The database is not empty \({tables} tables\). A restore replaces everything in it: "
        r"check that it is the right database, then run again with --force.",
    ):
        call_command("restore", str(archive))
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_an_sqlite_backup_inside_a_transaction_is_refused_not_left_waiting(db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's backup API only; pg_dump reads committed rows on its own connection")
    with pytest.raises(CommandError, match="An SQLite backup or restore cannot run inside a transaction."):
        backup(tmp_path / "kbk.tar.gz")
    assert not (tmp_path / "kbk.tar.gz").exists()


def test_a_backup_leaves_out_the_files_the_portal_makes_again(settings, tmp_path):
    """Background exports and the printed risalah's cache (BACKUP_SKIP_FOLDERS) are not listed;
    an upload in a folder of a similar name is."""
    from django.core.files.storage import FileSystemStorage

    from core.backup import media_names

    storage = FileSystemStorage(location=tmp_path / "media")
    for name in (
        "groups/sk/a.pdf",
        "exports/rekap.xlsx",
        "pdf-cache/u/full-abc.pdf",
        "exports-lama/x.txt",
        "b.txt",
    ):
        storage.save(name, ContentFile(b"x"))
    assert settings.BACKUP_SKIP_FOLDERS == ("exports", "pdf-cache")
    assert list(media_names(storage)) == ["b.txt", "exports-lama/x.txt", "groups/sk/a.pdf"]
    settings.BACKUP_SKIP_FOLDERS = ()
    assert "exports/rekap.xlsx" in list(media_names(storage))
