"""Benchmark: importing a 5,000-row action-plan blank (dry run + commit) vs a plain import-export resource.

Run on PostgreSQL (a scratch database is created as test_<name> and dropped afterwards):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/plans_bench .venv/bin/python bench/import_blank.py [--rows 5000]

"Portal" = the real path an OPD admin takes: upload gate + safe workbook opening + normalising
reader + ActionPlanResource (preloaded instances, bulk writes with history) through
reformportal.spreadsheets.import_all_or_nothing, as preview (dry run: parse, validate, store the
file and the normalised rows) and then confirm (commit the stored rows in one transaction). "Plain" = a default django-import-export ModelResource for
ActionPlan (import_id_fields opd/year/code, per-row lookup and save, history via signals) importing
the same rows, already clean, from an xlsx through tablib: dry run, then commit. Both are
all-or-nothing (one transaction each).
"""

import argparse
import io
import time

from _common import scratch_database, setup_django

setup_django()

from django.db import connection  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    with scratch_database():
        run(args.rows)


def make_blank(opd, n):
    import openpyxl

    from actionplans.blank import COLUMNS, DATA_SHEET, FIRST_DATA_ROW, build_blank

    wb = openpyxl.load_workbook(io.BytesIO(build_blank(opd, 2025)))
    ws = wb[DATA_SHEET]
    themes = ["G1 - Manajemen Perubahan", "G4 - Penataan Tatalaksana", "B3 - Digitalisasi Pemerintahan"]
    for i in range(n):
        values = {
            "code": f"RA-{i:05d}", "theme": themes[i % 3], "goal": f"Sasaran rencana aksi nomor {i}",
            "problem": "Layanan masih manual", "expected_impact": "Waktu layanan turun", "indicator": f"Indikator {i}",
            "unit": "%", "annual_target": "100", "target_mode": "Akumulatif", "target_q1": "12,5", "target_q2": "37.5",
            "target_q3": "75%", "target_q4": 100, "activities": "Menyusun SOP\nMigrasi layanan", "outputs": "SOP\nAplikasi",
            "budget": "Rp 1.250.000", "budget_source": "APBD", "person_in_charge": "Kepala Bidang", "weight": 1,
            "due_date": "30/09/2025", "formula": "Layanan daring / seluruh layanan × 100", "baseline": "40",
            "output_indicator": "Jumlah SOP", "output_unit": "dokumen", "coordinators": "Biro Organisasi",
            "implementers": "Bidang Layanan\nBidang TI",
            # an RB General plan belongs to one of its Pemda's kegiatan utama (made in run())
            "kegiatan_utama": "KU-01" if themes[i % 3].startswith("G") else None, "sasaran_tematik": None,
        }
        for c, column in enumerate(COLUMNS, 1):
            ws.cell(FIRST_DATA_ROW + i, c, values[column.key])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def plain_xlsx(opd, n):
    """The same rows, already clean, as a plain one-sheet xlsx for the plain resource."""
    import openpyxl

    from actionplans.models import Theme

    themes = [Theme.objects.get(programme__year=2025, code=c).pk for c in ("G1", "G4", "B3")]
    wb = openpyxl.Workbook()
    ws = wb.active
    headers = ["opd", "year", "code", "theme", "goal", "problem", "expected_impact", "indicator", "unit", "annual_target",
               "target_mode", "target_q1", "target_q2", "target_q3", "target_q4", "activities", "outputs", "budget",
               "budget_source", "person_in_charge", "weight", "due_date"]
    ws.append(headers)
    for i in range(n):
        ws.append([opd.pk, 2025, f"RA-{i:05d}", themes[i % 3], f"Sasaran rencana aksi nomor {i}", "Layanan masih manual",
                   "Waktu layanan turun", f"Indikator {i}", "%", 100, "cumulative", 12.5, 37.5, 75, 100,
                   "Menyusun SOP\nMigrasi layanan", "SOP\nAplikasi", 1250000, "APBD", "Kepala Bidang", 1, "2025-09-30"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(n):
    import tablib
    from django.core.files.uploadedfile import SimpleUploadedFile
    from import_export import resources

    from actionplans import services
    from actionplans.models import ActionPlan, KegiatanUtama
    from agencies.models import Opd, Pemda, User

    pemda = Pemda.objects.get(level="province", province__code="62")
    opd = Opd.objects.create(pemda=pemda, code="DINKES", name="Dinas Kesehatan Provinsi Kalimantan Tengah", kind="dinas")
    user = User.objects.create_superuser("bench", "bench@example.org", "bench-pass-123")
    KegiatanUtama.objects.create(pemda=pemda, year=2025, code="KU-01", name="Penerapan SPBE dan tata laksana",
                                 indicator="Persentase layanan daring", unit="%", target=80)

    blank = make_blank(opd, n)
    print(f"rows: {n}, blank: {len(blank) / 1024:.0f} KiB, database: {connection.vendor}")

    upload = SimpleUploadedFile("blanko.xlsx", blank)
    t0 = time.perf_counter()
    preview = services.preview_blank(upload, opd=opd, year=2025, by=user)
    t1 = time.perf_counter()
    assert not preview.errors, preview.errors[:5]
    done = services.commit_import(preview.log, by=user)
    t2 = time.perf_counter()
    assert done.created == n and ActionPlan.objects.count() == n and ActionPlan.history.count() == n
    portal = t2 - t0
    print(f"portal  dry run {t1 - t0:6.2f} s  commit {t2 - t1:6.2f} s  total {portal:6.2f} s  -> {n / portal:8.0f} rows/s")

    ActionPlan.objects.all().delete()
    ActionPlan.history.all().delete()  # after the rows: deleting them records history too

    class PlainResource(resources.ModelResource):
        class Meta:
            model = ActionPlan
            import_id_fields = ["opd", "year", "code"]
            exclude = ["id", "created_at", "updated_at"]

    data = plain_xlsx(opd, n)
    t0 = time.perf_counter()
    dataset = tablib.Dataset().load(data, format="xlsx")
    dry = PlainResource().import_data(dataset, dry_run=True, use_transactions=True, rollback_on_validation_errors=True)
    t1 = time.perf_counter()
    assert not dry.has_errors() and not dry.has_validation_errors()
    dataset = tablib.Dataset().load(data, format="xlsx")
    result = PlainResource().import_data(dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True)
    t2 = time.perf_counter()
    assert not result.has_errors() and ActionPlan.objects.count() == n
    plain = t2 - t0
    print(f"plain   dry run {t1 - t0:6.2f} s  commit {t2 - t1:6.2f} s  total {plain:6.2f} s  -> {n / plain:8.0f} rows/s")
    print(f"ratio   portal is {plain / portal:.1f}x the plain resource (target >= 10x)")

    # second upload of the same blank: everything unchanged, nothing written
    ActionPlan.objects.all().delete()
    ActionPlan.history.all().delete()  # after the rows: deleting them records history too
    services.import_blank(SimpleUploadedFile("blanko.xlsx", blank), opd=opd, year=2025, by=user)
    t0 = time.perf_counter()
    again = services.import_blank(SimpleUploadedFile("blanko.xlsx", blank), opd=opd, year=2025, by=user)
    t1 = time.perf_counter()
    assert again.unchanged == n, (again.created, again.updated, again.unchanged, again.errors[:3])
    assert ActionPlan.history.count() == n, ActionPlan.history.count()
    print(f"re-upload of the same blank (dry run + commit, all unchanged): {t1 - t0:.2f} s")


if __name__ == "__main__":
    main()
