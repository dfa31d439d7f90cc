"""The tools that evaluate the result: before and after, the control chart, the benefits."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import grid_row, layout_helper
from risalah import charts
from risalah.forms.editors import ToolEditor, textarea
from risalah.forms.numbers import NumberField, parse_number

VERDICT_CHOICES = [
    ("", _("Not decided yet")),
    ("yes", _("Yes, the target was reached")),
    ("no", _("No, the target was not reached")),
]


class BeforeAfterForm(forms.Form):
    metric = forms.CharField(
        label=_("What is measured"), required=False, max_length=250, help_text=_("The same as in the title.")
    )
    before = NumberField(label=_("Value before"))
    after = NumberField(label=_("Value after"))
    target = NumberField(label=_("Target"))
    target_reached = forms.ChoiceField(
        label=_("Was the target reached?"), required=False, choices=VERDICT_CHOICES
    )

    helper = layout_helper(
        "metric",
        grid_row("row g-2", before="col-4", after="col-4", target="col-4"),
        "target_reached",
    )

    def value(self) -> dict:
        data = dict(self.cleaned_data)
        data["target_reached"] = {"yes": True, "no": False}.get(data["target_reached"])
        return data


SEPARATORS = re.compile(r"[\s;]+")


class ControlChartForm(forms.Form):
    label = forms.CharField(label=_("What the values measure"), required=False, max_length=100)
    values = forms.CharField(
        label=_("Values in time order"),
        required=False,
        max_length=4000,
        widget=textarea(4),
        help_text=_("One value per line (or separated by spaces or semicolons); decimals with a comma."),
    )

    def clean_values(self) -> list[float]:
        numbers, wrong, refused = [], [], []
        for token in SEPARATORS.split(self.cleaned_data["values"].strip()):
            if not token:
                continue
            try:
                numbers.append(parse_number(token))
            except ValidationError as error:
                if error.code == "invalid":
                    wrong.append(token)
                else:
                    refused.append(f"“{token}”: {error.messages[0]}")
        errors = refused[:5]
        if wrong:
            errors.insert(
                0,
                ValidationError(
                    _("These are not numbers: %(values)s."), params={"values": ", ".join(wrong[:5])}
                ),
            )
        if errors:
            raise ValidationError(errors)
        return numbers


class BenefitsForm(forms.Form):
    tangible = forms.CharField(
        label=_("Tangible benefits"), required=False, max_length=4000, widget=textarea()
    )
    intangible = forms.CharField(
        label=_("Intangible benefits"), required=False, max_length=4000, widget=textarea()
    )
    side_effects = forms.CharField(
        label=_("Side effects"), required=False, max_length=4000, widget=textarea(2)
    )


class BeforeAfterEditor(ToolEditor):
    tool = "before_after"
    form_class = BeforeAfterForm

    def form_initial(self) -> dict:
        initial = dict(self.saved)
        risalah = self.ctx.risalah
        # A fresh evaluation starts from the title: same metric, same baseline, same target.
        # (Readers see what was written, nothing suggested.)
        if not self.disabled:
            if not initial["metric"]:
                initial["metric"] = risalah.metric
            if initial["before"] is None and risalah.baseline_value is not None:
                initial["before"] = risalah.baseline_value
            if initial["target"] is None and risalah.target_value is not None:
                initial["target"] = risalah.target_value
        initial["target_reached"] = {True: "yes", False: "no"}.get(initial["target_reached"], "")
        return initial


class ControlChartEditor(ToolEditor):
    tool = "control_chart"
    form_class = ControlChartForm

    def form_initial(self) -> dict:
        values = [NumberField().prepare_value(value) for value in self.saved["values"]]
        return {"label": self.saved["label"], "values": "\n".join(values)}

    def limits(self) -> tuple[float, float, float] | None:
        """(LCL, mean, UCL) of the saved values, when there are enough."""
        try:
            return charts.control_limits(self.saved["values"], non_negative=min(self.saved["values"]) >= 0)
        except ValueError:
            return None


class BenefitsEditor(ToolEditor):
    tool = "benefits"
    form_class = BenefitsForm
