"""GroupYear.problems held sentences in the language of whoever saved last; now codes and numbers."""

from django.db import migrations


def recompute(apps, schema_editor):
    # The two functions read only plain fields, which the historical models have too.
    from groups.services import roster_problems, sk_problems

    GroupYear = apps.get_model("groups", "GroupYear")
    changed = []
    for group_year in GroupYear.objects.select_related("programme_year").iterator(chunk_size=500):
        roles = list(group_year.members.values_list("role", flat=True))
        group_year.problems = sk_problems(group_year) + roster_problems(roles, group_year.programme_year)
        changed.append(group_year)
    GroupYear.objects.bulk_update(changed, ["problems"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("groups", "0003_roster_seat_confirmation")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
