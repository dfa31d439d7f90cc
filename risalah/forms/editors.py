"""The parts every tool editor is built from.

A step page edits every tool of its method step. Tables (problem list, check sheet, causes,
5W+1H, ...) have a variable number of rows: each row is a small Django form whose prefix carries
its index (``check_sheet-3-count``). The indices are discovered from the posted keys, so a row
removed in the browser simply is not posted and a row added by the page's script gets any fresh
index. A ``ToolEditor`` (one per tool family module) turns the cleaned input into the data shapes
of ``risalah.tools``; ``risalah.forms.steps.StepEditor`` groups the editors of a step.
"""

import re
from dataclasses import dataclass, field

from django import forms

from risalah.models import Risalah, Tool
from risalah.tools import normalise


def compact_widget(field: forms.Field, label) -> None:
    """Compact widgets for table cells, labelled for screen readers.

    A hidden input (a row's id) is neither styled nor labelled: a screen reader never reaches it,
    and a field without a label must not be announced as "None"."""
    widget = field.widget
    if widget.is_hidden:
        return
    if isinstance(widget, forms.CheckboxSelectMultiple):
        pass  # its class would land on the wrapping <div> too; styled in risalah.css
    elif isinstance(widget, forms.CheckboxInput):
        widget.attrs["class"] = "form-check-input"
    elif isinstance(widget, forms.Select):
        widget.attrs["class"] = "form-select form-select-sm"
    else:
        widget.attrs["class"] = "form-control form-control-sm"
    if label is not None:
        widget.attrs["aria-label"] = str(label)


class RowForm(forms.Form):
    """One row of a tool's table. Subclasses say how wide each column is on a wide screen."""

    columns: dict[str, int] = {}
    stacked = False  # True: labels above every field on wide screens too (rows with long texts)
    compact = False  # True: one field and its remove button on one line, even on a phone

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, form_field in self.fields.items():
            compact_widget(form_field, form_field.label)
            if form_field.widget.is_hidden:
                continue
            form_field.width = self.columns.get(name, 2)

    def value(self) -> dict:
        return dict(self.cleaned_data)


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


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
