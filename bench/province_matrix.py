"""Benchmark: the province matrix page (OPD × theme × triwulan) with 50 OPDs × 10 plans × 4 triwulan.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/plans_bench .venv/bin/python bench/province_matrix.py [--runs 50]

Prints p50/p95 of the full request (session, scope, queries, template) through Django's test
client, and its query count; the target page (roll-ups in SQL) is measured beside it.
"""

import argparse
import statistics
import time
from decimal import Decimal

from _common import p95, scratch_database, setup_django

setup_django()

from django.db import connection  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--opds", type=int, default=50)
    parser.add_argument("--plans", type=int, default=10)
    args = parser.parse_args()
    with scratch_database():
        run(args)


def run(args):
    from django.test import Client

    from actionplans.models import ActionPlan, ProgressReport, Theme
    from agencies.models import Membership, Opd, Pemda, User

    pemda = Pemda.objects.get(level="province", province__code="62")
    themes = list(Theme.objects.filter(programme__year=2025))
    opds = Opd.objects.bulk_create(
        [Opd(pemda=pemda, code=f"OPD{i:02d}", name=f"Dinas Nomor {i} Provinsi Kalimantan Tengah", kind="dinas") for i in range(args.opds)]
    )
    plans = ActionPlan.objects.bulk_create(
        [
            ActionPlan(opd=opd, year=2025, theme=themes[(i + j) % len(themes)], code=f"RA-{j:02d}", goal="Sasaran",
                       indicator="Indikator", unit="%", annual_target=100, target_q1=25, target_q2=50, target_q3=75, target_q4=100)
            for i, opd in enumerate(opds)
            for j in range(args.plans)
        ]
    )
    statuses = ["verified", "submitted", "returned", "draft"]
    ProgressReport.objects.bulk_create(
        [
            ProgressReport(plan=plan, quarter=q, realisation=Decimal(20 * q + k % 7), status=statuses[(k + q) % 4])
            for k, plan in enumerate(plans)
            for q in (1, 2, 3, 4)
        ]
    )
    from actionplans import rollups

    rollups.rebuild(2025)  # bulk_create skips the signals that keep the stored roll-ups
    user = User.objects.create_user("biro.bench", password="bench-pass-123")
    Membership.objects.create(user=user, role="biro", pemda=pemda)
    client = Client()
    client.force_login(user)
    print(f"data: {args.opds} OPDs × {args.plans} plans × 4 triwulan = {ProgressReport.objects.count()} reports; database: {connection.vendor}")
    for name, url in [
        ("matrix", f"/rencana-aksi/matriks/?pemda={pemda.pk}&tahun=2025&tw=3"),
        ("targets", f"/rencana-aksi/target/?pemda={pemda.pk}&tahun=2025&tw=3"),
    ]:
        assert client.get(url).status_code == 200  # warm up
        queries = []
        with connection.execute_wrapper(lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)):
            response = client.get(url)
        assert response.status_code == 200
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        if name == "matrix":
            from actionplans.selectors import province_matrix

            t0 = time.perf_counter()
            for _ in range(10):
                province_matrix(Opd.objects.filter(pemda=pemda), 2025)
            selector_ms = (time.perf_counter() - t0) * 100
            print(f"matrix selector alone (3 queries + grid in Python): {selector_ms:.1f} ms")
        print(f"{name:8} p50 {statistics.median(times):7.1f} ms  p95 {p95(times):7.1f} ms  queries {len(queries)}  ({args.runs} runs)")


if __name__ == "__main__":
    main()
