"""The risalah of a group, for the groups pages (groups never imports risalah).

- ``{% risalah_of_group group as items %}``: every risalah of the group, for the group's page.
- ``{% risalah_kept_from_roster group programme_year as kept %}``: the group's filed risalah of the
  year, which keep the roster as filed, for the roster page.
"""

from django import template

from risalah.models import Risalah, Status

register = template.Library()


@register.simple_tag
def risalah_of_group(group) -> list[Risalah]:
    """Every risalah of ``group``, newest programme year first, the current (highest) revision
    first within a year. One query.

    The group's page is read by people who may read the group's unit, and so its risalah.
    """
    return list(
        Risalah.objects.filter(group=group)
        .select_related("programme_year")
        .order_by("-programme_year__year", "-revision", "created_at")
    )


@register.simple_tag
def risalah_kept_from_roster(group, programme_year) -> list[Risalah]:
    """The group's risalah of ``programme_year`` that a roster edit does not change: submitted,
    under review, verified or rejected, with the roster as filed. One query."""
    return list(
        Risalah.objects.filter(group=group, programme_year=programme_year, status__in=Status.FILED)
        .filter(snapshots__isnull=False)
        .distinct()
        .order_by("-revision")
    )
