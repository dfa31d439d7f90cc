"""Number formatting for the printed risalah: Indonesian decimal comma, no needless zeros."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def number(value, decimals: int = 2) -> str:
    """29.6 -> "29,6"; 95.0 -> "95"; 1234.567 -> "1234,57"; None -> "—"."""
    if value is None or value == "" or isinstance(value, bool):
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    amount = amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()
    return formats.number_format(amount, use_l10n=True)


@register.filter
def measure(value, unit: str = "") -> str:
    """A number with its unit: "29,6%" (percent and per mille attached), "41 menit"."""
    text = number(value)
    if text == "—" or not unit:
        return text
    return f"{text}{unit}" if unit in {"%", "‰"} else f"{text} {unit}"
