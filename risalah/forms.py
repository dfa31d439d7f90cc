"""Forms of the risalah pages.

A step page edits every tool of its method step. Tables (problem list, check sheet, causes,
5W+1H, ...) have a variable number of rows: each row is a small Django form whose prefix carries
its index (``check_sheet-3-count``). The indices are discovered from the posted keys, so a row
removed in the browser simply is not posted and a row added by the page's script gets any fresh
index. ``StepEditor`` groups the tool editors and turns their cleaned input into the data shapes of
``risalah.tools``.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core import permissions
from groups.models import Group, ProgrammeYear
from risalah import charts
from risalah.models import Direction, Risalah, RisalahStep, Status, Tool
from risalah.titles import format_value
from risalah.tools import (
    DEFAULT_CAUSE_CATEGORIES,
    cause_label,
    dominant_causes,
    normalise,
    problem_rows_ranked,
    resolve_cause,
)

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


def _small(field: forms.Field, label) -> None:
    """Compact widgets for table cells, labelled for screen readers."""
    widget = field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        pass  # its class would land on the wrapping <div> too; styled in risalah.css
    elif isinstance(widget, forms.CheckboxInput):
        widget.attrs["class"] = "form-check-input"
    elif isinstance(widget, forms.Select):
        widget.attrs["class"] = "form-select form-select-sm"
    else:
        widget.attrs["class"] = "form-control form-control-sm"
    widget.attrs["aria-label"] = str(label)


class RowForm(forms.Form):
    """One row of a tool's table. Subclasses say how wide each column is on a wide screen."""

    columns: dict[str, int] = {}
    stacked = False  # True: labels above every field on wide screens too (rows with long texts)
    compact = False  # True: one field and its remove button on one line, even on a phone

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, form_field in self.fields.items():
            _small(form_field, form_field.label)
            if form_field.widget.is_hidden:
                continue
            form_field.width = self.columns.get(name, 2)

    def value(self) -> dict:
        return dict(self.cleaned_data)


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


class CauseRowForm(RowForm):
    """A cause on a bone of the fishbone; its id ties it to the cause test and the plan."""

    compact = True
    id = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput(attrs={"data-new-id": ""}))
    text = forms.CharField(
        label=_("Cause"), required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Category"), required=False, max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _small(self.fields["name"], self.fields["name"].label)


OTHER_CAUSE = "__other__"  # the choice "another cause", which reveals the field to type it


class CauseTestRowForm(RowForm):
    """One tested cause: chosen among the fishbone's causes, or typed when "another cause" is chosen.

    One cause, one control: a chosen fishbone cause wins over any text, and the text counts only
    with "another cause". Without a fishbone in the method there is nothing to choose: the cause
    is typed.
    """

    columns = {"cause_id": 7, "cause": 7, "count": 2, "dominant": 2}
    cause_id = forms.CharField(label=_("Cause"), required=False, max_length=20, widget=forms.Select)
    cause = forms.CharField(label=_("The other cause"), required=False, max_length=300)
    count = CountField(label=_("Count"))
    dominant = forms.BooleanField(label=_("Dominant"), required=False)

    def __init__(self, *args, causes: dict[str, str], cause_groups: list, has_fishbone: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.causes = causes
        if has_fishbone:
            self.fields["cause_id"].widget.choices = [
                ("", _("— choose a cause —")),
                *cause_groups,
                (OTHER_CAUSE, _("Another cause (not in the fishbone diagram)")),
            ]
            self.fields["cause_id"].widget.attrs["data-cause-choice"] = OTHER_CAUSE
        else:
            del self.fields["cause_id"]
            self.fields["cause"].label = _("Cause")
            self.fields["cause"].widget.attrs["aria-label"] = str(_("Cause"))

    @property
    def other_cause(self) -> bool:
        """True when the row's cause is typed by hand (shown with its text field)."""
        return "cause_id" not in self.fields or self["cause_id"].value() == OTHER_CAUSE

    def value(self) -> dict:
        row = dict(self.cleaned_data)
        chosen = row.pop("cause_id", OTHER_CAUSE)
        typed = row["cause"] if chosen == OTHER_CAUSE else ""
        cause_id, cause = resolve_cause("" if chosen == OTHER_CAUSE else chosen, typed, self.causes)
        return {**row, "cause_id": cause_id, "cause": cause}


class ScatterRowForm(RowForm):
    columns = {"x": 5, "y": 6}
    x = NumberField(label=_("X value"))
    y = NumberField(label=_("Y value"))

    def value(self) -> dict:
        return {"pair": [self.cleaned_data["x"], self.cleaned_data["y"]]}


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


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CheckSheetForm(forms.Form):
    title = forms.CharField(label=_("Title of the check sheet"), required=False, max_length=200)


class TargetForm(forms.Form):
    justification = forms.CharField(
        label=_("Why this target"),
        required=False,
        max_length=4000,
        widget=_textarea(),
        help_text=_("The target values themselves are part of the title."),
    )


class FishboneForm(forms.Form):
    problem = forms.CharField(label=_("The problem (the fish's head)"), required=False, max_length=300)


class ScatterForm(forms.Form):
    x_label = forms.CharField(label=_("What X measures"), required=False, max_length=100)
    y_label = forms.CharField(label=_("What Y measures"), required=False, max_length=100)


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
        widget=_textarea(4),
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
        label=_("Tangible benefits"), required=False, max_length=4000, widget=_textarea()
    )
    intangible = forms.CharField(
        label=_("Intangible benefits"), required=False, max_length=4000, widget=_textarea()
    )
    side_effects = forms.CharField(
        label=_("Side effects"), required=False, max_length=4000, widget=_textarea(2)
    )


class StandardForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the new or revised standard (SOP)"), required=False, max_length=300
    )
    number = forms.CharField(label=_("Number of the SOP"), required=False, max_length=120)
    summary = forms.CharField(
        label=_("What the standard says"), required=False, max_length=4000, widget=_textarea()
    )
    socialisation = forms.CharField(
        label=_("How it was socialised"), required=False, max_length=4000, widget=_textarea()
    )


