from django.db import migrations


def load(apps, schema_editor):
    from risalah.methods import load_methods

    load_methods(apps.get_model("risalah", "Method"), apps.get_model("risalah", "MethodStep"))


class Migration(migrations.Migration):
    dependencies = [("risalah", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
