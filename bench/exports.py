"""Benchmark: the Portal RB export of one province (issue 17: 50,000 rows in ≤ 10 s, streamed,
memory flat), and the national export task on the national data set.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exports_bench .venv/bin/python bench/exports.py [--rows 5000,50000] [--keep] [--national-database perf_national]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_national .venv/bin/python bench/exports.py --national

Province: creates its own `test_<name>` database with one province per size (`--rows` action
plans spread over 100 agencies, General and tematik themes, three reports each), then exports
each, as xlsx and as CSV, in a fresh process (Django's test client, the Biro's login, the whole streamed body read)
and prints the time, the process's CPU time (on a shared machine it moves less than the wall
time) and its peak RSS, beside the same process's RSS before the export: flat memory shows as
the same peak at every size. The database is dropped at the end
(with `--keep` it stays, and a second run measures again without filling it).

National (`--national`, on a database filled by `manage.py generate_national`): runs the
national export (actionplans.export.write_national_export, what the Celery task runs) for the
national observer in a fresh process and prints its rows, time, CPU time and peak RSS. With
`--national-database NAME` the province run ends with the national one on that database (read
only), so that one run prints every figure.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reformportal.settings")
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

OPDS = 100


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds():
    """This process's CPU time (user + system): on a shared machine it moves less than the wall time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def current_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def fill_province(code, rows):
    """A Pemda (province `code`) with `rows` plans over OPDS agencies, three reports each, and its Biro."""
    from actionplans.models import ActionPlan, ProgressReport, Theme
    from agencies.models import Membership, Opd, Pemda, User

    pemda = Pemda.objects.get(level="province", province__code=code)
    themes = list(Theme.objects.filter(programme__year=2025))
    opds = Opd.objects.bulk_create(
        [Opd(pemda=pemda, code=f"OPD{i:03d}", name=f"Dinas Nomor {i} {pemda.name}", kind="dinas") for i in range(OPDS)]
    )
    per_opd = rows // OPDS
    statuses = ["verified", "submitted", "returned", "draft"]
    for i, opd in enumerate(opds):
        plans = ActionPlan.objects.bulk_create(
            ActionPlan(opd=opd, year=2025, theme=themes[(i + j) % len(themes)], code=f"RA-{j:04d}", goal=f"Sasaran {j % 9}",
                       indicator=f"Indikator kinerja {j}", unit="%", annual_target=100, target_q1=25, target_q2=50,
                       target_q3=75, target_q4=100, activities="Kegiatan", budget=Decimal(1_500_000))
            for j in range(per_opd)
        )
        ProgressReport.objects.bulk_create(
            ProgressReport(plan=plan, quarter=q, realisation=Decimal(20 * q + k % 7), status=statuses[(k + q) % 4],
                           obstacles="=cmd" if k % 50 == 0 else "")
            for k, plan in enumerate(plans)
            for q in (1, 2, 3)
        )
    user = User.objects.create_user(f"biro.export.{code}", password="bench-pass-123")
    Membership.objects.create(user=user, role="biro", pemda=pemda)
    return pemda.pk, user.pk


def measure_province(pemda_pk, user_pk, fmt):
    """In a fresh process: one export through the test client, the body read to the end."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from agencies.models import User

    setup_test_environment()  # the test client's host
    client = Client()
    client.force_login(User.objects.get(pk=user_pk))
    url = f"/rencana-aksi/ekspor/?pemda={pemda_pk}&tahun=2025&format={fmt}"
    before = current_rss_mb()
    cpu = cpu_seconds()
    started = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - started
    size = sum(len(block) for block in response.streaming_content)
    total = time.perf_counter() - started
    assert response.status_code == 200
    print(f"{total:.2f} {cpu_seconds() - cpu:.2f} {first:.2f} {size} {before:.0f} {rss_mb():.0f}")


def measure_national(year):
    from actionplans.export import write_national_export
    from actionplans.national import bench_username
    from agencies.models import User

    user = User.objects.get(username=bench_username("observer"))
    before = current_rss_mb()
    cpu = cpu_seconds()
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        rows = write_national_export(year, user=user, fileobj=sink)
    print(f"{time.perf_counter() - started:.2f} {cpu_seconds() - cpu:.2f} {rows} {before:.0f} {rss_mb():.0f}")


def child(*args, database=None):
    env = dict(os.environ)
    if database:
        env["BENCH_DATABASE_NAME"] = database
    out = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=False)
    if out.returncode:
        sys.exit(out.stderr)
    return out.stdout.split()


def measure_national_in_child(year, database=None):
    seconds, cpu, rows, before, peak = child("--national", "--measure", "national", "--year", str(year), database=database)
    print(f"national export {year}{f' ({database})' if database else ''}: {int(rows):,} plans in {float(seconds):.1f} s "
          f"({float(cpu):.1f} s CPU); RSS {before} MB before, peak {peak} MB", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="5000,50000", help="plans per province export, one province each")
    parser.add_argument("--national", action="store_true")
    parser.add_argument("--national-database", help="after the provinces, the national export on this generate_national database")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--keep", action="store_true", help="keep the test database (and reuse its provinces next time)")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if os.environ.get("BENCH_DATABASE_NAME"):
        connection.settings_dict["NAME"] = os.environ["BENCH_DATABASE_NAME"]
    if args.measure:
        if args.measure[0] == "national":
            measure_national(args.year)
        else:
            measure_province(int(args.measure[0]), int(args.measure[1]), args.measure[2])
        return
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    if args.national:
        measure_national_in_child(args.year)
        print("machine:", load, "→", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        return
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=not args.keep, keepdb=args.keep)
    try:
        from agencies.models import Membership

        sizes = [int(n) for n in args.rows.split(",")]
        provinces = ["62", "64", "63", "61", "11", "12"][: len(sizes)]
        made = []
        for code, rows in zip(provinces, sizes, strict=True):
            kept = Membership.objects.filter(user__username=f"biro.export.{code}").first()
            if kept:
                made.append((kept.pemda_id, kept.user_id))
                continue
            started = time.perf_counter()
            made.append(fill_province(code, rows))
            print(f"province {code}: {rows:,} plans, {rows * 3:,} reports made in {time.perf_counter() - started:.0f} s", flush=True)
        print(f"{'plans':>8} {'format':>6} {'total s':>8} {'CPU s':>6} {'1st byte s':>10} {'MB':>6} {'RSS before':>10} {'peak RSS':>9}")
        for rows, (pemda_pk, user_pk) in zip(sizes, made, strict=True):
            for fmt in ("xlsx", "csv"):
                total, cpu, first, size, before, peak = child(
                    "--measure", str(pemda_pk), str(user_pk), fmt, database=connection.settings_dict["NAME"]
                )
                print(f"{rows:8,} {fmt:>6} {float(total):8.2f} {float(cpu):6.2f} {float(first):10.2f} {int(size) / 1e6:6.1f} "
                      f"{before:>10} {peak:>9}", flush=True)
        if args.national_database:
            measure_national_in_child(args.year, database=args.national_database)
        print("machine:", load, "→", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keep)


if __name__ == "__main__":
    main()
