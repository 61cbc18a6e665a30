"""Write one quarterly report PDF to a directory and print its path.

    python manage.py quarterly_report --scope opd:62:DINKES --year 2025 --quarter 3 --out /tmp
    python manage.py quarterly_report --scope province:62 --year 2025 --quarter 3 --out /tmp

Scope format: `opd:<pemda-code>:<opd-code>` (OPD codes are unique per Pemda; the Pemda code is
the Kemendagri code of the province, e.g. 62, or of the regency/city, e.g. 62.71) or
`province:<province-code>`. The report is generated in this process (no worker needed); an
existing report for the same scope, period, language and unchanged data is reused unless
`--regenerate` is given. Exits non-zero with a message when the scope is unknown or
generation fails.
"""

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Opd, Pemda, pemda_code_q
from reports import services
from reports.models import Report


def parse_scope(value):
    """'opd:62.71:DINKES' -> ("opd", Opd); 'province:62' -> ("province", Pemda)."""
    kind, _, rest = value.partition(":")
    if kind == "opd":
        pemda_code, _, opd_code = rest.partition(":")
        if not pemda_code or not opd_code:
            raise CommandError("Format cakupan: opd:<kode-pemda>:<kode-opd>, misalnya opd:62:DINKES")
        opd = (Opd.objects.select_related("pemda__province", "pemda__regency")
               .filter(pemda_code_q("pemda", pemda_code), code=opd_code).first())
        if opd is None:
            raise CommandError(f"Perangkat daerah {opd_code!r} tidak ditemukan pada pemda {pemda_code!r}.")
        return Report.Kind.OPD, opd
    if kind == "province" and rest:
        pemda = Pemda.objects.select_related("province").filter(level=Pemda.Level.PROVINCE, province__code=rest).first()
        if pemda is None:
            raise CommandError(f"Provinsi dengan kode {rest!r} tidak ditemukan.")
        return Report.Kind.PROVINCE, pemda
    raise CommandError("Format cakupan: opd:<kode-pemda>:<kode-opd> atau province:<kode-provinsi>")


class Command(BaseCommand):
    help = "Buat PDF laporan triwulan (perangkat daerah atau provinsi), tulis ke DIR, dan cetak path-nya."

    def add_arguments(self, parser):
        parser.add_argument("--scope", required=True, help="opd:<kode-pemda>:<kode-opd> atau province:<kode>")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--out", required=True, help="direktori tujuan")
        parser.add_argument("--language", default="id", choices=["id", "en"])
        parser.add_argument("--regenerate", action="store_true", help="buat ulang walaupun data tidak berubah")

    def handle(self, *args, scope, year, quarter, out, language, regenerate, **options):
        kind, target = parse_scope(scope)
        where = {"opd": target} if kind == Report.Kind.OPD else {"pemda": target}
        try:
            report, created = services.request_report(
                kind=kind, year=year, quarter=quarter, language=language, regenerate=regenerate, by=None,
                trigger=Report.Trigger.COMMAND, send=False, **where,
            )
            if not report.is_done:
                report = services.generate_inline(report.pk)
        except Exception as exc:
            raise CommandError(f"Laporan gagal dibuat: {exc}") from exc
        if not report.is_done:
            raise CommandError(report.failure_reason or "Laporan gagal dibuat.")
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        destination = directory / report.download_name()
        with report.file.open("rb") as source, open(destination, "wb") as target_file:
            shutil.copyfileobj(source, target_file)
        self.stdout.write(str(destination.resolve()))
