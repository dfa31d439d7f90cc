"""purge_media: files no current or history row names are listed (dry run) and removed (--apply)."""

import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from groups.models import Group, GroupYear
from tests.factories import GroupFactory, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

TWO_DAYS = 2 * 24 * 60 * 60


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def age(path: Path, seconds: int = TWO_DAYS) -> Path:
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def stored(media: Path) -> set[str]:
    return {str(path.relative_to(media)) for path in media.rglob("*") if path.is_file()}


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_media", *args, stdout=out)
    return out.getvalue()


def replace_logo(group: Group) -> tuple[Path, Path]:
    old = Path(group.logo.path)
    group.logo = ContentFile(png_bytes(), name="baru.png")
    group.save()
    return old, Path(group.logo.path)


def test_a_replaced_logo_stays_while_a_history_row_names_it(media):
    group = GroupFactory(name="KBK Sehati", logo=ContentFile(png_bytes(), name="logo.png"))
    old, new = replace_logo(group)
    age(old), age(new)
    output = purge("--apply")
    assert old.exists() and new.exists()
    assert "0 file(s) no row needs" in output
    assert "; 2 still needed;" in output
    assert Group.history.filter(logo=str(old.relative_to(media))).exists()


def test_a_logo_no_row_names_is_listed_then_deleted_with_apply(media):
    group = GroupFactory(name="KBK Sehati", logo=ContentFile(png_bytes(), name="logo.png"))
    old, new = replace_logo(group)
    age(old), age(new)
    old_name = str(old.relative_to(media))
    Group.history.filter(logo=old_name).delete()  # the history was pruned

    dry = purge()
    assert f"would delete: {old_name} (" in dry
    assert "Dry run: nothing deleted" in dry
    assert old.exists()

    applied = purge("--apply")
    assert f"delete: {old_name}" in applied
    assert "Deleted 1." in applied
    assert not old.exists()
    assert new.exists()
    group.refresh_from_db()
    with group.logo.open("rb") as handle:
        assert handle.read() == new.read_bytes()
    assert purge().count("would delete") == 0


def test_a_replaced_sk_scan_no_history_row_names_is_deleted(media, world):
    group_year = GroupYear.objects.get(pk=world.group_year_a.pk)
    group_year.sk_scan = ContentFile(pdf_bytes(), name="sk-lama.pdf")
    group_year.save()
    old_scan = Path(group_year.sk_scan.path)
    group_year.sk_scan = ContentFile(pdf_bytes(), name="sk-baru.pdf")
    group_year.save()
    new_scan = Path(group_year.sk_scan.path)
    for path in media.rglob("*"):
        if path.is_file():
            age(path)
    old_name = str(old_scan.relative_to(media))
    GroupYear.history.filter(sk_scan=old_name).delete()

    before = stored(media)
    applied = purge("--apply")
    assert stored(media) == before - {old_name}
    assert new_scan.exists()
    assert "Deleted 1." in applied


def test_young_files_and_other_folders_are_left_alone(media, world):
    stray = media / "groups" / "logos" / "tertinggal.png"
    stray.write_bytes(png_bytes())  # an upload whose row is not committed yet
    stash = media / "imports" / "pratinjau.csv"
    stash.parent.mkdir(parents=True, exist_ok=True)
    stash.write_bytes(b"kode,nama\n")
    age(stash)
    for path in (media / "groups").rglob("*"):
        if path.is_file() and path != stray:
            age(path)

    output = purge("--apply")
    assert stray.exists() and stash.exists()
    assert "1 too recent to judge" in output

    output = purge("--apply", "--min-age-hours", "0")
    assert not stray.exists()
    assert stash.exists()  # not a file field's folder: the import preview cleans up after itself
    assert "Deleted 1." in output
    world.group_a.refresh_from_db()
    assert Path(world.group_a.logo.path).exists()


def test_a_negative_age_is_refused(media):
    with pytest.raises(CommandError):
        purge("--min-age-hours", "-1")
