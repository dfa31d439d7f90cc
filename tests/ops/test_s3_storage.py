"""MEDIA_STORAGE=s3: uploads in a bucket, served by the views that check access, shared by two
app servers, and carried by backup and restore.

The bucket is moto's S3 server, run here as a subprocess on 127.0.0.1 (never an outside
service), one per test module and xdist worker (``xdist_group``); each test gets a bucket of
its own. The module's own time is about 25 s on an idle 2-core machine, most of it the two
gunicorn processes (about 12 s) and the restore in a fresh process (about 9 s).
"""

import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import boto3
import pytest
import requests
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from core.backup import create_backup
from core.models import Unit
from core.retention import delete_unneeded, find_unneeded
from groups.models import Group
from kbk_portal.env import env_s3_storages
from risalah import pdf_cache
from risalah.evidence_files import CheckedFile
from risalah.evidence_services import attachment_add
from risalah.models import Evidence
from tests.conftest import build_world
from tests.factories import jpeg_bytes, png_bytes
from tests.ops.test_backup import empty_database

ROOT = Path(__file__).resolve().parents[2]
KEY_ID, SECRET = "kbk-test-key", "kbk-test-secret"
REGION = "ap-southeast-3"  # Jakarta

pytestmark = pytest.mark.xdist_group("s3")  # one moto server per worker, not one per test


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            process.stderr.seek(0)
            raise RuntimeError(f"{process.args} ended with {process.returncode}: {process.stderr.read()}")
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextmanager
def started(command: list[str], *, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    # Its log goes to a file, not a pipe: a full pipe nobody reads would stop the server.
    log = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - our interpreter with fixed modules
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True
    )
    process.stderr = log
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


def base_env() -> dict[str, str]:
    return {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    with started(command, env=base_env()) as process:
        wait_for(f"{endpoint}/moto-api/", process)
        yield endpoint


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )


def new_bucket(endpoint: str) -> str:
    name = f"kbk-media-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def objects(endpoint: str, bucket: str) -> dict[str, bytes]:
    """Every object of the bucket: key -> content."""
    client = s3_client(endpoint)
    listing = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read() for item in listing}


def s3_variables(endpoint: str, bucket: str, secret_file: Path) -> dict[str, str]:
    """What an operator sets for MEDIA_STORAGE=s3 (the secret key from a file, as in production)."""
    secret_file.write_text(SECRET + "\n", encoding="utf-8")
    return {
        "MEDIA_STORAGE": "s3",
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_REGION": REGION,
        "MEDIA_S3_ACCESS_KEY_ID": KEY_ID,
        "MEDIA_S3_SECRET_ACCESS_KEY_FILE": str(secret_file),
        "MEDIA_S3_ADDRESSING_STYLE": "path",
    }


@pytest.fixture
def bucket(s3_endpoint) -> str:
    return new_bucket(s3_endpoint)


@pytest.fixture
def s3_media(settings, monkeypatch, tmp_path, s3_endpoint, bucket) -> str:
    """The default storage of this process on the test's bucket, configured as in production."""
    for name, value in s3_variables(s3_endpoint, bucket, tmp_path / "s3-secret").items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": env_s3_storages()["default"]}
    settings.MEDIA_ROOT = tmp_path / "not-used"
    return bucket


# --- settings ---------------------------------------------------------------------------------


def settings_in_a_fresh_process(env: dict[str, str]) -> subprocess.CompletedProcess:
    script = (
        "import json; from kbk_portal import settings as s; "
        "print(json.dumps({name: s.STORAGES[name] for name in ('default', 'exports')}))"
    )
    return subprocess.run(  # noqa: S603 - our interpreter and a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**base_env(), "SECRET_KEY": "k" * 60, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_s3_storage_comes_from_the_environment(tmp_path):
    env = s3_variables("https://s3.example.go.id", "kbk-media", tmp_path / "secret")
    result = settings_in_a_fresh_process({**env, "MEDIA_S3_PREFIX": "/portal/"})
    options = {
        "bucket_name": "kbk-media",
        "endpoint_url": "https://s3.example.go.id",
        "region_name": REGION,
        "access_key": KEY_ID,
        "secret_key": SECRET,
        "addressing_style": "path",
        "default_acl": "private",
        "querystring_auth": True,
        "custom_domain": None,
        "file_overwrite": False,
    }
    backend = "storages.backends.s3.S3Storage"
    assert json.loads(result.stdout) == {
        "default": {"BACKEND": backend, "OPTIONS": {**options, "location": "portal"}},
        "exports": {"BACKEND": backend, "OPTIONS": {**options, "location": "portal/exports"}},
    }


def test_without_a_variable_the_files_stay_on_the_disk(tmp_path):
    result = settings_in_a_fresh_process({"MEDIA_ROOT": str(tmp_path)})
    assert json.loads(result.stdout) == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "exports")},
        },
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be filesystem or s3, got 'ftp'"),
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET"),
        (
            {"MEDIA_STORAGE": "s3", "MEDIA_S3_BUCKET": "b", "MEDIA_S3_ADDRESSING_STYLE": "dns"},
            "MEDIA_S3_ADDRESSING_STYLE must be path or virtual, got 'dns'",
        ),
    ],
)
def test_a_wrong_storage_setting_stops_the_start(env, message):
    result = settings_in_a_fresh_process(env)
    assert result.returncode == 1
    assert f"ImproperlyConfigured: {message}" in result.stderr