class NextThemeForm(forms.Form):
    theme = forms.CharField(label=_("Next theme"), required=False, max_length=300)
    reason = forms.CharField(label=_("Why this theme"), required=False, max_length=4000, widget=_textarea(2))


@dataclass
class EditorContext:
    """What the editors need from outside the step: the causes, the roster, the title."""

    risalah: Risalah
    causes: dict[str, str] = field(default_factory=dict)  # fishbone cause id -> text
    cause_groups: list = field(default_factory=list)  # [(category, [(cause id, text)])] for a <select>
    has_fishbone: bool = False  # the method has a fishbone diagram: tested causes are chosen from it
    dominant: list[dict] = field(default_factory=list)  # dominant rows of the cause test
    roster: list[tuple[str, str]] = field(default_factory=list)  # (person uuid, name)


ROW_INDEX = re.compile(r"^(\d+)-")


def posted_indices(data, prefix: str) -> list[int]:
    """The row indices present in ``data`` under ``prefix`` (``prefix-<i>-field``), sorted."""
    start = f"{prefix}-"
    found = set()
    for key in data:
        if key.startswith(start):
            match = ROW_INDEX.match(key[len(start) :])
            if match:
                found.add(int(match.group(1)))
    return sorted(found)


class ToolEditor:
    """The editor of one tool: an optional form of single fields and an optional table of rows."""

    tool: str
    form_class: type[forms.Form] | None = None
    row_class: type[RowForm] | None = None
    blank_rows = 1  # rows offered when the table is empty

    def __init__(self, saved: dict, *, data=None, ctx: EditorContext, auto_id: str, disabled: bool):
        self.saved, self.data, self.ctx, self.auto_id, self.disabled = saved, data, ctx, auto_id, disabled
        self.form = None
        if self.form_class is not None:
            self.form = self.form_class(data, prefix=self.tool, initial=self.form_initial(), auto_id=auto_id)
            self._finish(self.form)
        self.rows: list[RowForm] = []
        self.empty_row: RowForm | None = None
        if self.row_class is not None:
            if data is not None:
                self.rows = [self.make_row(index, data=data) for index in posted_indices(data, self.tool)]
            else:
                # Readers see what was written; writers also get blank rows to fill.
                initial = self.initial_rows() or ([] if disabled else [{}] * self.blank_rows)
                self.rows = [self.make_row(index, initial=row) for index, row in enumerate(initial)]
            self.empty_row = self.make_row("__i__")
            self.next_index = (
                len(self.rows) if data is None else max(posted_indices(data, self.tool) + [-1]) + 1
            )

    @property
    def label(self) -> str:
        return Tool(self.tool).label

    @property
    def dom_id(self) -> str:
        """A prefix for element ids, unique per editor on the page."""
        return self.auto_id % self.tool

    @property
    def template_name(self) -> str:
        return f"risalah/tools/{self.tool}.html"

    @property
    def columns(self) -> list:
        """The visible fields of a row (for the table header)."""
        row = self.empty_row
        return [] if row is None else list(row.visible_fields())

    def row_kwargs(self) -> dict:
        return {}

    def make_row(self, index, *, data=None, initial=None) -> RowForm:
        row = self.row_class(
            data, prefix=f"{self.tool}-{index}", initial=initial, auto_id=self.auto_id, **self.row_kwargs()
        )
        return self._finish(row)

    def _finish(self, form: forms.Form) -> forms.Form:
        for form_field in form.fields.values():
            form_field.disabled = self.disabled
        return form

    def form_initial(self) -> dict:
        return dict(self.saved)

    def initial_rows(self) -> list[dict]:
        return list(self.saved.get("rows", []))

    def forms(self) -> list[forms.Form]:
        return ([self.form] if self.form is not None else []) + self.rows

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.forms()]  # validate every form, not up to the first error
        valid = all(results)
        for form in self.forms():
            for name in form.errors:
                if name in form.fields:
                    widget = form.fields[name].widget
                    widget.attrs["class"] = widget.attrs.get("class", "form-control") + " is-invalid"
        return valid

    def error_messages(self) -> list[str]:
        return [error["message"] for error in self.field_errors()]

    def field_errors(self) -> list[dict]:
        """``{"field": element id or "", "message": "Tool — Label: error"}`` for every error."""
        found = []
        for form in self.forms():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                field_id = form[name].auto_id if name in form.fields else ""
                found.extend(
                    {"field": field_id, "error": error, "message": f"{self.label} — {label}: {error}"}
                    for error in errors
                )
        return found

    def value(self) -> dict:
        """The posted tool data (after ``is_valid``), in the shape of risalah.tools."""
        raw = (
            dict(self.form.value() if hasattr(self.form, "value") else self.form.cleaned_data)
            if self.form
            else {}
        )
        if self.row_class is not None:
            raw["rows"] = [row.value() for row in self.rows]
        return normalise(self.tool, raw)


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


