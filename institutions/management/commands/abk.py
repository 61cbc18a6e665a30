"""Print one agency's Anjab/ABK with its figures.

    python manage.py abk --opd 62:DISKOMINFO --year 2025 --format json

--opd is "<Pemda code>:<OPD code>" (62 for the province, 62.71 for Kota Palangka Raya).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Opd, pemda_code_q
from institutions.anjab import selectors
from institutions.anjab.models import Abk


def find_opd(value):
    pemda_code, sep, opd_code = value.partition(":")
    if not sep or not opd_code:
        raise CommandError("--opd is <Pemda code>:<OPD code>, e.g. 62:DISKOMINFO")
    opd = Opd.objects.filter(pemda_code_q("pemda", pemda_code), code=opd_code).first()
    if opd is None:
        raise CommandError(f"No agency {opd_code} in Pemda {pemda_code}.")
    return opd


def abk_document(abk):
    rows = selectors.position_rows(abk, with_tasks=True)
    positions = []
    for r in rows:
        p, f = r.position, r.figures
        positions.append({
            "code": p.code,
            "name": p.name,
            "unit": p.unit.name,
            "kind": p.kind,
            "grade": p.grade,
            "tasks": [
                {
                    "task": t.description,
                    "output": t.output,
                    "output_unit": t.output_unit,
                    "volume": float(t.volume),
                    "period": t.period,
                    "yearly_volume": float(t.yearly_volume),
                    "time_norm_minutes": float(t.time_norm),
                    "workload_minutes": float(t.workload_minutes),
                }
                for t in r.tasks
            ],
            **{k: v for k, v in f.as_dict().items()},
        })
    from institutions.anjab.workload import totals

    return {
        "opd": {"pemda": abk.opd.pemda.code, "code": abk.opd.code, "name": abk.opd.name},
        "year": abk.year,
        "status": abk.status,
        "positions": positions,
        "totals": totals(r.figures for r in rows).as_dict(),
    }


class Command(BaseCommand):
    help = "Print an agency's Anjab/ABK: positions, tasks, workload, staff needed, gap, EJ and grade."

    def add_arguments(self, parser):
        parser.add_argument("--opd", required=True, help="<Pemda code>:<OPD code>, e.g. 62:DISKOMINFO")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        opd = find_opd(options["opd"])
        abk = Abk.objects.filter(opd=opd, year=options["year"]).select_related("opd__pemda__province", "opd__pemda__regency").first()
        if abk is None:
            raise CommandError(f"{opd.name} has no ABK for {options['year']}.")
        doc = abk_document(abk)
        if options["format"] == "json":
            self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"ABK {doc['opd']['name']} {doc['year']} ({doc['status']})")
        for p in doc["positions"]:
            self.stdout.write(
                f"{p['code']:<10} {p['name'][:40]:<40} workload {p['workload_minutes']:>10.2f}  needed "
                f"{p['needed_exact']:.2f} -> {p['needed']}  in post {p['in_post']}  gap {p['gap']:+d}  "
                f"EJ {'-' if p['ej'] is None else format(p['ej'], '.2f')} {p['grade']}"
            )
        t = doc["totals"]
        self.stdout.write(f"Total: needed {t['needed']} (exact {t['needed_exact']:.2f}), in post {t['in_post']}, gap {t['gap']:+d}, EJ {t['ej']} {t['grade']}")
