"""The tools that name the problem and its target: the problem list, the check sheet, the target."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from risalah.forms.editors import RowForm, ToolEditor, textarea
from risalah.forms.numbers import CountField, NumberField
from risalah.titles import format_value
from risalah.tools import problem_rows_ranked


class ProblemRowForm(RowForm):
    columns = {"problem": 5, "target": 2, "achievement": 2, "unit": 1, "chosen": 1}
    problem = forms.CharField(label=_("Problem"), required=False, max_length=300)
    target = NumberField(label=_("Target"))
    achievement = NumberField(label=_("Achievement"))
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40)
    chosen = forms.BooleanField(label=_("Chosen"), required=False)


class CheckSheetRowForm(RowForm):
    columns = {"label": 8, "count": 3}
    label = forms.CharField(label=_("What was counted"), required=False, max_length=200)
    count = CountField(label=_("Count"))


class CheckSheetForm(forms.Form):
    title = forms.CharField(label=_("Title of the check sheet"), required=False, max_length=200)


class TargetForm(forms.Form):
    justification = forms.CharField(
        label=_("Why this target"),
        required=False,
        max_length=4000,
        widget=textarea(),
        help_text=_("The target values themselves are part of the title."),
    )


class ProblemListEditor(ToolEditor):
    tool = "problem_list"
    row_class = ProblemRowForm
    blank_rows = 3

    def ranked(self) -> list[dict]:
        """The saved problems, largest deviation first, with their numbers written for people."""
        rows = problem_rows_ranked(self.saved)
        for row in rows:
            for key in ("target", "achievement", "deviation"):
                row[f"{key}_text"] = format_value(
                    None if row[key] is None else Decimal(str(row[key])), row["unit"]
                )
        return rows


class CheckSheetEditor(ToolEditor):
    tool = "check_sheet"
    form_class = CheckSheetForm
    row_class = CheckSheetRowForm
    blank_rows = 3


class TargetEditor(ToolEditor):
    tool = "target"
    form_class = TargetForm
