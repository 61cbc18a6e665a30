"""Benchmark: Anjab/ABK of a province of 50 agencies × 40 positions × 8 tasks (16,000 tasks).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/abk_bench .venv/bin/python bench/abk.py [--runs 30]

Measures (targets of issue 15):
- the Biro's overview page (/kelembagaan/abk/?tahun=2025) through Django's test client: p50/p95
  of the full request and its query count (target: p95 ≤ 200 ms, fixed query count);
- the blank of a 60-position agency (8 tasks each): preview (gate, read, plan) and commit
  (all-or-nothing write by position code) of a changed blank (target ≤ 3 s);
- the job map PDF of that agency through the shared renderer vs a bare WeasyPrint document of
  the same page count (target ≤ 1.5×).
"""

import argparse
import io
import statistics
import time
from decimal import Decimal

from _common import p95, scratch_database, setup_django

setup_django()

from django.db import connection  # noqa: E402

PERIODS = ["day", "week", "month", "year"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--opds", type=int, default=50)
    parser.add_argument("--positions", type=int, default=40)
    parser.add_argument("--tasks", type=int, default=8)
    args = parser.parse_args()
    with scratch_database():
        run(args)


def make_agency(pemda, index, positions, tasks):
    import datetime

    from agencies.models import Opd
    from institutions.anjab.models import Abk, Position, Task
    from institutions.models import OrganisationStructure, OrgUnit

    opd = Opd.objects.create(pemda=pemda, code=f"OPD{index:02d}", name=f"Dinas Nomor {index} Provinsi Kalimantan Tengah", kind="dinas")
    structure = OrganisationStructure.objects.create(opd=opd, valid_from=datetime.date(2024, 1, 1))
    root = OrgUnit.objects.create(structure=structure, name=opd.name, kind="agency", level="II.a")
    units = [root] + [
        OrgUnit.objects.create(structure=structure, parent=root, name=f"Bidang {u}", kind="bidang", level="III.b", order=u)
        for u in range(1, 6)
    ]
    abk = Abk.objects.create(opd=opd, year=2025, structure=structure, status=["draft", "submitted", "verified"][index % 3])
    kinds = ["pelaksana", "pelaksana", "fungsional", "pengawas", "administrator"]
    made = Position.objects.bulk_create([
        Position(abk=abk, unit=units[p % len(units)], code=f"J{p:03d}", kind=kinds[p % 5],
                 functional_level="ahli_muda" if kinds[p % 5] == "fungsional" else "", name=f"Jabatan {p}",
                 grade=5 + p % 9, in_post=p % 4, order=p)
        for p in range(positions)
    ])
    Task.objects.bulk_create([
        Task(position=pos, order=t, description=f"Uraian tugas {t} jabatan {pos.code}", output="Dokumen", output_unit="dokumen",
             volume=Decimal(1 + (t * 7 + i) % 20), period=PERIODS[t % 4], time_norm=Decimal(15 + (t * 13) % 120))
        for i, pos in enumerate(made) for t in range(1, tasks + 1)
    ])
    return opd, abk


def run(args):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from weasyprint import HTML

    from agencies.models import Membership, Pemda, User
    from institutions.anjab import blank, services
    from institutions.anjab.models import JobMapDocument, Task

    pemda = Pemda.objects.get(level="province", province__code="62")
    t0 = time.perf_counter()
    for i in range(args.opds):
        make_agency(pemda, i, args.positions, args.tasks)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"data: {args.opds} agencies × {args.positions} positions × {args.tasks} tasks = {Task.objects.count()} tasks "
          f"({time.perf_counter() - t0:.1f} s to build); database: {connection.vendor}")

    user = User.objects.create_user("biro.bench", password="bench-pass-123")
    Membership.objects.create(user=user, role="biro", pemda=pemda)
    client = Client()
    client.force_login(user)
    url = "/kelembagaan/abk/?tahun=2025"
    assert client.get(url).status_code == 200
    queries = []
    with connection.execute_wrapper(lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    print(f"Biro overview   p50 {statistics.median(times):7.1f} ms  p95 {p95(times):7.1f} ms  queries {len(queries)}  "
          f"({args.runs} runs; target p95 ≤ 200 ms)")

    # the blank of a 60-position agency: change every in-post figure so that commit writes them all
    opd, abk = make_agency(pemda, 99, 60, args.tasks)
    admin = User.objects.create_user("admin.bench", password="bench-pass-123")
    Membership.objects.create(user=admin, role="opd_admin", opd=opd)
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(blank.build_blank(abk)))
    ws = wb[blank.POSITION_SHEET]
    for row in range(blank.FIRST_DATA_ROW, blank.FIRST_DATA_ROW + 60):
        ws.cell(row=row, column=7, value=(ws.cell(row=row, column=7).value or 0) + 1)
    out = io.BytesIO()
    wb.save(out)
    content = out.getvalue()
    start = time.perf_counter()
    outcome = services.preview_blank(SimpleUploadedFile("abk.xlsx", content), abk=abk, by=admin)
    preview_s = time.perf_counter() - start
    assert not outcome.log.errors, outcome.log.errors[:3]
    start = time.perf_counter()
    result = services.commit_import(outcome.log, by=admin)
    commit_s = time.perf_counter() - start
    print(f"blank import    60 positions × {args.tasks} tasks: preview {preview_s:.2f} s + commit {commit_s:.2f} s = "
          f"{preview_s + commit_s:.2f} s ({result.updated} updated; target ≤ 3 s)")

    # the job map PDF vs a bare WeasyPrint document of the same page count
    from pypdf import PdfReader

    document = JobMapDocument.objects.create(abk=abk, language="id")
    services.render_job_map(document.pk)  # warm fonts and stylesheets
    pdf_times = []
    for _ in range(3):
        document = JobMapDocument.objects.create(abk=abk, language="id")
        start = time.perf_counter()
        services.render_job_map(document.pk)
        pdf_times.append(time.perf_counter() - start)
    document.refresh_from_db()
    pages = len(PdfReader(document.file.path).pages)
    bare_html = "<html><body style='font-family: DejaVu Sans'>" + "".join(
        "<section style='break-after: page'><table style='width:100%;border-collapse:collapse'>"
        + "".join(f"<tr><td style='border:1px solid #999'>Jabatan {r}</td><td>{r}</td><td>{r % 3}</td></tr>" for r in range(30))
        + "</table></section>" for _ in range(pages)) + "</body></html>"
    bare_times = []
    for _ in range(3):
        start = time.perf_counter()
        HTML(string=bare_html).write_pdf()
        bare_times.append(time.perf_counter() - start)
    job_map_s, bare_s = statistics.median(pdf_times), statistics.median(bare_times)
    print(f"job map PDF     {job_map_s:.2f} s for {pages} pages; bare WeasyPrint {bare_s:.2f} s; "
          f"{job_map_s / bare_s:.2f}× bare (target ≤ 1.5×)")


if __name__ == "__main__":
    main()
