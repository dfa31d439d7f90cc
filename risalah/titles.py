"""The measurable title sentence, composed from the risalah's title parts."""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from risalah.models import Direction


def format_value(value: Decimal | None, unit: str) -> str:
    """29.60 and "%" -> "29,6%"; 30 and "menit" -> "30 menit" (localised decimal separator)."""
    if value is None:
        return "…"
    number = formats.number_format(value.normalize() if isinstance(value, Decimal) else value, use_l10n=True)
    if not unit:
        return number
    return f"{number}{unit}" if unit in {"%", "‰"} else f"{number} {unit}"


def compose_title(risalah) -> str:
    """E.g. "Meningkatkan persentase ... dari 29,6% menjadi 95% pada September 2026 di Puskesmas X"."""
    verb = _("Increase") if risalah.direction == Direction.INCREASE else _("Decrease")
    parts = [verb, risalah.metric or "…"]
    parts.append(
        _("from %(baseline)s to %(target)s")
        % {
            "baseline": format_value(risalah.baseline_value, risalah.unit_of_measure),
            "target": format_value(risalah.target_value, risalah.unit_of_measure),
        }
    )
    if risalah.deadline:
        parts.append(_("by %(month)s") % {"month": formats.date_format(risalah.deadline, "F Y")})
    if risalah.place:
        parts.append(_("at %(place)s") % {"place": risalah.place})
    return " ".join(parts)
