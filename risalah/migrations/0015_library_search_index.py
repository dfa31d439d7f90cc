"""A GIN index on the library's search vector (``risalah.library.search``: the title and theme
of a verified risalah, in the text search configuration ``search_config`` picks), so that a
search finds its matches in the index instead of building the vector of every verified risalah
(about 0.1 s per query at 15,000 verified risalah, twice per page: the page's keys and the
count). The expression is the one Django writes for ``SearchVector("title", "theme", config=...)``
and the condition the library's ``status = 'verified'``; PostgreSQL only, nothing on SQLite."""

from django.db import migrations

INDEX = "risalah_library_search"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
        config = "indonesian" if cursor.fetchone() else "simple"
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON risalah_risalah USING gin "
        f"(to_tsvector('{config}'::regconfig, COALESCE(title, '') || ' ' || COALESCE(theme, ''))) "
        "WHERE status = 'verified'"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("risalah", "0014_title_trigram_index"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
