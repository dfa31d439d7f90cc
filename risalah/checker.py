"""The checker: what is missing or inconsistent in a risalah, step by step.

One function per rule. Each takes the ``Facts`` loaded once by ``check()`` (so the whole check
runs a fixed number of queries, whatever the size of the risalah) and returns a list of
``Finding``. A blocking finding stops the submission; the others are advice.

Steps are found by the tools they offer, never by their number, so every method works
(the 8-step variant analyses and tests causes in one step).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from groups.models import GroupYear
from risalah.figures import MeetingFigures
from risalah.library import SimilarTitle, near_duplicate_title
from risalah.models import Direction, Evidence, Risalah, RisalahStep, YearRules
from risalah.snapshots import filed, filed_figures
from risalah.titles import format_value
from risalah.tools import all_causes, cause_label, dominant_causes, normalise
from risalah.year_rules import year_rules


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


def _key(text: str) -> str:
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
    texts = {_key(text) for text in causes.values()}
    return [
        row
        for row in cause_test["rows"]
        if row["cause"] and row["cause_id"] not in causes and _key(row["cause"]) not in texts
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
    planned_texts = {_key(row["cause"]) for row in plan["rows"] if row["cause"]}
    step = facts.step_for("plan_5w1h")
    findings = []
    for row in dominant_causes(cause_test):
        if (row["cause_id"] and row["cause_id"] in planned_ids) or _key(
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


def _as_decimal(value) -> Decimal | None:
    """A stored number rounded to cents like the title's values; None for none (or not a number)."""
    number = None if value is None else Decimal(str(value))
    if number is None or not number.is_finite():
        return None
    try:
        return number.quantize(Decimal("0.01"))
    except InvalidOperation:  # too many digits to round: compared as it is
        return number


def rule_evaluation_measures_title(facts: Facts) -> list[Finding]:
    evaluation = facts.tool_data("before_after")
    if evaluation is None:
        return []
    step, risalah = facts.step_for("before_after"), facts.risalah
    url = facts.step_url(step, "before_after")
    findings = []
    if not evaluation["metric"]:
        findings.append(
            Finding(
                facts.number(step),
                "evaluation_metric",
                _("The evaluation does not say what it measures; it should measure the title's metric."),
                url,
            )
        )
    elif risalah.metric and not same_text(evaluation["metric"], risalah.metric):
        findings.append(
            Finding(
                facts.number(step),
                "evaluation_metric",
                _("The evaluation measures “%(measured)s” but the title measures “%(metric)s”.")
                % {"measured": evaluation["metric"], "metric": risalah.metric},
                url,
            )
        )
    if evaluation["before"] is None or evaluation["after"] is None:
        findings.append(
            Finding(
                facts.number(step),
                "evaluation_values",
                _("The evaluation needs both the value before and the value after the improvement."),
                url,
            )
        )
    elif risalah.baseline_value is not None and _as_decimal(evaluation["before"]) != risalah.baseline_value:
        findings.append(
            Finding(
                facts.number(step),
                "evaluation_baseline",
                _("The value before (%(before)s) differs from the title's baseline (%(baseline)s).")
                % {"before": _plain(evaluation["before"]), "baseline": _plain(risalah.baseline_value)},
                url,
            )
        )
    return findings


def _plain(value) -> str:
    number = Decimal(str(value)).normalize()
    return number_format(number if number == number.to_integral() else number, use_l10n=True)


def rule_evaluation_verdict(facts: Facts) -> list[Finding]:
    evaluation = facts.tool_data("before_after")
    if evaluation is None or evaluation["target_reached"] is not None:
        return []
    step = facts.step_for("before_after")
    return [
        Finding(
            facts.number(step),
            "evaluation_verdict",
            _("The evaluation does not say whether the target was reached."),
            facts.step_url(step, "before_after"),
        )
    ]


def _value(number: Decimal, facts: Facts) -> str:
    return format_value(number, facts.risalah.unit_of_measure)


def rule_evaluation_target(facts: Facts) -> list[Finding]:
    """Step 6 judges the title's promise: its target is the title's target."""
    evaluation, risalah = facts.tool_data("before_after"), facts.risalah
    target = None if evaluation is None else _as_decimal(evaluation["target"])
    if target is None or risalah.target_value is None or target == risalah.target_value:
        return []
    step = facts.step_for("before_after")
    return [
        Finding(
            facts.number(step),
            "evaluation_target",
            _(
                "The target in the evaluation (%(target)s) differs from the title's target "
                "(%(title_target)s). Write the title's target, or correct the title."
            )
            % {"target": _value(target, facts), "title_target": _value(risalah.target_value, facts)},
            facts.step_url(step, "before_after"),
        )
    ]


def target_met(*, after: Decimal, target: Decimal, direction: str) -> bool:
    """True when ``after`` reaches ``target``: at or above it, or at or below it when decreasing."""
    return after <= target if direction == Direction.DECREASE else after >= target


def rule_evaluation_verdict_matches_numbers(facts: Facts) -> list[Finding]:
    """The verdict "target reached" must agree with the value after and the title's target."""
    evaluation, risalah = facts.tool_data("before_after"), facts.risalah
    if evaluation is None or evaluation["target_reached"] is None:
        return []
    target = risalah.target_value if risalah.target_value is not None else _as_decimal(evaluation["target"])
    after = _as_decimal(evaluation["after"])
    if target is None or after is None:
        return []
    met = target_met(after=after, target=target, direction=risalah.direction)
    if met == evaluation["target_reached"]:
        return []
    if risalah.direction == Direction.DECREASE:
        rule = _("The title decreases the value: the target is reached at %(target)s or less.")
    else:
        rule = _("The title increases the value: the target is reached at %(target)s or more.")
    if evaluation["target_reached"]:
        message = _(
            "The evaluation says the target was reached, but the value after (%(after)s) does not "
            "reach the target (%(target)s)."
        )
    else:
        message = _(
            "The evaluation says the target was not reached, but the value after (%(after)s) "
            "reaches the target (%(target)s)."
        )
    values = {"after": _value(after, facts), "target": _value(target, facts)}
    step = facts.step_for("before_after")
    return [
        Finding(
            facts.number(step),
            "evaluation_verdict_wrong",
            f"{message % values} {rule % values}",
            facts.step_url(step, "before_after"),
        )
    ]


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
            % {"pct": _plain(attendance), "min": facts.rules.min_attendance_pct},
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
