"""Generation is idempotent: a re-delivered or duplicated task never makes a second file."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports import services, tasks
from reports.models import Report

pytestmark = pytest.mark.django_db


def queued(cast, kind="opd"):
    if kind == "opd":
        return Report.objects.create(kind="opd", opd=cast.dinkes, pemda=cast.kalteng, year=2025, quarter=3, fingerprint="f")
    return Report.objects.create(kind="province", pemda=cast.kalteng, year=2025, quarter=3, fingerprint="f")


def files_under(media):
    return sorted(p.relative_to(media).as_posix() for p in Path(media).rglob("*.pdf"))


def test_the_tasks_ack_late_and_reject_on_worker_lost():
    for task in (tasks.generate_report, tasks.render_pack_front, tasks.render_pack_part, tasks.merge_pack):
        assert task.acks_late is True and task.reject_on_worker_lost is True


def test_a_redelivered_task_after_done_does_nothing(cast, rb_data, media):
    report = queued(cast)
    assert tasks.generate_report.apply(args=[report.pk]).get() == "done"
    first = Report.objects.get(pk=report.pk)

    assert tasks.generate_report.apply(args=[report.pk]).get() == "finished-already"
    again = Report.objects.get(pk=report.pk)
    assert (again.sha256, again.file.name, again.finished_at) == (first.sha256, first.file.name, first.finished_at)
    assert files_under(media) == [first.file.name]


def test_a_task_killed_mid_run_is_taken_over_and_writes_one_file(cast, rb_data, media):
    report = queued(cast)
    services.claim(report.pk)  # the first worker claimed it, then died before finishing

    assert tasks.generate_report.apply(args=[report.pk]).get() == "done"
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.attempts == 2
    assert files_under(media) == [report.file.name]


def test_two_finishes_keep_the_first_file(cast, media):
    report = queued(cast)
    services.claim(report.pk)
    first, wrote_first = services.finish(report.pk, b"%PDF-1.7 first")
    second, wrote_second = services.finish(report.pk, b"%PDF-1.7 second")

    assert wrote_first and not wrote_second
    assert Path(media, first.file.name).read_bytes() == b"%PDF-1.7 first"
    assert files_under(media) == [first.file.name]


def test_a_half_written_file_of_a_dead_attempt_is_replaced_not_duplicated(cast, rb_data, media):
    report = queued(cast)
    leftover = Path(media, "reports/2025", f"{report.uuid.hex}.pdf")
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"%PDF-half")

    tasks.generate_report.apply(args=[report.pk]).get()
    report.refresh_from_db()
    assert report.file.name == f"reports/2025/{report.uuid.hex}.pdf"
    assert files_under(media) == [report.file.name]
    assert leftover.read_bytes().startswith(b"%PDF-1.")


def test_a_failed_report_stays_failed_and_a_done_one_is_never_failed(cast, rb_data, media):
    report = queued(cast)
    services.fail(report.pk, "broken")
    assert tasks.generate_report.apply(args=[report.pk]).get() == "finished-already"

    done = queued(cast)
    tasks.generate_report.apply(args=[done.pk]).get()
    services.fail(done.pk, "late failure of a duplicate")
    done.refresh_from_db()
    assert done.status == Report.Status.DONE and done.failure_reason == ""


def test_transient_errors_retry_with_backoff(cast, rb_data, media, monkeypatch):
    from django.db import OperationalError

    report = queued(cast)
    real = services.generate_opd
    calls = []

    def flaky(report):
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real(report)

    monkeypatch.setattr(services, "generate_opd", flaky)
    tasks.generate_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert len(calls) == 3
    assert report.status == Report.Status.DONE
    assert files_under(media) == [report.file.name]


def test_transient_errors_give_up_with_a_reason(cast, rb_data, media, monkeypatch):
    from django.db import OperationalError

    report = queued(cast)

    def always(report):
        raise OperationalError("database is down")

    monkeypatch.setattr(services, "generate_opd", always)
    tasks.generate_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "database is down" in report.failure_reason


def test_the_province_pack_fans_out_and_merges_with_page_numbers(cast, rb_data, media):
    report = queued(cast, "province")
    assert tasks.generate_report.apply(args=[report.pk]).get() == "fanned-out"
    report.refresh_from_db()

    assert report.status == Report.Status.DONE, report.failure_reason
    annex_opds = 2  # the province Pemda's OPDs that have plans (Dinkes, Kominfo)
    assert report.parts_total == annex_opds and report.parts_done == annex_opds
    reader = PdfReader(io.BytesIO(report.file.read()))
    total = len(reader.pages)
    assert report.pages == total
    assert "Halaman" not in reader.pages[0].extract_text()  # the cover
    assert f"Halaman 2 dari {total}" in reader.pages[1].extract_text()
    assert f"Halaman {total} dari {total}" in reader.pages[-1].extract_text()
    assert files_under(media) == [report.file.name]  # parts cleaned up


def test_a_pack_redelivered_before_its_fan_out_was_recorded_sends_it_again(cast, rb_data, media, monkeypatch):
    """Killed between claim and sending the chord: the next delivery must not give up on the pack."""
    report = queued(cast, "province")
    services.claim(report.pk)  # first delivery claimed it and died before the fan-out

    assert tasks.generate_report.apply(args=[report.pk]).get() == "fanned-out"
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.attempts == 2
    assert files_under(media) == [report.file.name]


def test_a_pack_redelivered_after_its_fan_out_does_not_send_it_twice(cast, rb_data, media):
    report = queued(cast, "province")
    services.claim(report.pk)
    services.mark_fanned_out(report.pk, 2)  # the chord is on its way in the broker

    assert tasks.generate_report.apply(args=[report.pk]).get() == "fan-out-sent"
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING and not report.file


def test_requesting_a_province_pack_reads_every_opd_in_flat_queries(cast, rb_data, django_assert_num_queries):
    """The request hashes every annex OPD's data: the query count must not grow with the OPDs."""
    from tests.cast import make_opd

    from .example import make_plans

    def add_opds(first, count):
        for i in range(first, first + count):
            make_plans(make_opd(cast.kalteng, f"UJI{i:02d}", f"Dinas Uji {i}"), 3)

    def request():
        services.request_report(kind="province", pemda=cast.kalteng, year=2025, quarter=3, by=cast.biro,
                                regenerate=True, send=False)

    add_opds(1, 2)
    request()
    # 20 to hash the data and record the report, +1: the province target figure rolls plans up
    # twice (against the triwulan's and the annual target), +1: the hourly regeneration allowance,
    # +3: the kelembagaan annex (Pemda rows, agency rows, model regulations), +1: objection counts
    with django_assert_num_queries(26) as few:
        request()
    add_opds(3, 12)
    with django_assert_num_queries(len(few.captured_queries)):
        request()


def test_a_pack_reads_its_front_page_data_once(cast, rb_data, media, monkeypatch):
    """The front pages' figures are read by render_front_part only: not again to find the annex
    OPDs (start_pack) nor in the merge."""
    from reports import data

    report, _ = services.request_report(kind="province", pemda=cast.kalteng, year=2025, quarter=3, by=None, send=False)
    reads = []
    real = data.province_report_data

    def counting(*args):
        reads.append(args)
        return real(*args)

    monkeypatch.setattr(services, "province_report_data", counting)
    services.generate_inline(report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.failure_reason
    assert len(reads) == 1
