"""The printed risalah: an HTML template rendered to an A4 PDF by WeasyPrint.

The document is assembled from the same data the pages show: the front matter's figures from
``risalah.figures``, the step charts from ``risalah.step_charts`` (inline SVG, so the text of a
chart stays text in the PDF), the tool tables from the shapes of ``risalah.tools``.

WeasyPrint fetches nothing by itself: images (the group's logo, photo thumbnails) are read from
our private storage by this module and handed to WeasyPrint under ``kbk:`` URLs through
``PrivateFetcher``, which refuses every other URL (http, https, file, ...).
"""

import importlib
import xml.etree.ElementTree as ET  # noqa: S405  # only to register namespace prefixes, nothing is parsed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from groups.models import ROSTER_ROLE_ORDER, GroupYear, RosterMember, RosterRole
from risalah import snapshots, tools
from risalah.charts import control_limits, correlation, safe_svg, svgtools
from risalah.evidence_files import KIND_ORDER
from risalah.evidence_forms import format_weeks
from risalah.evidence_services import schedule_svg
from risalah.figures import meeting_figures
from risalah.models import Attachment, Evidence, Risalah, RisalahStep, Tool
from risalah.step_charts import TOOL_CHARTS, charts_for_step

RESOURCE_SCHEME = "kbk:"
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
PHOTO_KINDS = (Evidence.PHOTO_BEFORE, Evidence.PHOTO_DURING, Evidence.PHOTO_AFTER)
SERIES_COLUMNS = 12


def chart_captions() -> dict[str, str]:
    return {
        "pareto": _("Pareto chart"),
        "fishbone": _("Cause-and-effect (fishbone) diagram"),
        "cause_pareto": _("Pareto chart of the causes"),
        "scatter": _("Scatter diagram"),
        "before_after": _("Before and after against the target"),
        "histogram": _("Histogram"),
        "control_chart": _("Control chart"),
    }


# --- resources and the fetcher ----------------------------------------------------------------


@dataclass
class Resources:
    """Files the document may show, read by us from storage, each under a ``kbk:`` URL."""

    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def add_image(self, field_file) -> str | None:
        """The URL of a stored image for the template, or None when there is none to show."""
        if not field_file:
            return None
        content_type = IMAGE_TYPES.get(Path(field_file.name).suffix.lower())
        if content_type is None:
            return None
        try:
            with field_file.storage.open(field_file.name, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return None
        url = f"{RESOURCE_SCHEME}/{len(self.files) + 1}{Path(field_file.name).suffix.lower()}"
        self.files[url] = (data, content_type)
        return url


def weasyprint():
    """The WeasyPrint module, imported on first use.

    Not at module level: importing it parses its stylesheets, which every management command
    would otherwise pay for. Importing it also registers XML namespace prefixes of its own,
    among them "" (weasyprint.pdf.metadata), which takes the default prefix away from SVG for
    the whole process: the charts drawn afterwards would come out as ``<ns0:svg>``. The SVG
    prefixes are registered again right after, so charts stay plain ``<svg>`` in this process.
    """
    module = importlib.import_module("weasyprint")
    importlib.import_module("weasyprint.pdf.metadata")  # the module that registers the "" prefix

    ET.register_namespace("", svgtools.SVG_NS)
    ET.register_namespace("xlink", svgtools.XLINK_NS)
    return module


def private_fetcher(resources: Resources):
    """A WeasyPrint URL fetcher that serves only ``resources`` (and data: URIs)."""
    weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PrivateFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url in resources.files:
                data, content_type = resources.files[url]
                return URLFetcherResponse(url, data, {"Content-Type": content_type})
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"The printed risalah fetches nothing from outside: {url[:80]}")

    return PrivateFetcher(allowed_protocols=("data",))


# --- the tool tables ----------------------------------------------------------------------------


def _check_sheet(data: dict) -> dict:
    rows = sorted((row for row in data["rows"] if row["count"] is not None), key=lambda row: -row["count"])
    total = sum(row["count"] for row in rows)
    cumulative = 0.0
    out = []
    for row in rows:
        cumulative += row["count"]
        out.append(
            {
                **row,
                "pct": 100 * row["count"] / total if total else None,
                "cum_pct": 100 * cumulative / total if total else None,
            }
        )
    return {"title": data["title"], "rows": out, "total": total}


def _cause_test(data: dict, causes: dict[str, str]) -> dict:
    rows = [{**row, "text": tools.cause_label(row, causes)} for row in data["rows"]]
    rows.sort(key=lambda row: -(row["count"] or 0))
    total = sum(row["count"] or 0 for row in rows)
    for row in rows:
        row["pct"] = 100 * row["count"] / total if total and row["count"] is not None else None
    return {"rows": rows, "total": total}


