"""Single-user page times and their slowest queries on a database made by generate_national.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf .venv/bin/python bench/pages.py [--runs 5] [--explain]

For each page (a plan's detail, an agency's plan list, the home page, the target page, the
verification queue, the API's progress reports) and each role (national observer, a Biro, an
OPD admin), prints the median time, the query count and the slowest query; `--explain` adds
EXPLAIN ANALYZE of that query. Runs in-process through Django's test client (no gunicorn).
"""

import argparse
import os
import statistics
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


def pages(observer):
    from actionplans.models import ActionPlan
    from agencies.models import Membership

    opd_admin = Membership.objects.filter(role="opd_admin").select_related("user", "opd").order_by("pk")[10]
    plan = ActionPlan.objects.filter(opd=opd_admin.opd, year=2025).order_by("pk").first()
    return [
        ("plan detail", f"/rencana-aksi/{plan.pk}/"),
        ("agency plans", f"/rencana-aksi/opd/{opd_admin.opd_id}/?tahun=2025&tw=4"),
        ("home", "/"),
        ("targets", "/rencana-aksi/target/?tahun=2025&tw=4"),
        ("matrix", "/rencana-aksi/matriks/?tahun=2025"),
        ("national", "/laporan/nasional/?tahun=2025&tw=4"),
        ("queue", "/rencana-aksi/verifikasi/"),
        ("api reports", "/api/v1/progress-reports/"),
    ], opd_admin.user.username


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    setup_test_environment()
    from actionplans.national import bench_username

    urls, opd_admin = pages(None)
    only = set(filter(None, args.only.split(",")))
    for username in (bench_username("observer"), bench_username("biro", "62"), opd_admin):
        client = Client()
        assert client.login(username=username, password=settings.DEMO_PASSWORD), username
        for name, url in urls:
            if only and name not in only:
                continue
            client.get(url)  # warm
            times, timer = [], None
            for _ in range(args.runs):
                timer = Timer()
                with connection.execute_wrapper(timer):
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - started)
            slowest = max(timer.queries, key=lambda q: q[0]) if timer.queries else (0, "", ())
            print(f"{username:<16} {name:<13} {response.status_code} {statistics.median(times) * 1000:7.0f} ms "
                  f"{len(timer.queries):3d} q  slowest {slowest[0] * 1000:6.0f} ms: {slowest[1][:150]}")
            if args.explain and slowest[1]:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + slowest[1], slowest[2])
                    print("\n".join("      " + row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
