"""The tools that plan and record the countermeasures: the 5W+1H plan and the implementation log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from risalah.forms.editors import RowForm, ToolEditor
from risalah.tools import cause_label


class PlanRowForm(RowForm):
    stacked = True
    columns = {"cause": 12, "what": 6, "why": 6, "where": 4, "when": 3, "who": 5, "how": 12}
    cause_id = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    cause = forms.CharField(label=_("Dominant cause"), required=False, max_length=300)
    what = forms.CharField(
        label=_("What (the countermeasure)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    why = forms.CharField(
        label=_("Why"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    where = forms.CharField(label=_("Where"), required=False, max_length=300)
    when = forms.CharField(label=_("When"), required=False, max_length=100)
    who = forms.MultipleChoiceField(
        label=_("Who (from the roster)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    how = forms.CharField(
        label=_("How"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, roster: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = roster
        self.fields["who"].error_messages["invalid_choice"] = _(
            "Choose people from the group's roster of this year."
        )


class LogRowForm(RowForm):
    columns = {"date": 3, "activity": 4, "result": 4}
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    activity = forms.CharField(label=_("Activity"), required=False, max_length=1000)
    result = forms.CharField(label=_("Result"), required=False, max_length=1000)

    def value(self) -> dict:
        row = dict(self.cleaned_data)
        row["date"] = row["date"].isoformat() if row["date"] else ""
        return row


class PlanEditor(ToolEditor):
    tool = "plan_5w1h"
    row_class = PlanRowForm

    def row_kwargs(self) -> dict:
        return {"roster": self.ctx.roster}

    def initial_rows(self) -> list[dict]:
        # Nothing planned yet: one row per dominant cause, as the method asks.
        rows = super().initial_rows()
        if rows or self.disabled:
            return rows
        return [
            {"cause_id": row["cause_id"], "cause": cause_label(row, self.ctx.causes)}
            for row in self.ctx.dominant
        ]


class LogEditor(ToolEditor):
    tool = "implementation_log"
    row_class = LogRowForm
    blank_rows = 2