# --- one app server -----------------------------------------------------------------------------


def test_an_upload_lands_in_the_bucket_and_only_its_unit_can_read_it(world, login, s3_endpoint, s3_media):
    logo = png_bytes()
    response = login("operator_a").post(
        reverse("groups-edit", args=[world.group_a.uuid]),
        {"unit": world.unit_a1.uuid, "name": "KBK Sehati", "logo": SimpleUploadedFile("logo.png", logo)},
    )
    assert response.status_code == 302
    name = Group.objects.get(pk=world.group_a.pk).logo.name
    stored = objects(s3_endpoint, s3_media)
    assert name.startswith("groups/logos/")
    assert list(stored) == [name]  # nothing else, nothing on the disk
    assert not Path(django_settings.MEDIA_ROOT).exists()

    served = login("pimpinan_a").get(reverse("groups-logo", args=[world.group_a.uuid]))
    assert (served.status_code, served["Content-Type"]) == (200, "image/png")
    # Read to the end, the test client closes the file (a close() of our own would also close
    # the database connection of the test's transaction on PostgreSQL).
    assert b"".join(served.streaming_content) == stored[name]

    outsider = login("outsider").get(reverse("groups-logo", args=[world.group_a.uuid]))
    assert outsider.status_code == 404


def test_a_photo_and_its_thumbnail_go_through_the_bucket(world, login, s3_endpoint, s3_media):
    photo = attachment_add(
        risalah=world.risalah_a,
        kind=Evidence.PHOTO_BEFORE,
        by=world.users["operator_a"],
        caption="Antrean pagi",
        checked=CheckedFile(ContentFile(jpeg_bytes(), name="antrean.jpg"), "image/jpeg", "antrean.jpg"),
    )
    stored = objects(s3_endpoint, s3_media)
    assert {photo.file.name, photo.thumbnail.name} <= set(stored)
    assert photo.thumbnail.name != photo.file.name
    assert stored[photo.file.name][:3] == b"\xff\xd8\xff"  # a JPEG


def pdf_images(response) -> list[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(response.content))
    return [image.image.size for page in reader.pages for image in page.images]


def test_the_risalah_pdf_embeds_the_logo_from_the_bucket(s3_endpoint, s3_media, world, login):
    logo_size = Image.open(io.BytesIO(png_bytes())).size
    url = reverse("risalah-pdf", args=[world.risalah_a.uuid])
    assert set(pdf_images(login("operator_a").get(url))) == {logo_size}  # on the cover and each page

    # An object gone from the bucket is a missing file, as on the disk: the PDF prints without it
    # (once printed again: the printed copy is kept per content, risalah.pdf_cache).
    s3_client(s3_endpoint).delete_object(Bucket=s3_media, Key=world.group_a.logo.name)
    cached = pdf_cache.cache_name(world.risalah_a, pdf_cache.fingerprint(world.risalah_a))
    assert pdf_cache.cache_storage().exists(cached)
    pdf_cache.cache_storage().delete(cached)
    assert pdf_images(login("operator_a").get(url)) == []


def test_an_import_waits_for_its_confirmation_in_the_bucket(world, login, s3_endpoint, s3_media):
    """Any app server can confirm the preview another one made: the stash is not on a disk."""
    client = login("verifikator")
    rows = (
        "kode,nama,nama_singkat,jenis,induk,aktif\r\nKEC-KOTA,Kecamatan Kota,Kec Kota,Kecamatan,PEMDA,ya\r\n"
    )
    client.post(reverse("core-unit-import"), {"file": SimpleUploadedFile("unit.csv", rows.encode())})
    name = client.session["core-import-units"]["file"]
    assert objects(s3_endpoint, s3_media) == {f"imports/{name}": rows.encode()}
    plan = client.get(reverse("core-unit-import-preview")).context["plan"]
    assert [row.code for row in plan.rows] == ["KEC-KOTA"]

    client.post(reverse("core-unit-import-confirm"), {"fingerprint": plan.fingerprint})
    assert Unit.objects.get_parent(Unit.objects.get(code="KEC-KOTA")) == world.pemda
    assert objects(s3_endpoint, s3_media) == {}  # the stash is gone with the confirmation


def test_purge_media_finds_and_deletes_a_stray_object(s3_endpoint, s3_media, world):  # world in the bucket
    stray = default_storage.save("groups/logos/stray.png", ContentFile(png_bytes()))
    purge = find_unneeded(min_age=timedelta(0))
    assert [(name, size) for storage, name, size in purge.unneeded if storage is default_storage] == [
        (stray, len(png_bytes()))
    ]
    assert delete_unneeded(purge) >= 1
    assert stray not in objects(s3_endpoint, s3_media)
    assert world.group_a.logo.name in objects(s3_endpoint, s3_media)  # a row names it: kept


