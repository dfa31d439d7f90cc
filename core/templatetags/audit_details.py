"""``{% for label, value in event.details|audit_details %}``: an audit event's details in words."""

from django import template

from core.audit import readable_details

register = template.Library()


@register.filter
def audit_details(details) -> list[tuple[str, str]]:
    return readable_details(details or {})
