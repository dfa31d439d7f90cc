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


def env_s3_storages() -> dict[str, dict]:
    """``STORAGES["default"]`` and ``STORAGES["exports"]`` for ``MEDIA_STORAGE=s3``.

    Both in one bucket (``MEDIA_S3_BUCKET``), the exports under ``exports/`` as EXPORT_ROOT is
    under MEDIA_ROOT, everything below ``MEDIA_S3_PREFIX`` when set. Objects stay private: the
    ACL "private", only signed URLs (and the portal makes none: every file is read through the
    storage by a view that checked access). Without keys boto3 looks for its own (``AWS_*``
    variables, ``~/.aws``, an instance role).
    """
    bucket = env_str("MEDIA_S3_BUCKET")
    if bucket is None:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET (the bucket's name).")
    prefix = env_str("MEDIA_S3_PREFIX", "").strip("/")
    style = env_str("MEDIA_S3_ADDRESSING_STYLE")
    if style not in {None, "path", "virtual"}:
        raise ImproperlyConfigured(f"MEDIA_S3_ADDRESSING_STYLE must be path or virtual, got {style!r}")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL"),  # unset: Amazon S3 itself
        "region_name": env_str("MEDIA_S3_REGION"),
        "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID"),
        "secret_key": env_secret("MEDIA_S3_SECRET_ACCESS_KEY"),
        "addressing_style": style,  # MinIO and many others want "path"
        "default_acl": "private",
        "querystring_auth": True,
        "custom_domain": None,
        # As FileSystemStorage: a name already taken gets a suffix, nothing is written over.
        "file_overwrite": False,
    }
    backend = "storages.backends.s3.S3Storage"
    return {
        "default": {"BACKEND": backend, "OPTIONS": {**options, "location": prefix}},
        "exports": {
            "BACKEND": backend,
            "OPTIONS": {**options, "location": "/".join(filter(None, [prefix, "exports"]))},
        },
    }