# --- two app servers --------------------------------------------------------------------------


def database_url_for_subprocesses(tmp_path: Path) -> str:
    """The test database as other processes reach it: PostgreSQL's own, or a file copy of
    SQLite's in-memory database (made now: later writes of this process are not in it)."""
    source = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = quote(source["USER"] or "") + (
            f":{quote(source['PASSWORD'])}" if source["PASSWORD"] else ""
        )
        return f"postgres://{credentials}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}/{source['NAME']}"
    copy_path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(copy_path)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return f"sqlite:///{copy_path}"


def session_for(user, base_url: str) -> requests.Session:
    """A browser session of ``user`` (logged in as by ``force_login``) for the app servers."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    host = base_url.split("//")[1].split(":")[0]
    session.cookies.set(
        django_settings.SESSION_COOKIE_NAME,
        client.cookies[django_settings.SESSION_COOKIE_NAME].value,
        domain=host,
    )
    # Django accepts a CSRF secret the browser holds when the form sends the same one.
    token = "k" * 32
    session.cookies.set(django_settings.CSRF_COOKIE_NAME, token, domain=host)
    session.headers["X-CSRFToken"] = token
    return session


@pytest.mark.django_db(transaction=True)
def test_two_app_servers_serve_the_same_upload(s3_endpoint, bucket, tmp_path):
    world = build_world()
    ports = [free_port(), free_port()]
    server_a, server_b = (f"http://127.0.0.1:{port}" for port in ports)
    operator = session_for(world.users["operator_a"], server_a)
    outsider = session_for(world.users["outsider"], server_a)
    env = {
        **base_env(),
        **s3_variables(s3_endpoint, bucket, tmp_path / "s3-secret"),
        "DJANGO_SETTINGS_MODULE": "kbk_portal.settings",
        "DEBUG": "1",
        "SECRET_KEY": django_settings.SECRET_KEY,  # the sessions made here are valid there
        "DATABASE_URL": database_url_for_subprocesses(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "not-used"),
    }
    logo_path = reverse("groups-logo", args=[world.group_a.uuid])
    with ExitStack() as servers:
        # Both start at once (a second or two each), then each must answer.
        processes = [
            servers.enter_context(
                started(
                    [sys.executable, "-m", "gunicorn", "kbk_portal.wsgi", "--workers", "1"]
                    + ["--bind", f"127.0.0.1:{port}"],
                    env=env,
                )
            )
            for port in ports
        ]
        for url, process in zip([server_a, server_b], processes, strict=True):
            wait_for(url + reverse("core-health"), process)
        uploaded = operator.post(
            server_a + reverse("groups-edit", args=[world.group_a.uuid]),
            data={"unit": str(world.unit_a1.uuid), "name": "KBK Sehati"},
            files={"logo": ("logo.png", png_bytes(), "image/png")},
            allow_redirects=False,
            timeout=30,
        )
        assert (uploaded.status_code, uploaded.headers["Location"]) == (
            302,
            reverse("groups-detail", args=[world.group_a.uuid]),
        )
        (name, content), *others = objects(s3_endpoint, bucket).items()
        assert (name.startswith("groups/logos/"), others) == (True, [])

        from_b = operator.get(server_b + logo_path, timeout=30)
        from_a = operator.get(server_a + logo_path, timeout=30)
        assert (from_b.status_code, from_b.headers["Content-Type"]) == (200, "image/png")
        assert from_b.content == from_a.content == content
        assert outsider.get(server_b + logo_path, timeout=30).status_code == 404


# --- backup and restore -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_s3_media_restores_into_another_bucket(s3_endpoint, s3_media, tmp_path):
    world = build_world()  # its logo and SK scan go to the bucket
    attachment_add(
        risalah=world.risalah_a,
        kind=Evidence.PHOTO_BEFORE,
        by=world.users["operator_a"],
        caption="Antrean pagi",
        checked=CheckedFile(ContentFile(jpeg_bytes(), name="antrean.jpg"), "image/jpeg", "antrean.jpg"),
    )
    uploads = objects(s3_endpoint, s3_media)
    assert len(uploads) == 5

    archive = tmp_path / "kbk.tar.gz"
    manifest = create_backup(archive, storage=default_storage)
    assert sorted(entry["name"] for entry in manifest["files"]) == sorted(uploads)

    restored_bucket = new_bucket(s3_endpoint)
    with empty_database(tmp_path) as (url, query):
        result = subprocess.run(  # noqa: S603 - our interpreter and manage.py
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=ROOT,
            env={
                **base_env(),
                **s3_variables(s3_endpoint, restored_bucket, tmp_path / "restore-secret"),
                "DJANGO_SETTINGS_MODULE": "kbk_portal.settings",
                "DEBUG": "1",
                "DATABASE_URL": url,
            },
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.stdout == f"Restored the {connection.vendor} database and 5 file(s).\n", result.stderr
        assert query("SELECT logo FROM groups_group WHERE logo != ''") == [(world.group_a.logo.name,)]
    assert objects(s3_endpoint, restored_bucket) == uploads
