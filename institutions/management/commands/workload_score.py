import json

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Opd, pemda_code_q
from institutions import workload
from institutions.models import WorkloadScore


class Command(BaseCommand):
    help = "An agency's workload inputs, scores and type (PP 18/2016) for a year."

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="<pemda code>:<OPD code>, e.g. 62:DINKES or 62.71:DINKES")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, opd, year, format, **options):
        pemda_code, sep, opd_code = opd.partition(":")
        if not sep or not opd_code:
            raise CommandError("--opd must look like 62:DINKES")
        agency = Opd.objects.filter(pemda_code_q("pemda", pemda_code), code=opd_code).select_related("pemda").first()
        if agency is None:
            raise CommandError(f"No agency {opd!r}")
        score = WorkloadScore.objects.filter(opd=agency, mapping__year=year).select_related("mapping").first()
        if score is None:
            raise CommandError(f"{opd} has no workload mapping for {year}")
        mapping = score.mapping
        # Recomputed from the inputs through the one function, so the output never shows a stale score.
        result = workload.assess("province" if agency.pemda.is_province else "regency", population=mapping.population,
                                 area_km2=mapping.area_km2, apbd=mapping.apbd, technical_score=score.technical_score)
        data = {
            "opd": opd, "name": agency.name, "year": year,
            "population": mapping.population, "area_km2": float(mapping.area_km2), "apbd": int(mapping.apbd),
            "general_score": float(result.general_score), "technical_score": float(result.technical_score),
            "total_score": float(result.total_score), "type": result.type or None,
            "recorded_type": agency.type or None, "type_mismatch": (result.type or "") != (agency.type or ""),
        }
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            for key, value in data.items():
                self.stdout.write(f"{key}: {value}")
