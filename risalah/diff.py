"""What changed in a risalah since it was returned: field-level before/after.

``snapshot(risalah)`` captures the title parts and every step's canonical tool data and
narrative as plain JSON (stored on the return's Transition). ``changes(old, new)`` compares
two snapshots field by field, so the verifikator reads only what the group changed.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from risalah.models import Tool
from risalah.tools import step_data

TITLE_FIELDS = [
    "theme",
    "direction",
    "metric",
    "baseline_value",
    "target_value",
    "unit_of_measure",
    "place",
    "deadline",
    "title",
    "conclusion",
]

KEY_LABELS = {
    "rows": "",
    "problem": _("problem"),
    "target": _("target"),
    "achievement": _("achievement"),
    "unit": _("unit"),
    "chosen": _("chosen"),
    "title": _("title"),
    "label": _("label"),
    "count": _("count"),
    "justification": _("justification"),
    "categories": "",
    "name": _("category"),
    "causes": "",
    "text": _("cause"),
    "cause": _("cause"),
    "dominant": _("dominant"),
    "x_label": _("X axis"),
    "y_label": _("Y axis"),
    "pairs": _("data pairs"),
    "what": _("what"),
    "why": _("why"),
    "where": _("where"),
    "when": _("when"),
    "who": _("who"),
    "how": _("how"),
    "date": _("date"),
    "activity": _("activity"),
    "result": _("result"),
    "metric": _("metric"),
    "before": _("before"),
    "after": _("after"),
    "target_reached": _("target reached"),
    "values": _("values"),
    "tangible": _("tangible benefits"),
    "intangible": _("intangible benefits"),
    "side_effects": _("side effects"),
    "number": _("number"),
    "summary": _("summary"),
    "socialisation": _("socialisation"),
    "theme": _("theme"),
    "reason": _("reason"),
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class SectionChanges:
    number: int | None  # None for the title page
    name: str
    changes: list[FieldChange] = field(default_factory=list)


def snapshot(risalah) -> dict:
    """The risalah's content as plain JSON. Runs one query for the steps."""
    title = {name: _plain(getattr(risalah, name)) for name in TITLE_FIELDS}
    steps = {}
    for step in risalah.steps.select_related("method_step").order_by("method_step__number"):
        steps[str(step.method_step.number)] = {
            "name": step.method_step.name,
            "data": step_data(step),
            "narrative": step.narrative,
        }
    return {"title": title, "steps": steps}


def _plain(value):
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Decimal):
        # 47 and 47.00 are the same value, whether typed or read back from the database.
        return format(value.normalize(), "f")
    return str(value)


def _flatten(value, path: tuple = ()) -> dict[tuple, object]:
    if isinstance(value, dict):
        flat = {}
        for key, inner in value.items():
            if key in {"id", "cause_id"}:
                continue  # internal identifiers; the texts they point to are compared instead
            flat.update(_flatten(inner, (*path, key)))
        return flat
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        flat = {}
        for index, inner in enumerate(value, start=1):
            flat.update(_flatten(inner, (*path, index)))
        return flat
    return {path: value}


def _label(path: tuple) -> str:
    parts = []
    for part in path:
        if isinstance(part, int):
            parts.append(str(_("row %(n)d") % {"n": part}))
        elif part in Tool.values:
            parts.append(str(Tool(part).label))
        elif part == "narrative":
            parts.append(str(_("narrative")))
        elif part == "data":
            continue
        else:
            label = KEY_LABELS.get(part, part)
            if label:
                parts.append(str(label))
    return " › ".join(parts)


def _show(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    return str(value)


def changes(old: dict, new: dict) -> list[SectionChanges]:
    """Sections (title page, then steps) with their changed fields; unchanged sections omitted."""
    sections = []
    title = SectionChanges(None, str(_("Title page")))
    old_title, new_title = old.get("title", {}), new.get("title", {})
    for name in TITLE_FIELDS:
        if old_title.get(name) != new_title.get(name):
            title.changes.append(
                FieldChange(
                    str(KEY_LABELS.get(name, name) or name),
                    _show(old_title.get(name)),
                    _show(new_title.get(name)),
                )
            )
    if title.changes:
        sections.append(title)
    old_steps, new_steps = old.get("steps", {}), new.get("steps", {})
    for number in sorted(set(old_steps) | set(new_steps), key=int):
        before = old_steps.get(number, {})
        after = new_steps.get(number, {})
        flat_before = _flatten({"data": before.get("data", {}), "narrative": before.get("narrative", "")})
        flat_after = _flatten({"data": after.get("data", {}), "narrative": after.get("narrative", "")})
        section = SectionChanges(int(number), after.get("name") or before.get("name", ""))
        for path in sorted(set(flat_before) | set(flat_after), key=lambda p: [str(x).zfill(4) for x in p]):
            if flat_before.get(path) != flat_after.get(path):
                section.changes.append(
                    FieldChange(_label(path), _show(flat_before.get(path)), _show(flat_after.get(path)))
                )
        if section.changes:
            sections.append(section)
    return sections
