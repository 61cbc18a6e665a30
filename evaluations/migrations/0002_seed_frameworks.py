from django.db import migrations


def seed(apps, schema_editor):
    from evaluations.frameworks import seed_frameworks_v1

    seed_frameworks_v1(apps)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
