"""The lock files (make lock) agree with the requirements they were made from.

``make setup`` installs requirements-dev.lock with ``--require-hashes``: a package pinned in
requirements*.txt but not (or at another version) in the locks means someone forgot
``make lock``, and production (requirements.lock) would differ from what the tests ran with.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    return {canonical(name): version for name, version in PIN.findall(path.read_text(encoding="utf-8"))}


def entries(path: Path) -> list[str]:
    """The lock's requirements, each with its continuation lines (hashes), comments dropped."""
    text = re.sub(r"\\\n\s*", " ", path.read_text(encoding="utf-8"))
    return [line for line in text.splitlines() if line and not line.lstrip().startswith("#")]


@pytest.mark.parametrize(
    ("source", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_every_pin_of_the_requirements_is_in_its_lock(source, lock):
    wanted = pins(ROOT / source)
    if source == "requirements-dev.txt":
        wanted |= pins(ROOT / "requirements.txt")  # through its -r requirements.txt
    locked = pins(ROOT / lock)
    assert {
        name: (version, locked.get(name)) for name, version in wanted.items() if locked.get(name) != version
    } == {}


def test_the_development_lock_installs_the_production_set_unchanged():
    production, development = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements-dev.lock")
    assert {
        name: (v, development.get(name)) for name, v in production.items() if development.get(name) != v
    } == {}


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_a_hash_and_no_index_is_named(lock):
    lines = entries(ROOT / lock)
    assert lines, f"{lock} is empty"
    assert [line.split()[0] for line in lines if "--hash=sha256:" not in line] == []
    assert [
        line
        for line in lines
        if line.startswith(("-i", "--index-url", "--extra-index-url", "-f", "--find-links"))
    ] == []
