"""What the checker's rules look at (``Facts``) and what they find (``Finding``), with the small
text helpers every rule shares. Below the rules, so rule modules and the checker import it."""

from dataclasses import dataclass

from django.urls import reverse

from groups.models import GroupYear
from risalah.figures import MeetingFigures
from risalah.library import SimilarTitle
from risalah.models import Risalah, RisalahStep, YearRules


@dataclass(frozen=True)
class Finding:
    step_number: int | None
    code: str
    message: str
    url: str
    blocking: bool = True


@dataclass
class Facts:
    """Everything the rules look at, loaded in a few queries."""

    risalah: Risalah
    steps: list[RisalahStep]
    data: dict[int, dict[str, dict]]  # step pk -> tool -> canonical data
    rules: YearRules
    figures: MeetingFigures
    group_year: GroupYear | None
    has_sop_attachment: bool
    near_duplicate: SimilarTitle | None = None
    # The SK is complete (number, date, scan) as the risalah shows it: as filed once submitted.
    sk_complete: bool = False

    def step_for(self, tool: str) -> RisalahStep | None:
        """The first step of the method that offers ``tool``."""
        return next((step for step in self.steps if tool in step.method_step.tools), None)

    def tool_data(self, tool: str) -> dict | None:
        step = self.step_for(tool)
        return None if step is None else self.data[step.pk][tool]

    def step_url(self, step: RisalahStep | None, tool: str = "") -> str:
        if step is None:
            return reverse("risalah-detail", args=[self.risalah.uuid])
        url = reverse("risalah-step", args=[self.risalah.uuid, step.method_step.number])
        return f"{url}#tool-{tool}" if tool else url

    def number(self, step: RisalahStep | None) -> int | None:
        return None if step is None else step.method_step.number


def same_text(a: str, b: str) -> bool:
    """Equal ignoring case and runs of whitespace."""
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def text_key(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def has_content(tool: str, data: dict) -> bool:
    """True when the writer put something into the tool (empty defaults do not count)."""
    if tool == "fishbone":
        return bool(data["problem"]) or any(category["causes"] for category in data["categories"])
    return _filled(data)


def _filled(value) -> bool:
    if isinstance(value, dict):
        return any(_filled(item) for item in value.values())
    if isinstance(value, list):
        return any(_filled(item) for item in value)
    return value not in (None, "", False)
