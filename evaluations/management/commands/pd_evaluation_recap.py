"""Print a province's maturity evaluation of one year (Permendagri 99/2018) as JSON or text.

    python manage.py pd_evaluation_recap --province 17 --year 2024 --format json

Run by an operator on the server: it reads every regency/city of the province (no user scope).
"maturity" is the sum of verified levels for an agency (null while a variable is unverified) and
the mean of its complete agencies' scores for a regency/city; see evaluations/pd/maturity.py.
"""

import json
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError

from agencies.scoping import Reach, Scope
from evaluations.models import PdRound
from evaluations.pd.selectors import round_results

OPERATOR = SimpleNamespace(scope=Scope(Reach.ALL, role="superuser"), is_authenticated=True, is_superuser=True)


def _number(value):
    return None if value is None else float(value)


def recap_data(round):
    results = round_results(round, OPERATOR)
    return {
        "province": {"code": round.pemda.code, "name": round.pemda.name},
        "year": round.year,
        "instrument": str(round.instrument),
        "variables": [{"code": v.code, "name": v.name, "levels": list(v.levels)} for v in results.variables],
        "pemdas": [
            {
                "code": p.code, "name": p.name, "status": p.status,
                "maturity": _number(p.mean_score), "category": p.category,
                "weakest": [v.code for v, _mean in p.weakest],
                "agencies": [
                    {
                        "code": a.code, "name": a.name, "levels": a.levels,
                        "maturity": _number(a.maturity.score), "category": a.maturity.category,
                        "level": a.maturity.level,
                    }
                    for a in p.agencies
                ],
            }
            for p in results.pemdas
        ],
    }


class Command(BaseCommand):
    help = "Rekap evaluasi kematangan perangkat daerah kabupaten/kota satu provinsi dan tahun."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="Kode provinsi Kemendagri, mis. 17")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=("json", "text"), default="text")

    def handle(self, *args, province, year, format, **options):
        round = (
            PdRound.objects.select_related("pemda__province", "instrument")
            .filter(pemda__level="province", pemda__province__code=province, year=year).first()
        )
        if round is None:
            raise CommandError(f"Tidak ada evaluasi kematangan perangkat daerah untuk provinsi {province} tahun {year}.")
        data = recap_data(round)
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{data['province']['name']} {year}: {len(data['pemdas'])} kabupaten/kota")
        for p in data["pemdas"]:
            maturity = "–" if p["maturity"] is None else f"{p['maturity']:.2f}"
            self.stdout.write(f"  {p['code']} {p['name']}: {maturity} {p['category']} · terlemah {', '.join(p['weakest'])}")
