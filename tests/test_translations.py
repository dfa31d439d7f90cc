"""Every interface string is translated to Indonesian, and the committed .mo is current."""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

LOCALE = settings.BASE_DIR / "locale" / "id" / "LC_MESSAGES"
# Every app folder, the project package and the project templates.
SOURCE_DIRS = sorted(
    {path.parent.name for path in settings.BASE_DIR.glob("*/apps.py")} | {"kbk_portal", "templates"}
)


def parse_po(path: Path) -> list[dict]:
    """A small .po reader: entries with msgctxt, msgid, msgid_plural, msgstr(s) and flags."""
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            finish()
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(key, tuple):
                entry["msgstr"][key[1]] += value
            else:
                entry[key] += value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr["):
                key = ("msgstr", int(keyword[7:-1]))
                entry["msgstr"][key[1]] = value
            elif keyword == "msgstr":
                key = ("msgstr", 0)
                entry["msgstr"][0] = value
            else:
                key = keyword
                entry[keyword] = value
    return [e for e in entries if e["msgid"] != ""]


def test_every_string_has_an_indonesian_translation():
    entries = parse_po(LOCALE / "django.po")
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file():
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for e in parse_po(LOCALE / "django.po"):
        if "msgid_plural" in e:
            got = [
                catalogue.npgettext(e["msgctxt"], e["msgid"], e["msgid_plural"], n)
                if "msgctxt" in e
                else catalogue.ngettext(e["msgid"], e["msgid_plural"], n)
                for n in (1,)
            ]
            want = [e["msgstr"][0]]
        else:
            got = [
                catalogue.pgettext(e["msgctxt"], e["msgid"])
                if "msgctxt" in e
                else catalogue.gettext(e["msgid"])
            ]
            want = [e["msgstr"][0]]
        if got != want:
            stale.append(e["msgid"])
    assert stale == [], "run `make messages` and commit locale/"


def test_catalogue_covers_every_string_in_the_source(tmp_path):
    """Extract the strings from a copy of the source and compare with the committed catalogue."""
    assert shutil.which("xgettext"), "gettext is needed for this test (make system-deps installs it)"
    for name in SOURCE_DIRS + ["manage.py"]:
        source = settings.BASE_DIR / name
        if source.is_dir():
            shutil.copytree(
                source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations")
            )
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "kbk_portal.settings"},
    )
    assert result.returncode == 0, result.stderr
    extracted = {
        (e.get("msgctxt"), e["msgid"]) for e in parse_po(tmp_path / "locale/id/LC_MESSAGES/django.po")
    }
    committed = {(e.get("msgctxt"), e["msgid"]) for e in parse_po(LOCALE / "django.po")}
    assert sorted(extracted - committed, key=str) == [], "strings missing from locale/: run `make messages`"


def _plain(text: str) -> str:
    """The words of a msgid, its placeholders left out (``%(event)s`` is not the word "event")."""
    return re.sub(r"%\(\w+\)[sd]", "", text)


def test_an_event_is_a_kegiatan_and_a_jury_member_an_anggota_juri_everywhere():
    """One Indonesian word per term: the menu says "Kegiatan", so every event is a kegiatan (never
    an "acara", which is left to the URLs); a jury is "juri" and a jury member "anggota juri"."""
    entries = [
        (_plain(e["msgid"]), " ".join(e["msgstr"].values()).lower()) for e in parse_po(LOCALE / "django.po")
    ]
    assert [msgid for msgid, msgstr in entries if re.search(r"\bacara\b", msgstr)] == []
    events = [
        msgid
        for msgid, msgstr in entries
        if re.search(r"\bevents?\b", msgid, re.IGNORECASE)
        and not re.search(r"\baudit events?\b", msgid, re.IGNORECASE)  # an entry of the audit log
        and "kegiatan" not in msgstr
    ]
    assert events == []
    members = [
        msgid
        for msgid, msgstr in entries
        if re.search(r"\bjury members?\b", msgid, re.IGNORECASE) and "anggota juri" not in msgstr
    ]
    assert members == []
    juries = [
        msgid
        for msgid, msgstr in entries
        if re.search(r"\bjur(y|ies)\b", msgid, re.IGNORECASE) and "juri" not in msgstr
    ]
    assert juries == []
