"""The review workflow as the other risalah pages show it.

- ``{% review_notes_for risalah step %}``: the verifikator's notes of the latest return on a step
  (``{% review_notes_for risalah %}``: the message and the notes on the risalah as a whole), shown
  while the risalah is returned for revision.
- ``{% review_panel risalah %}``: on the overview, what the status means for the reader and what
  to do next (review it, fix and resubmit, start a corrected revision), links to the history and
  the changes, and a summary of the notes of the latest return.
- ``{% may_review_some as reviewer %}``: whether the user reviews risalah anywhere (no query).
"""

from django import template

from core import permissions
from risalah import review
from risalah.models import Risalah, Status
from risalah.permissions import can_write_risalah

register = template.Library()


@register.inclusion_tag("risalah/review/_step_notes.html")
def review_notes_for(risalah: Risalah, step=None):
    """Two queries."""
    returned = review.notes_for_group(risalah)
    if returned is None:
        texts = []
    elif step is None:
        texts = returned.general
    else:
        texts = [note.text for note in returned.for_step(step)]
    return {"texts": texts, "step": step, "returned": returned}


@register.inclusion_tag("risalah/review/_panel.html", takes_context=True)
def review_panel(context, risalah: Risalah):
    """A handful of queries, whatever the number of steps and notes."""
    user = context["request"].user
    last_return = review.last_return(risalah)
    status = risalah.status
    writer = can_write_risalah(user, risalah)
    decided = None
    if status in Status.DECIDED:
        decided = (
            risalah.transitions.filter(to_status=status).select_related("by").order_by("-at", "-pk").first()
        )
    return {
        "risalah": risalah,
        "can_review": permissions.can_review(user, risalah.group.unit),
        "can_write": writer,
        "last_return": last_return,
        "returned": review.notes_of_return(last_return)
        if status == Status.RETURNED and last_return
        else None,
        "decided": decided,
        "next_revision": Risalah.objects.filter(previous_revision=risalah).only("uuid", "revision").first()
        if status == Status.VERIFIED
        else None,
        "reviewable": status in Status.REVIEWABLE,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def may_review_some(context) -> bool:
    """The user holds the verifikator role somewhere (or is an admin). No query after the first."""
    access = permissions.access_for(context["request"].user)
    return access.is_admin or bool(access.paths_for(permissions.REVIEW_ROLES))
