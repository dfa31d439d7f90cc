"""Timestamps and other recorded values written for people: local time (Asia/Jakarta) with its
zone, "18 Juli 2026 10.42 WIB"; dates as "18 Juli 2026"; lists as "1, 2, 3"."""

from datetime import date, datetime

from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

EMPTY = "—"


def format_timestamp(value) -> str:
    """An aware datetime in the current time zone (the portal's, Asia/Jakarta) with the zone's
    name; "—" for nothing."""
    if value in (None, ""):
        return EMPTY
    if not isinstance(value, datetime):
        return format_value(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    # Translators: a PHP-style date format (Django's "date" filter): Indonesian writes "H.i".
    return dateformat.format(value, pgettext("timestamp format", "j F Y H:i T")).strip()


def format_value(value) -> str:
    """A recorded value (a history change) as text: timestamps and dates localised, lists joined."""
    if value in (None, "", [], {}):
        return EMPTY
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return date_format(value)
    if isinstance(value, list | tuple):
        return ", ".join(format_value(item) for item in value)
    return str(value)
