"""Writes to risalah. Views call these; nothing else changes a risalah's status."""

from django.db import transaction

from groups.models import Group, ProgrammeYear
from risalah.models import Method, Risalah, RisalahStep, YearRules


def year_rules(programme_year: ProgrammeYear) -> YearRules:
    """The year's risalah rules, created with the defaults on first use."""
    rules, _created = YearRules.objects.get_or_create(
        programme_year=programme_year, defaults={"method": Method.default()}
    )
    return rules


@transaction.atomic
def risalah_create(*, group: Group, programme_year: ProgrammeYear, by, theme: str = "") -> Risalah:
    """A new draft risalah with one empty step per step of the year's method."""
    method = year_rules(programme_year).method
    risalah = Risalah.objects.create(
        group=group, programme_year=programme_year, method=method, theme=theme, created_by=by
    )
    RisalahStep.objects.bulk_create(
        RisalahStep(risalah=risalah, method_step=method_step, updated_by=by) for method_step in method.steps.all()
    )
    return risalah
