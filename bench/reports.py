"""Benchmark of the quarterly report PDFs (reports).

    .venv/bin/python bench/reports.py                   # SQLite file, pack with 1 and 2 local processes
    REDIS_URL=redis://127.0.0.1:6379/3 DATABASE_URL=postgres://postgres@127.0.0.1:5432/reports_bench \\
        .venv/bin/python bench/reports.py               # the pack through real Celery workers (1 and 2)

Prints, on this machine:
- the floor: a bare WeasyPrint document (no template, no fetcher, no data) of 1 page and of the
  same page count as each report;
- seconds per OPD report of 10 plans (data + template + PDF), median of 5;
- seconds per province pack of 50 OPDs × 10 plans with 1 and 2 workers (request to done: fingerprint,
  fan-out, one part per OPD, merge, page numbering);
- the ratio of each report to the bare document of the same page count (the pack's floor is
  measured again right before each pack run, so both figures of a ratio share the machine's load),
  and peak memory (RSS).
Targets (issue 5): 10-plan OPD report ≤ 0.6 s; 50-OPD pack ≤ 20 s on 2 workers; ≤ 1.5× bare WeasyPrint.

The database is created fresh (a SQLite file under /tmp unless DATABASE_URL is given; a PostgreSQL
database named in DATABASE_URL is dropped and re-created: give it a name of its own).
"""

import os
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

OPDS = 50
PLANS = 10
YEAR, QUARTER = 2025, 3
MEDIA = Path(tempfile.gettempdir()) / "reports-bench-media"


def prepare_environment():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reformportal.settings")
    # As in production: with DEBUG on, Django keeps every query of the process in memory.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'reports-bench.sqlite3'}")
    os.environ["MEDIA_ROOT"] = str(MEDIA)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    elif url.startswith("postgres"):
        import psycopg2
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                                password=parts.password or None, dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        conn.close()
    shutil.rmtree(MEDIA, ignore_errors=True)


def rss_mb(who=resource.RUSAGE_SELF):
    return resource.getrusage(who).ru_maxrss / 1024


def setup_data():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from agencies.models import Opd, Pemda
    from tests.reports.example import make_plans

    pemda = Pemda.objects.select_related("province").get(level=Pemda.Level.PROVINCE, province__code="62")
    Opd.objects.create(pemda=pemda, code="BIRO-ORG", name="Biro Organisasi Setda Provinsi Kalimantan Tengah",
                       kind=Opd.Kind.BIRO_ORGANISASI, head_name="Drs. Ahmad Yani, M.Si.", head_nip="197001011990031001")
    opds = []
    for i in range(OPDS):
        opd = Opd.objects.create(pemda=pemda, code=f"OPD{i + 1:02d}", name=f"Dinas Uji Kinerja Nomor {i + 1}",
                                 short_name=f"Dinas {i + 1}", kind=Opd.Kind.DINAS, head_name=f"Kepala {i + 1}",
                                 head_nip="198001012005011001")
        make_plans(opd, PLANS, year=YEAR, quarter=QUARTER)
        opds.append(opd)
    from django.db import connection

    if connection.vendor == "postgresql":
        # Planner statistics now, as a live database has them, rather than autovacuum
        # analysing the fresh tables on the other core in the middle of the first measurement.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return pemda, opds


def bare_html(pages):
    page = (
        "<section style='break-after: page'><h1>Dokumen polos</h1>"
        + "<table style='width:100%;border-collapse:collapse'>"
        + "".join(f"<tr><td style='border:1px solid #999'>Baris {r}</td><td style='border:1px solid #999'>{r * 7}</td></tr>"
                  for r in range(30))
        + "</table></section>"
    )
    return f"<html><body style='font-family: DejaVu Sans'>{page * pages}</body></html>"


def bare_seconds(pages, repeat=3):
    from weasyprint import HTML

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        HTML(string=bare_html(pages)).write_pdf()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def opd_report_seconds(opd, repeat=5):
    from reports import services
    from reports.data import opd_report_data

    times, pdf = [], b""
    for _ in range(repeat):
        start = time.perf_counter()
        pdf = services.render_opd_report(opd_report_data(opd, YEAR, QUARTER), "id")
        times.append(time.perf_counter() - start)
    return statistics.median(times), services.count_pages(pdf)


def pack_inline_seconds(pemda):
    """One process does everything: the 1-worker baseline without a broker."""
    from reports import services
    from reports.models import Report

    start = time.perf_counter()
    report, _ = services.request_report(kind=Report.Kind.PROVINCE, pemda=pemda, year=YEAR, quarter=QUARTER,
                                        by=None, regenerate=True, send=False)
    report = services.generate_inline(report.pk)
    return time.perf_counter() - start, report


