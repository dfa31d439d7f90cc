"""The checker's rules of the evaluation (step 6): the numbers measure the title's indicator,
the target is the title's, and the verdict "target reached" agrees with the numbers."""

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from risalah.checker_facts import Facts, Finding, same_text
from risalah.models import Direction
from risalah.titles import format_value


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
                % {
                    "before": plain_number(evaluation["before"]),
                    "baseline": plain_number(risalah.baseline_value),
                },
                url,
            )
        )
    return findings


def plain_number(value) -> str:
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
