"""The bureau's risalah rules of a programme year (the method and the meeting thresholds).

Below both the checker, which reads the thresholds, and the services, which start a risalah on
the year's method: neither imports the other for them.
"""

from django.db import transaction

from groups.models import ProgrammeYear
from risalah.models import Method, YearRules


def year_rules(programme_year: ProgrammeYear) -> YearRules:
    """The year's risalah rules, created with the defaults on first use."""
    rules, _created = YearRules.objects.get_or_create(
        programme_year=programme_year, defaults={"method": Method.default()}
    )
    return rules


@transaction.atomic
def year_rules_save(*, rules: YearRules) -> YearRules:
    """Store the bureau's method and thresholds for a year (the risalah already started keep theirs)."""
    rules.full_clean()
    rules.save()
    return rules
