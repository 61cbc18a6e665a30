from django.db import migrations


def seed(apps, schema_editor):
    from evaluations.pd.instrument import seed_instrument

    seed_instrument(apps.get_model("evaluations", "PdInstrument"), apps.get_model("evaluations", "PdVariable"))


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0004_pd_maturity")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
