"""The risalah as filed, as its pages show it.

- ``{% filed_notice risalah %}``: once the risalah is filed, when and that its roster, SK and
  figures are those of the submission; "susunan anggota telah berubah sejak diajukan" with a
  link to the difference when the group's roster changed since.
"""

from django import template

from risalah import snapshots
from risalah.models import Risalah

register = template.Library()


@register.inclusion_tag("risalah/_filed_notice.html")
def filed_notice(risalah: Risalah):
    """Three queries once filed, none for a draft or a returned risalah."""
    as_filed = snapshots.filed(risalah)
    changes = None if as_filed is None else snapshots.roster_changes(risalah, as_filed)
    return {"risalah": risalah, "as_filed": as_filed, "changes": changes}