class CauseTestEditor(ToolEditor):
    tool = "cause_test"
    row_class = CauseTestRowForm

    def row_kwargs(self) -> dict:
        return {
            "causes": self.ctx.causes,
            "cause_groups": self.ctx.cause_groups,
            "has_fishbone": self.ctx.has_fishbone,
        }

    @property
    def columns(self) -> list:
        # The other cause is typed below the choice, in the same column.
        return [
            field for field in super().columns if field.name != "cause" or "cause_id" not in field.form.fields
        ]

    def initial_rows(self) -> list[dict]:
        rows = super().initial_rows()
        if not rows and not self.disabled:
            # Nothing tested yet: offer every cause of the fishbone, to be counted.
            return [{"cause_id": cause_id} for cause_id in self.ctx.causes]
        if not self.ctx.has_fishbone:
            return rows
        shown = []
        for row in rows:
            cause_id, cause = resolve_cause(row["cause_id"], row["cause"], self.ctx.causes)
            if cause_id in self.ctx.causes:
                shown.append({**row, "cause_id": cause_id, "cause": ""})
            elif cause:
                shown.append({**row, "cause_id": OTHER_CAUSE, "cause": cause})
            else:
                shown.append({**row, "cause_id": "", "cause": ""})  # its cause is gone: to be chosen again
        return shown


