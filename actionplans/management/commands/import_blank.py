"""python manage.py import_blank PATH --opd CODE --year YYYY [--pemda CODE] [--dry-run] [--user USERNAME]

OPD codes are unique per Pemda, so name the Pemda either with --pemda (Kemendagri code, e.g. 62
or 62.71) or inside --opd as PEMDA:CODE (e.g. --opd 62:DINKES, --opd 62.71:DINKES). A bare
--opd CODE works when only one OPD in the country has that code. Exits 1 listing every error
when the blank is refused (nothing written); with --dry-run nothing is written either way.
"""

import io
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actionplans import services
from agencies.models import Opd, pemda_code_q


class Command(BaseCommand):
    help = "Impor blanko rencana aksi (.xlsx) untuk satu perangkat daerah dan tahun."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--opd", required=True, help="Kode OPD, atau PEMDA:KODE (mis. 62:DINKES).")
        parser.add_argument("--pemda", default="", help="Kode Kemendagri pemerintah daerah (mis. 62 atau 62.71).")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--dry-run", action="store_true", help="Periksa saja, tidak menyimpan.")
        parser.add_argument("--user", default="", help="Akun yang tercatat sebagai pengimpor (default: superuser pertama).")

    def handle(self, path, opd, pemda, year, dry_run, user, **options):
        opd_obj = find_opd(opd, pemda)
        actor = find_user(user)
        file_path = Path(path)
        if not file_path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        data = io.BytesIO(file_path.read_bytes())
        data.name = file_path.name
        data.size = len(data.getvalue())
        outcome = services.import_blank(data, opd=opd_obj, year=year, by=actor, dry_run=dry_run)
        if outcome.errors:
            for error in outcome.errors:
                self.stderr.write(error)
            raise CommandError(f"Blanko ditolak: {len(outcome.errors)} kesalahan, tidak ada data yang disimpan.")
        verb = "Pratinjau (tidak disimpan)" if dry_run else "Tersimpan"
        self.stdout.write(
            f"{verb}: {outcome.created} baru, {outcome.updated} diperbarui, {outcome.unchanged} tidak berubah "
            f"· {opd_obj.name} {year} · log #{outcome.log.pk}"
        )


def find_opd(opd, pemda=""):
    if ":" in opd and not pemda:
        pemda, opd = opd.split(":", 1)
    qs = Opd.objects.filter(code__iexact=opd.strip())
    if pemda:
        pemda = pemda.strip()
        qs = qs.filter(pemda_code_q("pemda", pemda))
    matches = list(qs.select_related("pemda__province", "pemda__regency")[:5])
    if not matches:
        raise CommandError(f"Perangkat daerah {opd!r} tidak ditemukan{' di ' + pemda if pemda else ''}.")
    if len(matches) > 1:
        where = ", ".join(f"{m.pemda.code}:{m.code}" for m in matches)
        raise CommandError(f"Kode {opd!r} dipakai beberapa pemerintah daerah ({where}); tulis --opd PEMDA:KODE.")
    return matches[0]


def find_user(username):
    User = get_user_model()
    if username:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"Akun {username!r} tidak ditemukan.") from None
    actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if actor is None:
        raise CommandError("Tidak ada superuser; sebutkan --user.")
    return actor
