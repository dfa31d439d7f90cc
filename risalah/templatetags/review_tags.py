from django import template

from risalah.models import ReviewNote, Status

register = template.Library()


@register.inclusion_tag("risalah/review/_step_notes.html")
def review_notes_for(risalah, step=None):
    """The notes of the latest return on ``step`` (or on the whole risalah), shown to the group."""
    notes = []
    if risalah.status == Status.RETURNED:
        latest = risalah.transitions.filter(to_status=Status.RETURNED).order_by("-at", "-pk").first()
        if latest is not None:
            notes = list(ReviewNote.objects.filter(transition=latest, step=step).order_by("created_at"))
            if step is None and latest.note:
                notes.insert(0, latest)
    return {"notes": notes, "step": step}
