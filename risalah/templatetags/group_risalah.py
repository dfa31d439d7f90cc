"""The risalah of a group, for the group's page: ``{% risalah_of_group group as items %}``."""

from django import template

from risalah.models import Risalah

register = template.Library()


@register.simple_tag
def risalah_of_group(group) -> list[Risalah]:
    """Every risalah of ``group``, newest programme year first. One query.

    The group's page is read by people who may read the group's unit, and so its risalah.
    """
    return list(
        Risalah.objects.filter(group=group)
        .select_related("programme_year")
        .order_by("-programme_year__year", "revision", "created_at")
    )
