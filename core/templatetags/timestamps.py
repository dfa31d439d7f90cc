"""``{{ value|timestamp }}``: a moment as people in the Pemda read it, "18 Juli 2026 10.42 WIB".

One filter for every timestamp of the history and audit pages, so none shows UTC or a raw value.
"""

from django import template

from core.timestamps import format_timestamp

register = template.Library()


@register.filter(expects_localtime=False)
def timestamp(value) -> str:
    return format_timestamp(value)
