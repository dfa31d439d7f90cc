"""A GIN trigram index on the risalah's title, for the checker's near-duplicate title
(``risalah.library.near_duplicate_title``: pg_trgm's ``%`` operator, which the index serves, at
the threshold the connection sets in settings.py). Without it the check computed the similarity
of every risalah of the Pemda: 0.3 s of each risalah overview, checker and review page at
19,206 risalah. PostgreSQL only; nothing on SQLite."""

from django.db import migrations

INDEX = "risalah_title_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON risalah_risalah USING gin (title gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("risalah", "0013_risalah_list_keys"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
