"""The theme, the measurable title and the conclusion of a risalah."""

import calendar
import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import grid_row, layout_helper
from risalah.forms.numbers import NumberField
from risalah.models import Direction, Risalah

MONTH_INPUTS = (re.compile(r"^(\d{4})-(\d{1,2})$"), re.compile(r"^(\d{1,2})[/.-](\d{4})$"))


class MonthField(forms.CharField):
    """A month ("2026-09", or "09/2026"), stored as the last day of that month; a full date is kept."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "month", "placeholder": "2026-09", "maxlength": "10"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        for pattern in MONTH_INPUTS:
            match = pattern.match(text)
            if match:
                year, month = match.groups() if pattern is MONTH_INPUTS[0] else reversed(match.groups())
                year, month = int(year), int(month)
                if 1 <= month <= 12 and 2000 <= year <= 2100:
                    return date(year, month, calendar.monthrange(year, month)[1])
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValidationError(_("Give the month as year and month, e.g. 2026-09.")) from None


class TitleForm(forms.Form):
    """The theme and the measurable title: its parts, and optionally a title written by hand."""

    theme = forms.CharField(label=_("Theme (tema)"), required=False, max_length=250)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    metric = forms.CharField(
        label=_("What is measured"),
        required=False,
        max_length=250,
        help_text=_("E.g. “the percentage of outpatients served within 60 minutes”."),
    )
    baseline_value = NumberField(label=_("Baseline value (now)"), decimals=2)
    target_value = NumberField(label=_("Target value"), decimals=2)
    unit_of_measure = forms.CharField(
        label=_("Unit of measure"), required=False, max_length=40, help_text=_("E.g. %, menit, hari, berkas.")
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    deadline = MonthField(label=_("Deadline (month)"))
    title_is_custom = forms.BooleanField(label=_("I write the title myself"), required=False)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Used only when you write the title yourself."),
    )
    conclusion = forms.CharField(
        label=_("Conclusion"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Written at the end: what the group achieved and learned. It closes the printed risalah."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    # The title's parts, then (after the composed title the page shows) the title written by hand.
    parts_helper = layout_helper(
        "theme",
        grid_row(
            "row g-2",
            direction="col-12 col-md-3",
            metric="col-12 col-md-9",
            baseline_value="col-6 col-md-4",
            target_value="col-6 col-md-4",
            unit_of_measure="col-12 col-md-4",
            place="col-12 col-md-8",
            deadline="col-12 col-md-4",
        ),
    )
    written_helper = layout_helper("title_is_custom", "title", "conclusion")

    def __init__(self, *args, risalah: Risalah, disabled: bool = False, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                **{
                    name: getattr(risalah, name)
                    for name in (
                        "theme",
                        "direction",
                        "metric",
                        "baseline_value",
                        "target_value",
                        "unit_of_measure",
                        "place",
                        "deadline",
                        "title",
                        "title_is_custom",
                        "conclusion",
                    )
                },
                "version": risalah.version,
            },
        )
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            form_field.disabled = disabled

    def _decimal(self, name: str) -> Decimal | None:
        value = self.cleaned_data[name]
        if value is None:
            return None
        number = Decimal(str(value)).quantize(Decimal("0.01"))
        if abs(number) >= Decimal("1e10"):
            raise ValidationError(_("This number is too large."))
        return number

    def clean_baseline_value(self):
        return self._decimal("baseline_value")

    def clean_target_value(self):
        return self._decimal("target_value")

    def clean(self):
        cleaned = super().clean()
        for name in ("theme", "metric", "unit_of_measure", "place"):
            if name in cleaned:
                cleaned[name] = " ".join(cleaned[name].split())
        if cleaned.get("title_is_custom") and not cleaned.get("title", "").strip():
            self.add_error("title", _("Write the title, or untick “I write the title myself”."))
        return cleaned

    def parts(self) -> dict:
        from risalah.services import TITLE_PARTS

        return {name: self.cleaned_data[name] for name in TITLE_PARTS}


class PreviewRisalah:
    """Stand-in carrying title parts for compose_title, built from a form's input (no database)."""

    def __init__(self, **parts):
        self.__dict__.update(parts)
