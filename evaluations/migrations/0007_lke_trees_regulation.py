from django.db import migrations


def seed(apps, schema_editor):
    # Version 2 of each tree, in the regulations' structure; version 1 stays for the LHE scored on it.
    from evaluations.frameworks import seed_frameworks

    seed_frameworks(apps)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0006_lke_trees_versioned")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
