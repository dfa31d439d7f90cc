"""A GIN trigram index on the risalah's title, for the checker's near-duplicate title
(``risalah.library.near_duplicate_title``: pg_trgm's ``%`` operator, which the index serves, at
the threshold the connection sets in settings.py). Without it the check computed the similarity
of every risalah of the Pemda: 0.3 s of each risalah overview, checker and review page at
19,206 risalah. PostgreSQL only; nothing on SQLite."""

from django.db import migrations

INDEX = "risalah_title_trgm"


# pg_trgm declares its "%" operator as cheap as "=" (cost 1), so for a title with a few
# hundred near-twins the planner read all 19,206 titles, computing the similarity of each
# (0.26 s), instead of the index's candidates (0.1 s); about its true cost against "=", 100 makes
# it choose the index. Set only where the migrating role owns the function (it does when it
# created the extension); an upgrade of the extension may reset it.
OPERATOR_COST = 100


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON risalah_risalah USING gin (title gin_trgm_ops)"
    )
    if _owns_operator(schema_editor):
        schema_editor.execute(f"ALTER FUNCTION similarity_op(text, text) COST {OPERATOR_COST}")


def _owns_operator(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(current_user, proowner, 'USAGE') FROM pg_proc "
            "WHERE proname = 'similarity_op' AND pg_function_is_visible(oid)"
        )
        owned = cursor.fetchone()
    return bool(owned and owned[0])


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    if _owns_operator(schema_editor):
        schema_editor.execute("ALTER FUNCTION similarity_op(text, text) COST 1")  # pg_trgm's own


class Migration(migrations.Migration):
    dependencies = [
        ("risalah", "0013_risalah_list_keys"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