def _chunks(items: list, key: str) -> list[dict]:
    """A long series in rows of SERIES_COLUMNS, so its table never runs off the page."""
    return [
        {"first": start + 1, key: items[start : start + SERIES_COLUMNS]}
        for start in range(0, len(items), SERIES_COLUMNS)
    ]


def _scatter(data: dict) -> dict:
    try:
        r = correlation(data["pairs"])
    except ValueError:
        r = None
    return {**data, "r": r, "chunks": _chunks(data["pairs"], "pairs")}


def _plan(data: dict, names: dict[str, str], causes: dict[str, str]) -> dict:
    return {
        "rows": [
            {
                **row,
                "cause_text": row["cause"] or causes.get(row["cause_id"], ""),
                "who_names": [names.get(who, "") for who in row["who"] if names.get(who)],
            }
            for row in data["rows"]
        ]
    }


def _log(data: dict) -> dict:
    rows = []
    for row in data["rows"]:
        day = date.fromisoformat(row["date"]) if row["date"] else None
        rows.append({**row, "day": day})
    rows.sort(key=lambda row: (row["day"] is None, row["day"] or date.min))
    return {"rows": rows}


def _control(data: dict) -> dict:
    try:
        lcl, mean, ucl = control_limits(data["values"], non_negative=min(data["values"], default=0) >= 0)
    except ValueError:
        lcl = mean = ucl = None
    return {**data, "lcl": lcl, "mean": mean, "ucl": ucl, "chunks": _chunks(data["values"], "values")}


def _is_empty(tool: str, data: dict) -> bool:
    if "rows" in data:
        return not data["rows"]
    if tool == "fishbone":
        return not any(category["causes"] for category in data["categories"])
    if tool == "scatter":
        return not data["pairs"]
    if tool == "control_chart":
        return not data["values"]
    if tool == "before_after":
        return data["before"] is None and data["after"] is None
    return not any(value for value in data.values() if value not in (None, ""))


def tool_block(tool: str, raw: dict, *, causes: dict[str, str], names: dict[str, str]) -> dict:
    data = tools.normalise(tool, raw)
    prepared = {
        "problem_list": lambda: {"rows": tools.problem_rows_ranked(data)},
        "check_sheet": lambda: _check_sheet(data),
        "cause_test": lambda: _cause_test(data, causes),
        "scatter": lambda: _scatter(data),
        "plan_5w1h": lambda: _plan(data, names, causes),
        "implementation_log": lambda: _log(data),
        "control_chart": lambda: _control(data),
    }.get(tool, lambda: data)()
    return {
        "tool": tool,
        "label": _tool_label(tool),
        "template": f"risalah/pdf/tools/{tool}.html",
        "data": prepared,
        "empty": _is_empty(tool, data),
        "charts": [],
    }


def _tool_label(tool: str) -> str:
    return str(Tool(tool).label) if tool in Tool.values else tool


# --- the document -------------------------------------------------------------------------------


def _roster(risalah: Risalah) -> list[RosterMember]:
    members = RosterMember.objects.filter(
        group_year__group_id=risalah.group_id, group_year__programme_year_id=risalah.programme_year_id
    ).select_related("person")
    return sorted(members, key=lambda member: (ROSTER_ROLE_ORDER[member.role], member.person.name))


def _first(members: list[RosterMember], role: str) -> RosterMember | None:
    return next((member for member in members if member.role == role), None)


def step_sections(
    risalah: Risalah, steps: list[RisalahStep], roster: list[RosterMember], attachments: list[Attachment]
) -> list[dict]:
    """One section per step: its tool blocks with their charts and numbered figures, narrative, photos."""
    causes: dict[str, str] = {}
    for step in steps:
        if "fishbone" in step.method_step.tools:
            causes.update(tools.all_causes(tools.normalise("fishbone", step.data.get("fishbone"))))
    names = {str(member.person.uuid): member.person.name for member in roster}
    captions = chart_captions()
    sections = []
    for step in steps:
        step.risalah = risalah  # charts read the title's unit and target; no query per step
        charts = charts_for_step(step, causes)
        blocks = []
        figure = 0
        for tool in step.method_step.tools:
            if tool == "pareto":  # drawn from the check sheet, in its block
                continue
            block = tool_block(tool, step.data.get(tool), causes=causes, names=names)
            for name in TOOL_CHARTS.get(tool, ()):
                if name in charts:
                    figure += 1
                    block["charts"].append(
                        {
                            "number": f"{step.method_step.number}.{figure}",
                            "caption": captions[name],
                            "svg": safe_svg(charts[name]),
                            "wide": name == "fishbone",
                        }
                    )
            blocks.append(block)
        sections.append(
            {
                "step": step,
                "method_step": step.method_step,
                "blocks": blocks,
                "attachments": [a for a in attachments if a.step_id == step.pk],
            }
        )
    return sections


