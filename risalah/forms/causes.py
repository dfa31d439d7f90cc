"""The tools that find and test the causes: the fishbone diagram, the cause test, the scatter diagram."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import grid_row, layout_helper
from risalah import charts
from risalah.forms.editors import EditorContext, RowForm, ToolEditor, compact_widget, posted_indices
from risalah.forms.numbers import CountField, NumberField
from risalah.tools import DEFAULT_CAUSE_CATEGORIES, normalise, resolve_cause


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
        compact_widget(self.fields["name"], self.fields["name"].label)


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


class FishboneForm(forms.Form):
    problem = forms.CharField(label=_("The problem (the fish's head)"), required=False, max_length=300)


class ScatterForm(forms.Form):
    x_label = forms.CharField(label=_("What X measures"), required=False, max_length=100)
    y_label = forms.CharField(label=_("What Y measures"), required=False, max_length=100)

    helper = layout_helper(grid_row("row g-2", x_label="col-12 col-md-6", y_label="col-12 col-md-6"))


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
