"""The checker: what is missing or inconsistent in a risalah, step by step.

One function per rule. Each takes the ``Facts`` loaded once by ``check()`` (so the whole check
runs a fixed number of queries, whatever the size of the risalah) and returns a list of
``Finding``. A blocking finding stops the submission; the others are advice.

Steps are found by the tools they offer, never by their number, so every method works
(the 8-step variant analyses and tests causes in one step).
"""

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _

from groups.models import GroupYear
from risalah.checker_evaluation import (
    plain_number,
    rule_evaluation_measures_title,
    rule_evaluation_target,
    rule_evaluation_verdict,
    rule_evaluation_verdict_matches_numbers,
    target_met,  # noqa: F401 (re-exported for callers)
)
from risalah.checker_facts import Facts, Finding, has_content, same_text, text_key  # noqa: F401 (re-exported)
from risalah.library import near_duplicate_title
from risalah.models import Evidence, Risalah, RisalahStep
from risalah.snapshots import filed, filed_figures
from risalah.tools import all_causes, cause_label, dominant_causes, normalise
from risalah.year_rules import year_rules

# --- the rules ------------------------------------------------------------------------------


def rule_step_without_content(facts: Facts) -> list[Finding]:
    findings = []
    for step in facts.steps:
        tools = facts.data[step.pk]
        if step.narrative.strip() or any(has_content(tool, data) for tool, data in tools.items()):
            continue
        findings.append(
            Finding(
                facts.number(step),
                "step_empty",
                _("Step %(number)d (%(name)s) has no content yet: fill in its tools or write its narrative.")
                % {"number": step.method_step.number, "name": step.method_step.name},
                facts.step_url(step),
            )
        )
    return findings


def _title_step(facts: Facts) -> RisalahStep | None:
    return facts.step_for("target") or facts.step_for("problem_list")


def rule_title_incomplete(facts: Facts) -> list[Finding]:
    risalah = facts.risalah
    missing = []
    if not risalah.metric.strip():
        missing.append(_("what is measured"))
    if risalah.baseline_value is None:
        missing.append(_("the baseline value"))
    if risalah.target_value is None:
        missing.append(_("the target value"))
    if risalah.deadline is None:
        missing.append(_("the deadline"))
    if not missing:
        return []
    return [
        Finding(
            facts.number(_title_step(facts)),
            "title_incomplete",
            _("The title is not measurable yet: it lacks %(parts)s.") % {"parts": ", ".join(missing)},
            reverse("risalah-title", args=[risalah.uuid]),
        )
    ]


def _outside_fishbone(facts: Facts) -> list[dict]:
    """The rows of the cause test whose cause is not in the fishbone (empty without a fishbone)."""
    fishbone, cause_test = facts.tool_data("fishbone"), facts.tool_data("cause_test")
    if fishbone is None or cause_test is None:
        return []
    causes = all_causes(fishbone)
    texts = {text_key(text) for text in causes.values()}
    return [
        row
        for row in cause_test["rows"]
        if row["cause"] and row["cause_id"] not in causes and text_key(row["cause"]) not in texts
    ]


def rule_dominant_cause_not_in_causes(facts: Facts) -> list[Finding]:
    step = facts.step_for("cause_test")
    return [
        Finding(
            facts.number(step),
            "dominant_not_in_causes",
            _("The dominant cause “%(cause)s” is not among the causes of the fishbone diagram.")
            % {"cause": row["cause"]},
            facts.step_url(step, "cause_test"),
        )
        for row in _outside_fishbone(facts)
        if row["dominant"]
    ]


def rule_tested_cause_not_in_causes(facts: Facts) -> list[Finding]:
    """A cause typed by hand ("another cause") that is not dominant: advice, the method allows it."""
    step, fishbone_step = facts.step_for("cause_test"), facts.step_for("fishbone")
    return [
        Finding(
            facts.number(step),
            "cause_not_in_fishbone",
            _(
                "The cause “%(cause)s” tested in step %(step)d is not in the fishbone diagram of step "
                "%(fishbone)d. Add it to the diagram, or choose one of the diagram's causes."
            )
            % {"cause": row["cause"], "step": facts.number(step), "fishbone": facts.number(fishbone_step)},
            facts.step_url(step, "cause_test"),
            blocking=False,
        )
        for row in _outside_fishbone(facts)
        if not row["dominant"]
    ]


