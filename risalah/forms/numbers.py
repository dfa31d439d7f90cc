"""Number fields that read a number the Indonesian way ("29,6") or the English way ("29.6")."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

NUMBER_HELP = _("A number; use a comma for decimals, e.g. 29,6.")

# What a number field accepts. A measurement (target, value, X/Y) lies within ±MEASURE_LIMIT
# with at most MEASURE_DECIMALS decimals (the title's values: two, as stored); a count is a whole
# number from 0 to COUNT_LIMIT. Digits only: no exponent ("1e5"), no "nan" or "inf".
MEASURE_LIMIT = Decimal(9_999_999_999)
MEASURE_DECIMALS = 4
COUNT_LIMIT = Decimal(1_000_000_000)
NUMBER_TEXT = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?)$")


def _grouped(number: Decimal) -> str:
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def parse_number(
    text: str,
    *,
    minimum: Decimal = -MEASURE_LIMIT,
    maximum: Decimal = MEASURE_LIMIT,
    decimals: int = MEASURE_DECIMALS,
    whole: bool = False,
) -> float:
    """The number written in ``text`` ("29,6", "29.6", "1.250.000", "95%"), within the limits.

    Raises ValidationError with a message that states the limits.
    """
    compact = text.strip().replace(" ", "").replace("\xa0", "").replace("%", "")
    if len(compact) > 30 or not NUMBER_TEXT.match(compact):
        raise ValidationError(
            _("“%(value)s” is not a number. Write e.g. 29,6."), code="invalid", params={"value": text}
        )
    if "," in compact:
        compact = compact.replace(".", "").replace(",", ".")
    elif compact.count(".") > 1:  # thousands separators only
        compact = compact.replace(".", "")
    number = Decimal(compact)
    places = max(0, -number.as_tuple().exponent)
    if whole:
        if places or not minimum <= number <= maximum:
            raise ValidationError(
                _("Enter a whole number from %(minimum)s to %(maximum)s."),
                code="range",
                params={"minimum": _grouped(minimum), "maximum": _grouped(maximum)},
            )
    elif not minimum <= number <= maximum:
        raise ValidationError(
            _("Enter a number between %(minimum)s and %(maximum)s."),
            code="range",
            params={"minimum": _grouped(minimum), "maximum": _grouped(maximum)},
        )
    elif places > decimals:
        raise ValidationError(
            _("Use at most %(places)s digits after the decimal comma."),
            code="decimals",
            params={"places": decimals},
        )
    return float(number)


class NumberField(forms.CharField):
    """A number typed the Indonesian way ("29,6") or the English way ("29.6"). Empty is None.

    Within the limits of ``parse_number`` (a measurement by default).
    """

    limits: dict = {}

    def __init__(self, *, decimals: int = MEASURE_DECIMALS, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.limits = {**self.limits, "decimals": decimals}
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("maxlength", "30")

    def prepare_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            number = Decimal(str(value)).normalize()
            if number == number.to_integral():
                number = number.quantize(Decimal(1))
            return formats.number_format(number, use_l10n=True)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        return parse_number(text, **self.limits)


class CountField(NumberField):
    """How often something was counted: a whole number from 0 to COUNT_LIMIT."""

    limits = {"minimum": Decimal(0), "maximum": COUNT_LIMIT, "whole": True}

    def __init__(self, **kwargs):
        super().__init__(decimals=0, **kwargs)
        self.widget.attrs["inputmode"] = "numeric"
