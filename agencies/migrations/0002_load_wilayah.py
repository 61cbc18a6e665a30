from django.db import migrations


def load(apps, schema_editor):
    from agencies.wilayah import load_wilayah

    load_wilayah(apps)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
