"""TULTA projects for the demo groups that are not a Puskesmas or a hospital.

``demo.example_risalah`` writes the example risalah (waiting time of outpatients), which fits a
Puskesmas or an RSUD; a school or a kelurahan with that text would not be believable. The
projects (``demo.projects_local``, ``demo.projects_office``) are what such units write about
in practice (late pupils, letters for residents, SPJ, disposisi of incoming mail,
complaints), each complete enough to pass the checker: the dominant causes are among the
fishbone's causes, every dominant cause has a 5W+1H row, step 6 measures the title's metric
from the same baseline, step 7 names an SOP.

The texts are Indonesian whatever the reader's language: they are the groups' own documents.
This module holds their shape and writes them through the same services as the example
(``risalah_save_title``, ``step_save``), so drafts, the checker, charts and history treat
them alike.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from groups.models import Group, ProgrammeYear
from risalah.evidence_forms import roster_members
from risalah.models import Direction, Risalah
from risalah.services import risalah_create, risalah_save_title, step_save

CATEGORIES = ["Manusia", "Metode", "Material", "Mesin/Sarana", "Lingkungan"]


@dataclass(frozen=True)
class Project:
    key: str
    theme: str
    direction: str
    metric: str
    baseline: str  # decimals as text, so the title shows exactly these digits
    target: str
    after: str
    unit: str
    problems: list[tuple[str, float, float, str]]  # (problem, target, achievement, unit); the first is chosen
    check_sheet: tuple[str, list[tuple[str, int]]]  # (title with {year}, rows)
    fishbone_problem: str
    causes: dict[str, list[tuple[str, str]]]  # category -> [(id, text)]
    cause_counts: list[tuple[str, int, bool]]  # (cause id, count, dominant)
    scatter: tuple[str, str, list[list[float]]]
    plans: dict[str, tuple[str, str, str, str, str]]  # dominant cause id -> (what, why, where, when, how)
    log: list[tuple[str, str, str]]  # (MM-DD, activity, result)
    control: tuple[str, list[float]]
    benefits: tuple[str, str, str]
    standard: tuple[str, str, str, str]  # (title, number prefix, summary, socialisation)
    next_theme: tuple[str, str]
    justification: str
    photos: tuple[str, str]  # captions of the photo before and the photo after

    @property
    def target_reached(self) -> bool:
        after, target = Decimal(self.after), Decimal(self.target)
        return after >= target if self.direction == Direction.INCREASE else after <= target


def plain(value: str, unit: str) -> str:
    """ "29.6" and "%" -> "29,6%" (Indonesian decimal comma, as the document is Indonesian)."""
    number = value.replace(".", ",")
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def tool_data(project: Project, *, year: int, roster: list[str]) -> dict[str, dict]:
    """The data of every tool, in the shapes of risalah.tools."""

    def who(*indices: int) -> list[str]:
        return [roster[i % len(roster)] for i in indices] if roster else []

    texts = {cause_id: text for causes in project.causes.values() for cause_id, text in causes}
    title, rows = project.check_sheet
    plan_rows = [
        {
            "cause_id": cause_id,
            "cause": texts[cause_id],
            "what": what,
            "why": why,
            "where": where,
            "when": when.format(year=year),
            "who": who(index, index + 2),
            "how": how,
        }
        for index, (cause_id, (what, why, where, when, how)) in enumerate(project.plans.items())
    ]
    return {
        "problem_list": {
            "rows": [
                {
                    "problem": problem,
                    "target": target,
                    "achievement": achieved,
                    "unit": unit,
                    "chosen": index == 0,
                }
                for index, (problem, target, achieved, unit) in enumerate(project.problems)
            ]
        },
        "check_sheet": {
            "title": title.format(year=year, previous=year - 1),
            "rows": [{"label": label, "count": count} for label, count in rows],
        },
        "target": {"justification": project.justification},
        "fishbone": {
            "problem": project.fishbone_problem,
            "categories": [
                {
                    "name": name,
                    "causes": [{"id": cause_id, "text": text} for cause_id, text in project.causes[name]],
                }
                for name in CATEGORIES
                if name in project.causes
            ],
        },
        "cause_test": {
            "rows": [
                {"cause_id": cause_id, "cause": texts[cause_id], "count": count, "dominant": dominant}
                for cause_id, count, dominant in project.cause_counts
            ]
        },
        "scatter": {
            "x_label": project.scatter[0],
            "y_label": project.scatter[1],
            "pairs": project.scatter[2],
        },
        "plan_5w1h": {"rows": plan_rows},
        "implementation_log": {
            "rows": [
                {"date": f"{year}-{month_day}", "activity": activity, "result": result}
                for month_day, activity, result in project.log
            ]
        },
        "before_after": {
            "metric": project.metric,
            "before": float(project.baseline),
            "after": float(project.after),
            "target": float(project.target),
            "target_reached": project.target_reached,
        },
        "control_chart": {"label": project.control[0], "values": project.control[1]},
        "benefits": dict(zip(("tangible", "intangible", "side_effects"), project.benefits, strict=True)),
        "standard": {
            "title": project.standard[0],
            "number": f"{project.standard[1]}/017/SOP/{year}",
            "summary": project.standard[2],
            "socialisation": project.standard[3],
        },
        "next_theme": {"theme": project.next_theme[0], "reason": project.next_theme[1]},
    }


def narratives(project: Project) -> dict[str, str]:
    """One paragraph per tool, from the project's own facts."""
    causes = sum(len(items) for items in project.causes.values())
    counts = [count for _id, count, _dominant in project.cause_counts]
    dominant = [count for _id, count, is_dominant in project.cause_counts if is_dominant]
    share = round(100 * sum(dominant) / sum(counts))
    after = plain(project.after, project.unit)
    target = plain(project.target, project.unit)
    if project.target_reached:
        verdict = f"Setelah perbaikan, capaian menjadi {after} sehingga target {target} tercapai."
    else:
        verdict = (
            f"Setelah perbaikan, capaian menjadi {after}; target {target} belum tercapai dan kelompok "
            "melanjutkan perbaikan pada tema berikutnya."
        )
    return {
        "problem_list": f"Tim mendata {len(project.problems)} masalah beserta target dan capaiannya. Masalah "
        f"“{project.problems[0][0]}” memiliki deviasi terbesar sehingga dipilih sebagai tema.",
        "target": project.justification,
        "fishbone": f"Dalam dua kali curah pendapat, anggota kelompok mengumpulkan {causes} penyebab yang "
        f"dikelompokkan ke dalam {len(project.causes)} kategori.",
        "cause_test": f"Penyebab diuji dengan lembar periksa selama dua minggu. {len(dominant)} penyebab dominan "
        f"menjelaskan {share}% kejadian.",
        "plan_5w1h": "Setiap penyebab dominan mendapat satu rencana perbaikan dengan penanggung jawab dari anggota "
        "kelompok.",
        "implementation_log": "Perbaikan dilaksanakan sesuai rencana; foto kegiatan terlampir.",
        "before_after": f"{verdict} Data dipantau setiap minggu oleh tim.",
        "standard": "Cara kerja baru dibakukan dalam SOP yang ditandatangani pimpinan unit.",
        "next_theme": project.next_theme[1],
    }


