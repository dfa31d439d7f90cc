"""Strict readers of environment variables for ``settings.py``.

An empty variable counts as unset. A value that cannot be what the setting needs stops the
start with ``ImproperlyConfigured`` naming the variable, never with a guess. Secrets may come
from a file instead (``SECRET_KEY_FILE=/run/secrets/kbk_secret_key``: Docker secrets, systemd
credentials, a file only the service user can read), so they stay out of the process
environment and out of ``ps e`` and crash reports.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_secret(name: str, default: str | None = None) -> str | None:
    """``name`` from the environment, or the contents of the file that ``name_FILE`` names.

    The file's line ending is dropped (editors and ``echo`` add one), nothing else: a password
    may end with a space. Setting both is refused, so nobody wonders which one wins.
    """
    path = env_str(f"{name}_FILE")
    if path is None:
        return env_str(name, default)
    if env_str(name) is not None:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    try:
        value = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImproperlyConfigured(f"{name}_FILE: cannot read {path} ({exc})") from exc
    if value == "":
        raise ImproperlyConfigured(f"{name}_FILE: {path} is empty")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_emails(name: str) -> list[str]:
    """A comma-separated list of e-mail addresses (``ADMINS=a@x.go.id,b@x.go.id``), each checked."""
    addresses = env_list(name, [])
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ImproperlyConfigured(f"{name}: {address!r} is not an e-mail address") from exc
    return addresses
