"""A step page: every tool editor of the step, its narrative and the version it was loaded at."""

from django import forms
from django.utils.translation import gettext_lazy as _

from risalah.forms.causes import CauseTestEditor, FishboneEditor, ScatterEditor
from risalah.forms.editors import EditorContext, ToolEditor
from risalah.forms.evaluation import BeforeAfterEditor, BenefitsEditor, ControlChartEditor
from risalah.forms.plan import LogEditor, PlanEditor
from risalah.forms.problems import CheckSheetEditor, ProblemListEditor, TargetEditor
from risalah.forms.standard import NextThemeEditor, StandardEditor
from risalah.models import Risalah, RisalahStep
from risalah.tools import dominant_causes, normalise

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
