"""The data each structured tool keeps in ``RisalahStep.data[tool]``.

One place defines the shape; the step pages write it, the checker, the charts and the PDF
read it. ``normalise(tool, raw)`` turns whatever a form or an old version stored into the
canonical shape (numbers as floats or None, texts stripped, unknown keys dropped), so readers
never need to guard against missing keys.

Shapes (all lists may be empty):
- problem_list: {"rows": [{"problem", "target", "achievement", "unit", "chosen"}]}
  deviation = target - achievement, computed by ``problem_rows_ranked``.
- check_sheet: {"title", "rows": [{"label", "count"}]}; the Pareto chart is drawn from it.
- pareto: no data of its own (drawn from check_sheet).
- target: {"justification"}; the target values are the risalah's title parts.
- fishbone: {"problem", "categories": [{"name", "causes": [{"id", "text"}]}]}
- cause_test: {"rows": [{"cause_id", "cause", "count", "dominant"}]}
  One cause per row: ``cause_id`` names a cause of the fishbone (``cause`` then keeps a copy of
  its text as saved, for the history; readers show the fishbone's text, see ``cause_label``), or
  is empty for a cause typed by hand that the fishbone does not have (``cause`` is that text).
- scatter: {"x_label", "y_label", "pairs": [[x, y]]}
- plan_5w1h: {"rows": [{"cause_id", "cause", "what", "why", "where", "when", "who": [person uuid], "how"}]}
- implementation_log: {"rows": [{"date" (ISO), "activity", "result"}]}
- before_after: {"metric", "before", "after", "target", "target_reached": True/False/None}
- control_chart: {"label", "values": [number]}
- benefits: {"tangible", "intangible", "side_effects"}
- standard: {"title", "number", "summary", "socialisation"}
- next_theme: {"theme", "reason"}
"""

import math
import uuid
from datetime import date

DEFAULT_CAUSE_CATEGORIES = ["Manusia", "Metode", "Material", "Mesin/Sarana", "Lingkungan"]

# The forms accept far smaller numbers (risalah.forms.numbers); this bound only keeps what was stored
# before they checked (10^28 broke every page of the step, NaN and infinity every save) from
# reaching the pages, the charts and the PDF: such a number reads as empty.
READABLE_LIMIT = 1e15


def _readable(number: float) -> float | None:
    return number if math.isfinite(number) and abs(number) < READABLE_LIMIT else None