def conclusion(project: Project) -> str:
    actions = "; ".join(what[0].lower() + what[1:] for what, *_rest in project.plans.values())
    before, after = plain(project.baseline, project.unit), plain(project.after, project.unit)
    reached = "melampaui target" if project.target_reached else "belum mencapai target"
    return (
        f"Dengan langkah perbaikan ({actions}), {project.metric} berubah dari {before} menjadi {after}, "
        f"{reached} {plain(project.target, project.unit)}. Cara kerja baru dibakukan dalam "
        f"{project.standard[0]}. Tema berikutnya: {project.next_theme[0].lower()}."
    )


def write_project_risalah(
    *, group: Group, programme_year: ProgrammeYear, by, project: Project, stage: int | None = None
) -> Risalah:
    """A risalah of ``project``: the title and the first ``stage`` steps (None: all, with the conclusion)."""
    risalah = risalah_create(group=group, programme_year=programme_year, by=by, theme=project.theme)
    if stage == 0:
        return risalah
    year = programme_year.year
    risalah_save_title(
        risalah=risalah,
        parts={
            "theme": project.theme,
            "direction": project.direction,
            "metric": project.metric,
            "baseline_value": Decimal(project.baseline),
            "target_value": Decimal(project.target),
            "unit_of_measure": project.unit,
            "place": group.unit.name,
            "deadline": date(year, 6, 30),
        },
        title="",
        title_is_custom=False,
        base_version=risalah.version,
        by=by,
        conclusion=conclusion(project) if stage is None else None,
    )
    roster = [str(member.person.uuid) for member in roster_members(risalah)]
    data = tool_data(project, year=year, roster=roster)
    texts = narratives(project)
    steps = risalah.steps.select_related("method_step", "risalah").order_by("method_step__number")
    for step in list(steps)[:stage]:
        tools = step.method_step.tools
        step_save(
            step=step,
            data={tool: data[tool] for tool in tools if tool in data},
            narrative="\n\n".join(texts[tool] for tool in tools if tool in texts),
            base_version=step.version,
            by=by,
        )
    return risalah
