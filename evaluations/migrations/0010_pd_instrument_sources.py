from django.db import migrations


def refresh(apps, schema_editor):
    # The shipped Permendagri 99/2018 instrument names all its secondary sources; nothing else changes.
    from evaluations.pd.instrument import refresh_sources

    refresh_sources(apps.get_model("evaluations", "PdInstrument"), apps.get_model("evaluations", "PdVariable"))


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0009_lke_2020_sources")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
