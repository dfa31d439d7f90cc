"""Before one risalah per group and programme year is a constraint (0007), resolve the duplicates.

Before the constraint, a second POST to "Risalah baru" could make a second draft. Existing
duplicates (same group, year and revision) are resolved like this: the most advanced one stays
(by status, then the most edited, then the oldest); a duplicate that holds nothing (a draft never
saved: no title, step, schedule, meeting, attachment or status change) is deleted; any other
duplicate stops the migration with the list of them, since only people can decide which of two
written risalah counts. Delete or merge those in the admin, then migrate again.
"""

from django.db import migrations
from django.db.models import Count

# Most advanced first.
STATUS_RANK = {"verified": 5, "rejected": 4, "in_review": 3, "submitted": 3, "returned": 2, "draft": 0}


def holds_nothing(risalah, Risalah) -> bool:
    if risalah.status != "draft" or risalah.version or risalah.title or risalah.conclusion:
        return False
    if risalah.meetings.exists() or risalah.attachments.exists() or risalah.transitions.exists():
        return False
    if risalah.review_notes.exists() or Risalah.objects.filter(previous_revision=risalah).exists():
        return False
    return not any(
        step.version or step.data or step.narrative or step.planned_weeks or step.actual_weeks
        for step in risalah.steps.all()
    )


def resolve_duplicates(apps, schema_editor):
    Risalah = apps.get_model("risalah", "Risalah")
    keys = (
        Risalah.objects.values("group_id", "programme_year_id", "revision")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("group_id", "programme_year_id", "revision")
    )
    problems = []
    for key in keys:
        same = list(
            Risalah.objects.filter(
                group_id=key["group_id"], programme_year_id=key["programme_year_id"], revision=key["revision"]
            )
        )
        same.sort(key=lambda r: (-STATUS_RANK.get(r.status, 0), -r.version, r.created_at, r.pk))
        keeper, *others = same
        for other in others:
            if holds_nothing(other, Risalah):
                other.delete()
            else:
                problems.append(
                    f"group {key['group_id']}, programme year {key['programme_year_id']}, revision "
                    f"{key['revision']}: risalah {other.uuid} ({other.status}) besides {keeper.uuid} ({keeper.status})"
                )
    if problems:
        raise RuntimeError(
            "A group has more than one written risalah for the same year. Decide which one counts, delete"
            " or merge the others (Django admin), then migrate again:\n" + "\n".join(problems)
        )


class Migration(migrations.Migration):
    dependencies = [("risalah", "0008_snapshot_filed")]

    # The constraint is added by the next migration: PostgreSQL refuses to ALTER a table in
    # the transaction that deleted rows from it (pending trigger events).
    operations = [migrations.RunPython(resolve_duplicates, migrations.RunPython.noop)]