class ScatterEditor(ToolEditor):
    tool = "scatter"
    form_class = ScatterForm
    row_class = ScatterRowForm
    blank_rows = 3

    def initial_rows(self) -> list[dict]:
        return [{"x": x, "y": y} for x, y in self.saved["pairs"]]

    def correlation(self) -> float | None:
        """Pearson's r of the saved pairs, when defined."""
        try:
            return charts.correlation(self.saved["pairs"])
        except ValueError:
            return None

    def value(self) -> dict:
        raw = dict(self.form.cleaned_data)
        raw["pairs"] = [row.value()["pair"] for row in self.rows]
        return normalise(self.tool, raw)


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


class StandardEditor(ToolEditor):
    tool = "standard"
    form_class = StandardForm


class NextThemeEditor(ToolEditor):
    tool = "next_theme"
    form_class = NextThemeForm


class FishboneCategory:
    """One bone: its name and its causes (each a CauseRowForm)."""

    def __init__(self, editor: "FishboneEditor", index, *, data=None, initial=None):
        self.index = index
        prefix = f"fishbone-c-{index}"
        self.form = editor._finish(CategoryForm(data, prefix=prefix, initial=initial, auto_id=editor.auto_id))
        self.prefix = prefix
        if data is not None:
            indices = posted_indices(data, f"{prefix}-k")
            self.causes = [self._cause(editor, index, data=data) for index in indices]
            self.next_index = max(indices + [-1]) + 1
        else:
            causes = (initial or {}).get("causes") or []
            self.causes = [self._cause(editor, k, initial=cause) for k, cause in enumerate(causes)]
            self.next_index = len(self.causes)
        self.empty_cause = self._cause(editor, "__k__")

    def _cause(self, editor, index, *, data=None, initial=None) -> CauseRowForm:
        return editor._finish(
            CauseRowForm(data, prefix=f"{self.prefix}-k-{index}", initial=initial, auto_id=editor.auto_id)
        )

    def forms(self) -> list[forms.Form]:
        return [self.form, *self.causes]


class FishboneEditor(ToolEditor):
    tool = "fishbone"
    form_class = FishboneForm

    def __init__(self, saved: dict, *, data=None, ctx: EditorContext, auto_id: str, disabled: bool):
        super().__init__(saved, data=data, ctx=ctx, auto_id=auto_id, disabled=disabled)
        if data is not None:
            indices = posted_indices(data, "fishbone-c")
            self.categories = [FishboneCategory(self, index, data=data) for index in indices]
            self.next_category = max(indices + [-1]) + 1
        else:
            saved_categories = saved["categories"] or [
                {"name": n, "causes": []} for n in DEFAULT_CAUSE_CATEGORIES
            ]
            self.categories = [
                FishboneCategory(self, index, initial=category)
                for index, category in enumerate(saved_categories)
            ]
            self.next_category = len(self.categories)
        self.empty_category = FishboneCategory(self, "__c__")

    def forms(self) -> list[forms.Form]:
        return [self.form] + [form for category in self.categories for form in category.forms()]

    def value(self) -> dict:
        categories = []
        for category in self.categories:
            causes = [
                {"id": cause.cleaned_data["id"], "text": cause.cleaned_data["text"]}
                for cause in category.causes
            ]
            categories.append({"name": category.form.cleaned_data["name"], "causes": causes})
        return normalise(self.tool, {"problem": self.form.cleaned_data["problem"], "categories": categories})


EDITORS: dict[str, type[ToolEditor]] = {
    editor.tool: editor
    for editor in (
        ProblemListEditor,
        CheckSheetEditor,
        TargetEditor,
        FishboneEditor,
        CauseTestEditor,
        ScatterEditor,
        PlanEditor,
        LogEditor,
        BeforeAfterEditor,
        ControlChartEditor,
        BenefitsEditor,
        StandardEditor,
        NextThemeEditor,
    )
}


class StepMetaForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the tables do not say: how the group worked, what it found, what it concluded."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class StepEditor:
    """Every tool editor of a step, plus its narrative and the version it was loaded at."""

    def __init__(
        self,
        step: RisalahStep,
        *,
        ctx: EditorContext,
        data=None,
        disabled: bool = False,
        auto_id: str = "id_%s",
        version: int | None = None,
    ):
        self.step = step
        self.meta = StepMetaForm(
            data,
            initial={"narrative": step.narrative, "version": step.version if version is None else version},
            auto_id=auto_id,
        )
        self.meta.fields["narrative"].disabled = disabled
        self.tools = [
            EDITORS[tool](
                normalise(tool, step.data.get(tool)), data=data, ctx=ctx, auto_id=auto_id, disabled=disabled
            )
            for tool in step.method_step.tools
            if tool in EDITORS
        ]

    def is_valid(self) -> bool:
        results = [self.meta.is_valid()] + [editor.is_valid() for editor in self.tools]
        return all(results)

    def error_messages(self) -> list[str]:
        return [error["message"] for error in self.field_errors()]

    def field_errors(self) -> list[dict]:
        """Every error with the id of its field (for the autosave's answer), tool by tool."""
        found = [
            {
                "field": self.meta[name].auto_id,
                "error": error,
                "message": f"{self.meta.fields[name].label}: {error}",
            }
            for name, errors in self.meta.errors.items()
            if name != "version"
            for error in errors
        ]
        for editor in self.tools:
            found.extend(editor.field_errors())
        return found

    @property
    def base_version(self) -> int:
        return self.meta.cleaned_data["version"]

    @property
    def narrative(self) -> str:
        return self.meta.cleaned_data["narrative"]

    def tool_data(self) -> dict:
        """The posted data of every tool (after ``is_valid``)."""
        return {editor.tool: editor.value() for editor in self.tools}

    def editor(self, tool: str) -> ToolEditor | None:
        return next((editor for editor in self.tools if editor.tool == tool), None)


def editor_context(
    risalah: Risalah, steps: list[RisalahStep], roster: list[tuple[str, str]]
) -> EditorContext:
    """The causes and dominant causes of the risalah (from whichever steps hold them)."""
    ctx = EditorContext(risalah=risalah, roster=roster)
    for step in steps:
        tools = step.method_step.tools
        if "fishbone" in tools and not ctx.has_fishbone:
            ctx.has_fishbone = True
            fishbone = normalise("fishbone", step.data.get("fishbone"))
            ctx.causes = {
                c["id"]: c["text"] for category in fishbone["categories"] for c in category["causes"]
            }
            ctx.cause_groups = [
                (category["name"] or "…", [(c["id"], c["text"]) for c in category["causes"]])
                for category in fishbone["categories"]
                if category["causes"]
            ]
        if "cause_test" in tools and not ctx.dominant:
            ctx.dominant = dominant_causes(normalise("cause_test", step.data.get("cause_test")))
    return ctx


# --- the risalah's own forms -----------------------------------------------------------------


class RisalahFilterForm(forms.Form):
    """The filters of the risalah list; every field is optional."""

    year = forms.ModelChoiceField(
        label=_("Year"), queryset=ProgrammeYear.objects.all(), to_field_name="year", required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + Status.choices, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit (with its sub-units)"), queryset=None, to_field_name="uuid", required=False
    )
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Title, theme or group name")
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        return f"{obj.name} — {obj.unit}"


class RisalahCreateForm(forms.Form):
    group = GroupChoiceField(label=_("Group"), queryset=Group.objects.none(), to_field_name="uuid")
    programme_year = forms.ModelChoiceField(
        label=_("Programme year"), queryset=ProgrammeYear.objects.all(), to_field_name="year"
    )
    theme = forms.CharField(
        label=_("Theme (tema)"),
        required=False,
        max_length=250,
        help_text=_("The area the group wants to improve. The measurable title is written next."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        groups = permissions.restrict(
            Group.objects.filter(is_active=True).select_related("unit").order_by("unit__path", "name"),
            user,
            roles=permissions.GROUP_WRITE_ROLES,
        )
        self.fields["group"].queryset = groups
        self.fields["programme_year"].initial = ProgrammeYear.current()

    def clean_theme(self) -> str:
        return " ".join(self.cleaned_data["theme"].split())


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