def document_context(risalah: Risalah, resources: Resources) -> dict:
    """Everything the template needs; the queries are a fixed handful whatever the size."""
    group = risalah.group
    steps = list(risalah.steps.select_related("method_step").order_by("method_step__number"))
    # Once submitted, the document prints the roster, SK and figures as filed, not today's.
    as_filed = snapshots.filed(risalah)
    if as_filed is None:
        roster = _roster(risalah)
        sk = GroupYear.objects.filter(group=group, programme_year_id=risalah.programme_year_id).first()
        figures = meeting_figures(risalah)
    else:
        roster, sk, figures = as_filed.roster, as_filed.sk, as_filed.figures
    attachments = sorted(
        risalah.attachments.select_related("step__method_step", "meeting"),
        key=lambda a: (
            KIND_ORDER.index(a.kind),
            a.meeting.date if a.meeting else date.max,
            a.uploaded_at,
            a.pk,
        ),
    )
    for attachment in attachments:
        attachment.image_url = (
            resources.add_image(attachment.thumbnail) if attachment.kind in PHOTO_KINDS else None
        )
    meetings = list(risalah.meetings.prefetch_related("attendees").order_by("date", "created_at"))
    roster_ids = {str(member.person.uuid) for member in roster if member.role != RosterRole.PEMBINA}
    for meeting in meetings:
        meeting.present = len({str(person.uuid) for person in meeting.attendees.all()} & roster_ids)
    pembina = _first(roster, RosterRole.PEMBINA)
    unit = group.unit
    root = type(unit).objects.filter(path=unit.path[: unit.steplen]).first() or unit
    return {
        "risalah": risalah,
        "group": group,
        "unit": group.unit,
        "pemda": root if root.pk != group.unit.pk else None,
        "year": risalah.programme_year.year,
        "logo_url": resources.add_image(group.logo),
        "group_year": sk,
        "roster": roster,
        "ketua": _first(roster, RosterRole.KETUA),
        "sekretaris": _first(roster, RosterRole.SEKRETARIS),
        "fasilitator": _first(roster, RosterRole.FASILITATOR),
        "pembina": pembina,
        "figures": figures,
        "schedule_svg": safe_svg(schedule_svg(risalah, steps)),
        "has_schedule": any(step.planned_weeks or step.actual_weeks for step in steps),
        "schedule_rows": [
            {
                "step": step,
                "planned": format_weeks(step.planned_weeks),
                "actual": format_weeks(step.actual_weeks),
            }
            for step in steps
        ],
        "sections": step_sections(risalah, steps, roster, attachments),
        "meetings": meetings,
        "roster_size": len(roster_ids),
        "attachments": attachments,
        # Photos of a step are printed in its section; the others (meetings, general) at the end.
        "photos": [a for a in attachments if a.image_url and a.step_id is None],
        "page_label": page_label_css(),
    }


def css_string(text: str) -> str:
    """A CSS string literal (for ``content:``), whatever the text holds."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-()/" else f"\\{ord(ch):06x}" for ch in text)
    return f'"{escaped}"'


def page_label_css() -> str:
    """The footer's ``content`` value: "Page 3 of 12" in the document's language."""
    template = _("Page %(page)s of %(pages)s")
    parts = []
    rest = template
    for marker, counter in (("%(page)s", "counter(page)"), ("%(pages)s", "counter(pages)")):
        before, _marker, rest = rest.partition(marker)
        if before:
            parts.append(css_string(before))
        parts.append(counter)
    if rest:
        parts.append(css_string(rest))
    return " ".join(parts)


def render_risalah_html(risalah: Risalah, resources: Resources, *, for_library: bool = False) -> str:
    """The document as HTML, in the programme's language whatever the reader's menu.

    ``for_library``: the copy every reader of the library downloads, with the roster's names and
    roles only (no NIP, no position).
    """
    context = {**document_context(risalah, resources), "for_library": for_library}
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("risalah/pdf/risalah.html", context)


def render_risalah_pdf(risalah: Risalah, *, for_library: bool = False) -> bytes:
    html_class = weasyprint().HTML  # first: the import must not spoil the charts drawn below
    resources = Resources()
    html = render_risalah_html(risalah, resources, for_library=for_library)
    document = html_class(string=html, url_fetcher=private_fetcher(resources), base_url=f"{RESOURCE_SCHEME}/")
    return document.write_pdf()
