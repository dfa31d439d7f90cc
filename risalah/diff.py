"""What changed in a risalah since it was returned: field-level before/after.

``snapshot(risalah)`` captures the title parts, every step's canonical tool data and
narrative, and the meetings and attachments as plain JSON (stored on the return's Transition;
snapshots taken before meetings and attachments were included have no such keys, and then
nothing is said about them). ``changes(old, new)`` compares
two snapshots field by field, so the verifikator reads only what the group changed.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from risalah.models import Evidence, Tool
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
    """The risalah's content as plain JSON. Three queries: steps, meetings, attachments."""
    title = {name: _plain(getattr(risalah, name)) for name in TITLE_FIELDS}
    steps = {}
    for step in risalah.steps.select_related("method_step").order_by("method_step__number"):
        steps[str(step.method_step.number)] = {
            "name": step.method_step.name,
            "data": step_data(step),
            "narrative": step.narrative,
        }
    meetings = {
        str(meeting.uuid): f"{meeting.date.isoformat()} · {meeting.agenda} · {meeting.duration_minutes}'"
        for meeting in risalah.meetings.order_by("date", "created_at")
    }
    attachments = {
        str(attachment.uuid): {
            "kind": attachment.kind,
            "name": attachment.caption or attachment.original_name,
            "step": attachment.step.method_step.number if attachment.step else None,
        }
        for attachment in risalah.attachments.select_related("step__method_step").order_by(
            "uploaded_at", "pk"
        )
    }
    return {"title": title, "steps": steps, "meetings": meetings, "attachments": attachments}


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
    meetings = _added_removed(old.get("meetings"), new.get("meetings"), _meeting_text)
    if meetings:
        sections.append(SectionChanges(None, str(_("Meetings")), meetings))
    attachments = _added_removed(old.get("attachments"), new.get("attachments"), _attachment_text)
    if attachments:
        sections.append(SectionChanges(None, str(_("Attachments")), attachments))
    return sections


def _meeting_text(value) -> str:
    return str(value)


def _attachment_text(value) -> str:
    kind = value.get("kind", "")
    label = str(Evidence(kind).label) if kind in Evidence.values else kind
    text = f"{label}: {value.get('name') or '—'}"
    if value.get("step"):
        text += " (" + str(_("Step %(n)s") % {"n": value["step"]}) + ")"
    return text


def _added_removed(old: dict | None, new: dict | None, text) -> list[FieldChange]:
    """Items added, removed or changed between two ``{id: value}`` maps; nothing when the old
    snapshot predates the key (it did not record them)."""
    if old is None or new is None:
        return []
    found = []
    for key, value in new.items():
        if key not in old:
            found.append(FieldChange(str(_("added")), "—", text(value)))
        elif old[key] != value:
            found.append(FieldChange(str(_("changed")), text(old[key]), text(value)))
    for key, value in old.items():
        if key not in new:
            found.append(FieldChange(str(_("removed")), text(value), "—"))
    return found
