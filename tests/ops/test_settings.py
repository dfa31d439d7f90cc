"""The settings helpers (kbk_portal/env.py) and the operations settings they feed."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from kbk_portal.env import env_bool, env_emails, env_int, env_list, env_secret, env_str

ROOT = Path(__file__).resolve().parents[2]


def test_an_empty_variable_counts_as_unset(monkeypatch):
    monkeypatch.setenv("KBK_T", "")
    assert (
        env_str("KBK_T", "d"),
        env_bool("KBK_T", True),
        env_int("KBK_T", 7),
        env_list("KBK_T", ["x"]),
    ) == (
        "d",
        True,
        7,
        ["x"],
    )


@pytest.mark.parametrize(
    ("raw", "value"), [("1", True), ("YES", True), ("on", True), ("0", False), ("False", False)]
)
def test_booleans(monkeypatch, raw, value):
    monkeypatch.setenv("KBK_T", raw)
    assert env_bool("KBK_T", not value) is value


def test_a_wrong_boolean_or_integer_is_refused_with_the_variables_name(monkeypatch):
    monkeypatch.setenv("KBK_T", "maybe")
    with pytest.raises(ImproperlyConfigured, match="KBK_T must be a boolean"):
        env_bool("KBK_T", False)
    with pytest.raises(ImproperlyConfigured, match="KBK_T must be an integer, got 'maybe'"):
        env_int("KBK_T", 0)


def test_lists_drop_blanks(monkeypatch):
    monkeypatch.setenv("KBK_T", " a.example , ,b.example,")
    assert env_list("KBK_T", []) == ["a.example", "b.example"]


def test_admins_are_checked_addresses(monkeypatch):
    monkeypatch.setenv("KBK_T", "tik@kbk.example.go.id, ops@kbk.example.go.id")
    assert env_emails("KBK_T") == ["tik@kbk.example.go.id", "ops@kbk.example.go.id"]
    monkeypatch.setenv("KBK_T", "tik@kbk.example.go.id,Tim TIK")
    with pytest.raises(ImproperlyConfigured, match="KBK_T: 'Tim TIK' is not an e-mail address"):
        env_emails("KBK_T")


def test_a_secret_from_the_environment(monkeypatch):
    monkeypatch.setenv("KBK_T", "s3cret")
    monkeypatch.delenv("KBK_T_FILE", raising=False)
    assert env_secret("KBK_T") == "s3cret"


def test_a_secret_from_a_file_keeps_everything_but_the_line_end(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(" pass word \n", encoding="utf-8")
    monkeypatch.delenv("KBK_T", raising=False)
    monkeypatch.setenv("KBK_T_FILE", str(secret))
    assert env_secret("KBK_T", "default") == " pass word "


def test_a_secret_set_twice_is_refused(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-file", encoding="utf-8")
    monkeypatch.setenv("KBK_T", "from-env")
    monkeypatch.setenv("KBK_T_FILE", str(secret))
    with pytest.raises(ImproperlyConfigured, match="Set KBK_T or KBK_T_FILE, not both."):
        env_secret("KBK_T")


def test_a_missing_or_empty_secret_file_is_refused(monkeypatch, tmp_path):
    monkeypatch.delenv("KBK_T", raising=False)
    monkeypatch.setenv("KBK_T_FILE", str(tmp_path / "nothing"))
    with pytest.raises(ImproperlyConfigured, match=r"KBK_T_FILE: cannot read .*nothing"):
        env_secret("KBK_T")
    (tmp_path / "empty").write_text("\n", encoding="utf-8")
    monkeypatch.setenv("KBK_T_FILE", str(tmp_path / "empty"))
    with pytest.raises(ImproperlyConfigured, match=r"KBK_T_FILE: .*empty is empty"):
        env_secret("KBK_T")


def _production_settings(env: dict[str, str]) -> dict:
    """kbk_portal.settings loaded in a fresh interpreter with only ``env`` set (about 0.3 s)."""
    script = (
        "import json; from kbk_portal import settings as s; d = s.DATABASES['default']; "
        "print(json.dumps({'secret': s.SECRET_KEY, 'engine': d['ENGINE'], 'name': d['NAME'], "
        "'password': d['PASSWORD'], 'max_age': d['CONN_MAX_AGE'], 'health': d['CONN_HEALTH_CHECKS'], "
        "'mail': s.MAILERS['default'].get('OPTIONS', {}).get('password'), 'admins': s.ADMINS}))"
    )
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    result = subprocess.run(  # noqa: S603 - our interpreter and a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**keep, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_reads_its_secrets_from_files(tmp_path):
    (tmp_path / "key").write_text("k" * 60 + "\n", encoding="utf-8")
    (tmp_path / "db").write_text("postgres://kbk:db-pass@db.internal:5432/kbk\n", encoding="utf-8")
    (tmp_path / "smtp").write_text("smtp-pass\n", encoding="utf-8")
    loaded = _production_settings(
        {
            "SECRET_KEY_FILE": str(tmp_path / "key"),
            "DATABASE_URL_FILE": str(tmp_path / "db"),
            "EMAIL_HOST_PASSWORD_FILE": str(tmp_path / "smtp"),
            "ADMINS": "tik@kbk.example.go.id",
        }
    )
    assert loaded == {
        "secret": "k" * 60,
        "engine": "django.db.backends.postgresql",
        "name": "kbk",
        "password": "db-pass",
        "max_age": 60,  # persistent connections on PostgreSQL...
        "health": True,  # ...checked before each reuse
        "mail": "smtp-pass",
        "admins": ["tik@kbk.example.go.id"],
    }


def test_sqlite_opens_a_connection_per_request(tmp_path):
    loaded = _production_settings(
        {"SECRET_KEY": "k" * 60, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    )
    assert (loaded["engine"], loaded["max_age"], loaded["health"]) == ("django.db.backends.sqlite3", 0, False)


def test_log_lines_carry_time_level_and_logger():
    (console,) = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    record = logging.LogRecord("risalah.pdf", logging.WARNING, __file__, 1, "Gambar hilang", None, None)
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING risalah\.pdf: Gambar hilang", console.format(record)
    )


def test_weasyprint_and_fonttools_info_lines_are_silenced(caplog):
    from weasyprint import HTML

    with caplog.at_level(logging.INFO):
        HTML(string="<h1>Risalah</h1><p>Halaman satu</p>").write_pdf()
    assert [r.name for r in caplog.records if r.name.startswith(("weasyprint", "fontTools"))] == []
    assert logging.getLogger("weasyprint").getEffectiveLevel() == logging.WARNING


def test_an_error_is_mailed_to_the_admins(settings):
    settings.ADMINS = ["tik@kbk.example.go.id"]
    try:
        raise ValueError("rusak")
    except ValueError:
        logging.getLogger("risalah.pdf").exception("PDF gagal")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["tik@kbk.example.go.id"], "[Django] ERROR: PDF gagal")
    ]
    assert "ValueError\nrusak" in mail.outbox[0].body


def test_a_wrong_host_header_is_not_mailed(db, settings):
    settings.ADMINS = ["tik@kbk.example.go.id"]
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="203.0.113.9")
    assert (response.status_code, mail.outbox) == (400, [])
