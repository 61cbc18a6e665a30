"""Single-user page times and their slowest queries on a database made by generate_national.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf .venv/bin/python bench/pages.py [--runs 5] [--explain]
        [--compare postgres://postgres@127.0.0.1:5432/demo]

For each page (a plan's detail, a verified TW III report, an agency's plan list and page, the home page,
the target page, the matrix, the national overview, the agency list, the verification queue, the
API's progress reports) and each role (national observer, a Biro, an OPD admin), prints the
median time (and p95 over the runs: take --runs 20 for it), the query count and the slowest query; `--explain` adds EXPLAIN ANALYZE of that
query. Runs in-process through Django's test client (no gunicorn).

`--compare URL` also times the pages about one object (a plan, a report, an agency) on a second
database, the demo data (`seed_demo`, whose accounts `nasional`, `biro.kalteng` and
`admin.dinkes.kalteng` stand for the three roles), in a child process, and prints for each the
national time and query count as a ratio to the demo's (target: ≤ 1.5×).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reformportal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


class Timer:
    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql, params))


ONE_OBJECT = ("plan detail", "plan report", "agency plans", "agency page")
DEMO_CAST = ("nasional", "biro.kalteng", "admin.dinkes.kalteng")
REPORT_QUARTER = 3


def cast():
    """(observer, Biro, OPD admin) user names: the generated ones, or the demo's."""
    from actionplans.national import HOME_PROVINCE, bench_username
    from agencies.models import User

    if User.objects.filter(username=bench_username("observer")).exists():
        from agencies.models import Membership

        # an agency of the Biro's province, so that all three roles see the same plan
        admins = Membership.objects.filter(role="opd_admin", opd__pemda__province__code=HOME_PROVINCE)
        admin = admins.select_related("user").order_by("pk")[10].user.username
        return bench_username("observer"), bench_username("biro", HOME_PROVINCE), admin
    return DEMO_CAST


def pages(opd_admin):
    from actionplans.models import ActionPlan
    from agencies.models import Membership

    opd_id = Membership.objects.filter(user__username=opd_admin, role="opd_admin").values_list("opd_id", flat=True)[0]
    plan = ActionPlan.objects.filter(opd_id=opd_id, year=2025).order_by("pk").first()
    # A report page costs what its report's state asks (a verified report shows its evidence and
    # steps; a triwulan not reported yet, neither): on both data sets of --compare, the same kind
    # of report, a verified TW III one (the demo has no TW IV report for 2025).
    reported = ActionPlan.objects.filter(
        opd_id=opd_id, year=2025, reports__quarter=REPORT_QUARTER, reports__status="verified"
    ).order_by("pk").first()
    return [
        ("plan detail", f"/rencana-aksi/{plan.pk}/"),
        ("plan report", f"/rencana-aksi/{reported.pk}/tw/{REPORT_QUARTER}/"),
        ("agency plans", f"/rencana-aksi/opd/{opd_id}/?tahun=2025&tw=4"),
        ("agency page", f"/opd/{opd_id}/"),
        ("home", "/"),
        ("targets", "/rencana-aksi/target/?tahun=2025&tw=4"),
        ("matrix", "/rencana-aksi/matriks/?tahun=2025"),
        ("national", "/laporan/nasional/?tahun=2025&tw=4"),
        ("agency list", "/opd/"),
        ("queue", "/rencana-aksi/verifikasi/"),
        ("api reports", "/api/v1/progress-reports/"),
    ]


def measure(client, url, runs):
    client.get(url)  # warm
    times, timer, response = [], None, None
    for _ in range(runs):
        timer = Timer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
    return response.status_code, times, timer.queries


def p95(times):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def compare(database_url, runs):
    """The one-object pages on another database, by role: {(role, page): (seconds, queries)}."""
    child = subprocess.run(
        [sys.executable, __file__, "--runs", str(runs), "--only", ",".join(ONE_OBJECT), "--json"],
        env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True, check=True,
    )
    return {
        (row["role"], row["page"]): (row["seconds"], row["queries"], row["status"])
        for row in map(json.loads, child.stdout.splitlines())
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--compare", default="", help="DATABASE_URL of the demo data: one-object pages as a ratio")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_test_environment()
    names = cast()
    urls = pages(names[2])
    only = set(filter(None, args.only.split(",")))
    rows = []
    for role, username in zip(("observer", "biro", "opd admin"), names, strict=True):
        client = Client()
        assert client.login(username=username, password=settings.DEMO_PASSWORD), username
        for name, url in urls:
            if only and name not in only:
                continue
            status, times, queries = measure(client, url, args.runs)
            seconds = statistics.median(times)
            rows.append((role, name, seconds, len(queries), status))
            if args.json:
                print(json.dumps({"role": role, "page": name, "seconds": seconds, "queries": len(queries), "status": status}))
                continue
            slowest = max(queries, key=lambda q: q[0]) if queries else (0, "", ())
            print(f"{username:<22} {name:<13} {status} {seconds * 1000:7.0f} ms (p95 {p95(times) * 1000:5.0f}) "
                  f"{len(queries):3d} q  slowest {slowest[0] * 1000:6.0f} ms: {slowest[1][:150]}", flush=True)
            if args.explain and slowest[1]:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + slowest[1], slowest[2])
                    print("\n".join("      " + row[0] for row in cursor.fetchall()))
    if args.compare:
        demo = compare(args.compare, args.runs)
        print(f"\npages about one object, this database ÷ {args.compare.rsplit('/', 1)[-1]} (target ≤ 1.5×):")
        for role, name, seconds, queries, status in rows:
            if (role, name) in demo:
                demo_seconds, demo_queries, demo_status = demo[role, name]
                print(f"{role:<10} {name:<13} {seconds * 1000:6.0f} ms ÷ {demo_seconds * 1000:5.0f} ms = "
                      f"{seconds / demo_seconds:4.2f}×   queries {queries} ÷ {demo_queries}   status {status} / {demo_status}")


if __name__ == "__main__":
    main()
