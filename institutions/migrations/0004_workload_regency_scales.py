from django.db import migrations


def recompute(apps, schema_editor):
    """The regency/city classes changed (institutions.workload): recompute the stored scores.

    Province mappings are untouched (their scales did not change). Only the general score, the
    total and the computed type move; the technical score entered by the user stays.
    """
    from institutions import workload

    WorkloadMapping = apps.get_model("institutions", "WorkloadMapping")
    for mapping in WorkloadMapping.objects.exclude(pemda__level="province").prefetch_related("scores"):
        for score in mapping.scores.all():
            result = workload.assess("regency", population=mapping.population, area_km2=mapping.area_km2,
                                     apbd=mapping.apbd, technical_score=score.technical_score)
            values = (result.general_score, result.total_score, result.type)
            if (score.general_score, score.total_score, score.computed_type) != values:
                score.general_score, score.total_score, score.computed_type = values
                score.save(update_fields=["general_score", "total_score", "computed_type"])


class Migration(migrations.Migration):
    dependencies = [("institutions", "0003_kelembagaan")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
