from django.db import migrations


def refresh(apps, schema_editor):
    # The 2020–2022 tree (version 2) names the secondary sources of its weights; weights unchanged.
    from evaluations.frameworks import refresh_sources

    refresh_sources(apps, year_from=2020)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0008_lke_objections")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