def rule_tested_row_without_cause(facts: Facts) -> list[Finding]:
    """A count (or a tick) whose cause is empty or gone is counted on no cause at all."""
    cause_test = facts.tool_data("cause_test")
    if cause_test is None:
        return []
    causes = all_causes(facts.tool_data("fishbone") or normalise("fishbone", None))
    step = facts.step_for("cause_test")
    return [
        Finding(
            facts.number(step),
            "cause_test_without_cause",
            _("Row %(row)d of the cause test has no cause: choose the cause its count belongs to.")
            % {"row": index},
            facts.step_url(step, "cause_test"),
        )
        for index, row in enumerate(cause_test["rows"], start=1)
        if (row["count"] is not None or row["dominant"]) and not cause_label(row, causes)
    ]


def _cause_label(row: dict, causes: dict[str, str]) -> str:
    return cause_label(row, causes) or "…"


def rule_dominant_cause_without_plan(facts: Facts) -> list[Finding]:
    cause_test, plan = facts.tool_data("cause_test"), facts.tool_data("plan_5w1h")
    if cause_test is None or plan is None:
        return []
    causes = all_causes(facts.tool_data("fishbone") or normalise("fishbone", None))
    planned_ids = {row["cause_id"] for row in plan["rows"] if row["cause_id"]}
    planned_texts = {text_key(row["cause"]) for row in plan["rows"] if row["cause"]}
    step = facts.step_for("plan_5w1h")
    findings = []
    for row in dominant_causes(cause_test):
        if (row["cause_id"] and row["cause_id"] in planned_ids) or text_key(
            _cause_label(row, causes)
        ) in planned_texts:
            continue
        findings.append(
            Finding(
                facts.number(step),
                "dominant_without_plan",
                _("The dominant cause “%(cause)s” has no row in the 5W+1H plan.")
                % {"cause": _cause_label(row, causes)},
                facts.step_url(step, "plan_5w1h"),
            )
        )
    return findings


def rule_plan_row_incomplete(facts: Facts) -> list[Finding]:
    plan = facts.tool_data("plan_5w1h")
    if plan is None:
        return []
    step = facts.step_for("plan_5w1h")
    findings = []
    for index, row in enumerate(plan["rows"], start=1):
        if row["who"] and row["when"]:
            continue
        if not row["who"] and not row["when"]:
            message = _("Row %(row)d of the 5W+1H plan (“%(what)s”) does not say who does it, nor when.")
        elif not row["who"]:
            message = _("Row %(row)d of the 5W+1H plan (“%(what)s”) does not say who does it.")
        else:
            message = _("Row %(row)d of the 5W+1H plan (“%(what)s”) does not say when.")
        findings.append(
            Finding(
                facts.number(step),
                "plan_row_incomplete",
                message % {"row": index, "what": row["what"] or row["cause"] or "…"},
                facts.step_url(step, "plan_5w1h"),
            )
        )
    return findings


def rule_no_standard(facts: Facts) -> list[Finding]:
    standard = facts.tool_data("standard")
    if standard is None or standard["title"] or standard["summary"] or facts.has_sop_attachment:
        return []
    step = facts.step_for("standard")
    return [
        Finding(
            facts.number(step),
            "no_standard",
            _("No standard is named: give the new or revised SOP's title and summary, or attach the SOP."),
            facts.step_url(step, "standard"),
        )
    ]


def _meetings_url(facts: Facts) -> str:
    return reverse("risalah-meetings", args=[facts.risalah.uuid])


def rule_too_few_meetings(facts: Facts) -> list[Finding]:
    if facts.figures.count >= facts.rules.min_meetings:
        return []
    return [
        Finding(
            None,
            "too_few_meetings",
            _("The group recorded %(count)d meetings; at least %(min)d are required.")
            % {"count": facts.figures.count, "min": facts.rules.min_meetings},
            _meetings_url(facts),
        )
    ]


def rule_low_attendance(facts: Facts) -> list[Finding]:
    attendance = facts.figures.average_attendance_pct
    if attendance is None or attendance >= facts.rules.min_attendance_pct:
        return []
    return [
        Finding(
            None,
            "low_attendance",
            _("Average attendance at the meetings is %(pct)s%%; at least %(min)d%% is required.")
            % {"pct": plain_number(attendance), "min": facts.rules.min_attendance_pct},
            _meetings_url(facts),
        )
    ]