def _render_part_in_child(args):
    report_id, opd_id, total = args
    from django.db import connections

    connections.close_all()
    from reports import services

    if opd_id is None:
        services.render_front_part(report_id)
    else:
        services.render_part(report_id, opd_id, total)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pack_processes_seconds(pemda, processes):
    """The fan-out with `processes` local worker processes (no broker): parts in parallel, then merge."""
    import multiprocessing

    from django.db import connections

    from reports import services
    from reports.models import Report

    start = time.perf_counter()
    report, _ = services.request_report(kind=Report.Kind.PROVINCE, pemda=pemda, year=YEAR, quarter=QUARTER,
                                        by=None, regenerate=True, send=False)
    report = services.claim(report.pk)
    opd_ids = services.start_pack(report)
    services.mark_fanned_out(report.pk, len(opd_ids))
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        child_rss = pool.map(_render_part_in_child, [(report.pk, opd_id, len(opd_ids)) for opd_id in [None, *opd_ids]],
                             chunksize=1)
    services.merge_pack(report.pk, opd_ids)
    elapsed = time.perf_counter() - start
    return elapsed, Report.objects.get(pk=report.pk), max(child_rss)


def pack_celery_seconds(pemda, concurrency):
    """Through a real broker: `celery worker --concurrency N` (prefork), request to done."""
    from reformportal.celery import app
    from reports import services
    from reports.models import Report

    app.conf.task_always_eager = False
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    log = open(Path(tempfile.gettempdir()) / f"reports-bench-worker-{concurrency}.log", "wb")  # noqa: SIM115
    hostname = f"bench-{concurrency}-{os.getpid()}@localhost"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "reformportal", "worker", "--concurrency", str(concurrency),
         "-Q", "default", "-n", hostname, "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[hostname], timeout=1.0):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise RuntimeError("the bench worker did not start; see " + log.name)
        start = time.perf_counter()
        report, _ = services.request_report(kind=Report.Kind.PROVINCE, pemda=pemda, year=YEAR, quarter=QUARTER,
                                            by=None, regenerate=True)
        while True:
            report.refresh_from_db()
            if report.status in (Report.Status.DONE, Report.Status.FAILED):
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        log.close()
    return elapsed, report, rss_mb(resource.RUSAGE_CHILDREN)


def main():
    prepare_environment()
    import django

    django.setup()
    from django.conf import settings

    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
          f"broker: {'redis' if settings.REDIS_URL else 'none (local processes)'}, cores: {os.cpu_count()}")
    t0 = time.perf_counter()
    pemda, opds = setup_data()
    print(f"data: {OPDS} OPDs x {PLANS} plans with reports through TW {QUARTER}, built in {time.perf_counter() - t0:.1f} s")

    bare_one = bare_seconds(1)
    opd_seconds, opd_pages = opd_report_seconds(opds[0])
    bare_opd = bare_seconds(opd_pages)
    rows = [
        ("bare WeasyPrint, 1 page (floor)", bare_one, 1, None),
        (f"bare WeasyPrint, {opd_pages} pages", bare_opd, opd_pages, None),
        (f"OPD report, {PLANS} plans", opd_seconds, opd_pages, bare_opd),
    ]

    inline_seconds, report = pack_inline_seconds(pemda)
    assert report.status == "done", report.failure_reason
    bare_pack = bare_seconds(report.pages, repeat=1)
    rows.append((f"bare WeasyPrint, {report.pages} pages", bare_pack, report.pages, None))
    rows.append((f"province pack, {OPDS} OPDs, 1 process", inline_seconds, report.pages, bare_pack))
    child_peaks = {}
    for workers in (1, 2):
        # The floor is measured again right before each pack run: on a shared machine the load
        # moves within minutes, and a ratio of two figures taken under different loads says little.
        bare_pack = bare_seconds(report.pages, repeat=1)
        rows.append((f"bare WeasyPrint, {report.pages} pages (just before)", bare_pack, report.pages, None))
        if settings.REDIS_URL:
            seconds, pack, peak = pack_celery_seconds(pemda, workers)
            label = f"province pack, {OPDS} OPDs, Celery {workers} worker{'s' if workers > 1 else ''}"
        else:
            seconds, pack, peak = pack_processes_seconds(pemda, workers)
            label = f"province pack, {OPDS} OPDs, {workers} worker process{'es' if workers > 1 else ''}"
        assert pack.status == "done", pack.failure_reason
        child_peaks[workers] = peak
        rows.append((label, seconds, pack.pages, bare_pack))

    print()
    print(f"{'what':<48} {'seconds':>9} {'pages':>6} {'s/page':>8} {'× bare':>7}")
    for label, seconds, pages, bare in rows:
        ratio = f"{seconds / bare:6.2f}×" if bare else "      –"
        print(f"{label:<48} {seconds:9.3f} {pages:6d} {seconds / pages:8.3f} {ratio:>7}")
    print()
    print(f"peak memory: this process {rss_mb():.0f} MB; worker processes "
          + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in child_peaks.items()))
    pack2 = rows[-1][1]
    print(f"targets: OPD report {opd_seconds:.2f} s (≤ 0.6 s: {'met' if opd_seconds <= 0.6 else 'NOT met'}); "
          f"50-OPD pack on 2 workers {pack2:.1f} s (≤ 20 s: {'met' if pack2 <= 20 else 'NOT met'}); "
          f"OPD report {opd_seconds / bare_opd:.2f}× and pack {pack2 / bare_pack:.2f}× bare "
          f"(≤ 1.5×: {'met' if max(opd_seconds / bare_opd, pack2 / bare_pack) <= 1.5 else 'NOT met'})")
    shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
