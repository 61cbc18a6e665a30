from django.db import migrations


def seed(apps, schema_editor):
    from actionplans.reference import seed_reference

    seed_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
