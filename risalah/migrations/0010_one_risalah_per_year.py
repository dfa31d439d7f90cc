"""One risalah per group and programme year; a correction is its next revision."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("risalah", "0009_resolve_duplicate_risalah")]

    operations = [
        migrations.AddConstraint(
            model_name="risalah",
            constraint=models.UniqueConstraint(
                fields=("group", "programme_year", "revision"), name="risalah_one_per_group_per_year"
            ),
        ),
    ]