def to_number(value) -> float | None:
    """A number from a form value; accepts the Indonesian decimal comma ("29,6").

    Not a number, not finite or absurdly large (``READABLE_LIMIT``): None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return _readable(float(value))
        except OverflowError:  # an int beyond any float
            return None
    text = str(value).strip().replace(" ", "").replace("%", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return _readable(float(text))
    except (ValueError, OverflowError):
        return None


def to_text(value, limit: int = 4000) -> str:
    return str(value or "").strip()[:limit]


def to_bool(value) -> bool:
    return value is True or str(value).lower() in {"1", "true", "on", "yes", "ya"}


def to_tristate(value) -> bool | None:
    if value in (None, ""):
        return None
    return to_bool(value)


def to_iso_date(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = to_text(value, 10)
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return ""


def new_id() -> str:
    return uuid.uuid4().hex[:8]


def _rows(raw, fields) -> list[dict]:
    rows = raw.get("rows") if isinstance(raw, dict) else None
    out = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            cleaned = {key: convert(row.get(key)) for key, convert in fields.items()}
            if any(value not in (None, "", False, []) for value in cleaned.values()):
                out.append(cleaned)
    return out


def _who(value) -> list[str]:
    if isinstance(value, str):
        value = [value] if value else []
    return [to_text(item, 40) for item in value or [] if to_text(item, 40)]


def _fishbone(raw) -> dict:
    raw = raw if isinstance(raw, dict) else {}
    categories = []
    for category in raw.get("categories") or []:
        if not isinstance(category, dict):
            continue
        causes = [
            {"id": to_text(cause.get("id"), 20) or new_id(), "text": to_text(cause.get("text"), 300)}
            for cause in category.get("causes") or []
            if isinstance(cause, dict) and to_text(cause.get("text"))
        ]
        name = to_text(category.get("name"), 60)
        if name or causes:
            categories.append({"name": name, "causes": causes})
    if not categories:
        categories = [{"name": name, "causes": []} for name in DEFAULT_CAUSE_CATEGORIES]
    return {"problem": to_text(raw.get("problem"), 300), "categories": categories}


def _pairs(raw) -> list[list[float]]:
    pairs = []
    for pair in (raw.get("pairs") if isinstance(raw, dict) else None) or []:
        if isinstance(pair, list | tuple) and len(pair) == 2:
            x, y = to_number(pair[0]), to_number(pair[1])
            if x is not None and y is not None:
                pairs.append([x, y])
    return pairs


def _get(raw, key):
    return raw.get(key) if isinstance(raw, dict) else None


NORMALISERS = {
    "problem_list": lambda raw: {
        "rows": _rows(
            raw,
            {
                "problem": to_text,
                "target": to_number,
                "achievement": to_number,
                "unit": lambda v: to_text(v, 40),
                "chosen": to_bool,
            },
        )
    },
    "check_sheet": lambda raw: {
        "title": to_text(_get(raw, "title"), 200),
        "rows": _rows(raw, {"label": lambda v: to_text(v, 200), "count": to_number}),
    },
    "pareto": lambda raw: {},
    "target": lambda raw: {"justification": to_text(_get(raw, "justification"))},
    "fishbone": _fishbone,
    "cause_test": lambda raw: {
        "rows": _rows(
            raw,
            {
                "cause_id": lambda v: to_text(v, 20),
                "cause": lambda v: to_text(v, 300),
                "count": to_number,
                "dominant": to_bool,
            },
        )
    },
    "scatter": lambda raw: {
        "x_label": to_text(_get(raw, "x_label"), 100),
        "y_label": to_text(_get(raw, "y_label"), 100),
        "pairs": _pairs(raw),
    },
    "plan_5w1h": lambda raw: {
        "rows": _rows(
            raw,
            {
                "cause_id": lambda v: to_text(v, 20),
                "cause": lambda v: to_text(v, 300),
                "what": to_text,
                "why": to_text,
                "where": to_text,
                "when": to_text,
                "who": _who,
                "how": to_text,
            },
        )
    },
    "implementation_log": lambda raw: {
        "rows": _rows(raw, {"date": to_iso_date, "activity": to_text, "result": to_text})
    },
    "before_after": lambda raw: {
        "metric": to_text(_get(raw, "metric"), 250),
        "before": to_number(_get(raw, "before")),
        "after": to_number(_get(raw, "after")),
        "target": to_number(_get(raw, "target")),
        "target_reached": to_tristate(_get(raw, "target_reached")),
    },
    "control_chart": lambda raw: {
        "label": to_text(_get(raw, "label"), 100),
        "values": [n for n in (to_number(v) for v in (_get(raw, "values") or [])) if n is not None],
    },
    "benefits": lambda raw: {
        key: to_text(_get(raw, key)) for key in ("tangible", "intangible", "side_effects")
    },
    "standard": lambda raw: {
        key: to_text(_get(raw, key)) for key in ("title", "number", "summary", "socialisation")
    },
    "next_theme": lambda raw: {key: to_text(_get(raw, key)) for key in ("theme", "reason")},
}


def normalise(tool: str, raw) -> dict:
    """The canonical data of ``tool`` from ``raw`` (a dict from a form, JSON or None)."""
    return NORMALISERS[tool](raw or {})


def step_data(step) -> dict:
    """All tools of a RisalahStep with canonical data (missing tools get their empty shape)."""
    return {tool: normalise(tool, step.data.get(tool)) for tool in step.method_step.tools}


def problem_rows_ranked(data: dict) -> list[dict]:
    """Problem rows with their deviation, largest deviation first."""
    rows = []
    for row in data.get("rows", []):
        deviation = None
        if row["target"] is not None and row["achievement"] is not None:
            deviation = round(row["target"] - row["achievement"], 2)
        rows.append({**row, "deviation": deviation})
    return sorted(rows, key=lambda r: (r["deviation"] is None, -(r["deviation"] or 0)))


def all_causes(fishbone: dict) -> dict[str, str]:
    """cause id -> text, over every category of a fishbone."""
    return {cause["id"]: cause["text"] for category in fishbone["categories"] for cause in category["causes"]}


def _text_key(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def resolve_cause(cause_id: str, text: str, causes: dict[str, str]) -> tuple[str, str]:
    """The (id, text) a cause-test row stands for, given the fishbone's ``causes`` (id -> text).

    A fishbone cause chosen by its id wins, whatever text came with it; a text that is the same
    words as a fishbone cause (ignoring case and spacing) is that cause; any other text is a cause
    outside the fishbone (id ""). An unknown id without a text is kept as it is (nothing to go by).
    """
    if cause_id in causes:
        return cause_id, causes[cause_id]
    key = _text_key(text)
    if key:
        match = next((known for known, words in causes.items() if _text_key(words) == key), None)
        return (match, causes[match]) if match is not None else ("", text)
    return cause_id, ""


def cause_label(row: dict, causes: dict[str, str]) -> str:
    """What a cause-test (or plan) row is about: the fishbone's text of its cause, else its own text."""
    return causes.get(row["cause_id"]) or row["cause"]


def dominant_causes(cause_test: dict) -> list[dict]:
    return [row for row in cause_test["rows"] if row["dominant"]]
