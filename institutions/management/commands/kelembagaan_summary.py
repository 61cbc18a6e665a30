import json

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Province
from institutions.selectors import pemda_summaries

from ._system import SYSTEM_USER


class Command(BaseCommand):
    help = "Per Pemda of a province: simplification %, open mismatches, regulations enacted, model adopted."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="Kemendagri code, e.g. 64")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, province, format, **options):
        try:
            province_obj = Province.objects.get(code=province)
        except Province.DoesNotExist:
            raise CommandError(f"Unknown province code {province!r}") from None
        rows = pemda_summaries(SYSTEM_USER, province_obj)
        if format == "json":
            self.stdout.write(json.dumps({"pemdas": [row.as_dict() for row in rows]}, ensure_ascii=False, indent=2))
            return
        for row in rows:
            percent = "-" if row.simplification_percent is None else f"{row.simplification_percent}%"
            adopted = {True: "yes", False: "no", None: "-"}[row.adopted_model]
            enacted = sum(row.regulations_enacted.values())
            self.stdout.write(f"{row.code:6} {row.name[:45]:45} {percent:>7} mismatches={row.open_mismatches} "
                              f"enacted={enacted} model={adopted}")