def rule_missing_sk(facts: Facts) -> list[Finding]:
    if facts.sk_complete:
        return []
    return [
        Finding(
            None,
            "missing_sk",
            _("The group has no complete SK for %(year)s (number, date and scanned decree).")
            % {"year": facts.risalah.programme_year.year},
            reverse("groups-detail", args=[facts.risalah.group.uuid])
            + f"#year-{facts.risalah.programme_year.year}",
        )
    ]


def rule_duplicate_title(facts: Facts) -> list[Finding]:
    """The same or nearly the same title as another risalah of any year and any unit (advice)."""
    other = facts.near_duplicate
    if other is None:
        return []
    if other.identical:
        message = _(
            "Another risalah of %(year)s has the same title. Make it describe this group's own project."
        )
    elif other.verified:
        # A verified risalah is in the library, open to every reader: its title may be quoted.
        message = _(
            "The verified risalah “%(title)s” (%(year)s) has a very similar title. "
            "Make this title describe this group's own project."
        )
    else:
        message = _(
            "Another risalah of %(year)s has a very similar title. Make it describe this group's own project."
        )
    return [
        Finding(
            facts.number(_title_step(facts)),
            "duplicate_title",
            message % {"year": other.year, "title": other.title},
            reverse("risalah-title", args=[facts.risalah.uuid]),
            blocking=False,
        )
    ]


RULES: list[Callable[[Facts], list[Finding]]] = [
    rule_title_incomplete,
    rule_duplicate_title,
    rule_step_without_content,
    rule_dominant_cause_not_in_causes,
    rule_tested_cause_not_in_causes,
    rule_tested_row_without_cause,
    rule_dominant_cause_without_plan,
    rule_plan_row_incomplete,
    rule_evaluation_measures_title,
    rule_evaluation_target,
    rule_evaluation_verdict,
    rule_evaluation_verdict_matches_numbers,
    rule_no_standard,
    rule_too_few_meetings,
    rule_low_attendance,
    rule_missing_sk,
]


def _sk_complete(risalah: Risalah, group_year: GroupYear | None) -> bool:
    """The SK as the risalah shows it: as filed once submitted (a later upload or removal of the
    scan does not change a filed risalah), the group's record while it is a draft or returned.
    One query for a filed risalah, none otherwise."""
    as_filed = filed(risalah)
    if as_filed is not None:
        if as_filed.sk is None:
            return False
        if as_filed.sk.has_scan is not None:
            return as_filed.sk.has_sk
        # Written before the scan was recorded in the snapshot: number and date as filed, scan now.
        return as_filed.sk.has_sk and group_year is not None and bool(group_year.sk_scan)
    return group_year is not None and group_year.has_sk


def load_facts(risalah: Risalah, steps: list[RisalahStep] | None = None) -> Facts:
    """Load what the rules need: about eight queries, whatever the size of the risalah.

    ``steps`` may be passed when the caller already loaded them (with their method steps).
    """
    if steps is None:
        steps = list(risalah.steps.select_related("method_step").order_by("method_step__number"))
    data = {
        step.pk: {tool: normalise(tool, step.data.get(tool)) for tool in step.method_step.tools}
        for step in steps
    }
    group_year = GroupYear.objects.filter(
        group_id=risalah.group_id, programme_year_id=risalah.programme_year_id
    ).first()
    return Facts(
        sk_complete=_sk_complete(risalah, group_year),
        risalah=risalah,
        steps=steps,
        data=data,
        rules=year_rules(risalah.programme_year),
        figures=filed_figures(risalah),  # as filed once submitted: a later roster change does not count
        group_year=group_year,
        has_sop_attachment=risalah.attachments.filter(kind=Evidence.SOP).exists(),
        near_duplicate=near_duplicate_title(risalah),
    )


def run(facts: Facts) -> list[Finding]:
    """Every finding of every rule on facts already loaded, in the order of the rules."""
    return [finding for rule in RULES for finding in rule(facts)]


def check(risalah: Risalah, steps: list[RisalahStep] | None = None) -> list[Finding]:
    """Every finding of every rule, in the order of the rules."""
    return run(load_facts(risalah, steps))


def blocking(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.blocking]
