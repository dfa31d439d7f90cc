"""pg_trgm for the library's similar titles (TrigramSimilarity). Does nothing on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("risalah", "0005_cause_choice"),
    ]

    operations = [
        TrigramExtension(),
    ]
