import pytest
from django.urls import reverse

from institutions.anjab import selectors, services
from institutions.anjab.models import Abk, JobMapDocument

from .helpers import add_position, make_abk, make_hand_agency

pytestmark = pytest.mark.django_db


def test_the_abk_page_shows_the_figures(cast, login):
    abk = make_hand_agency(cast.kominfo)
    response = login(cast.biro).get(reverse("institutions:abk_detail", args=[abk.pk]))
    assert response.status_code == 200
    assert 'data-testid="abk-needed">4<' in response.content.decode()


def test_it_hides_another_agencys_abk(cast, login):
    abk = make_hand_agency(cast.kominfo)
    assert login(cast.opd_admin).get(reverse("institutions:abk_detail", args=[abk.pk])).status_code == 404
    assert login(cast.biro_other).get(reverse("institutions:abk_job_map", args=[abk.pk])).status_code == 404


def test_the_workflow_draft_submitted_verified_locks(cast):
    abk = make_hand_agency(cast.kominfo)
    with pytest.raises(services.PermissionDenied):
        services.submit_abk(abk, by=cast.biro)  # the agency submits, not the Biro
    services.submit_abk(abk, by=cast.opd_admin_other)
    with pytest.raises(services.PermissionDenied):
        services.verify_abk(abk, by=cast.bagian)  # a regency's Bagian does not verify the province's agencies
    with pytest.raises(services.ValidationError):
        services.return_abk(abk, by=cast.biro, comment="  ")
    services.return_abk(abk, by=cast.biro, comment="Norma waktu tugas 1 terlalu besar")
    abk.refresh_from_db()
    assert abk.status == Abk.Status.RETURNED and services.can_edit(cast.opd_admin_other, abk)
    services.submit_abk(abk, by=cast.opd_admin_other)
    services.verify_abk(abk, by=cast.biro)
    abk.refresh_from_db()
    assert abk.status == Abk.Status.VERIFIED
    assert not services.can_edit(cast.opd_admin_other, abk) and not services.can_edit(cast.biro, abk)
    assert abk.history.count() == 5  # created + four steps


def test_a_regencys_abk_is_verified_by_its_bagian(cast):
    abk = make_hand_agency(cast.pky_dinkes)
    services.submit_abk(abk, by=cast.superuser)
    assert not services.can_verify(cast.biro, abk)
    assert not services.can_verify(cast.bagian_other, abk)
    services.verify_abk(abk, by=cast.bagian)


def test_a_new_version_starts_from_the_previous_year(cast):
    old = make_hand_agency(cast.kominfo, 2024)
    new = services.start_abk(cast.kominfo, 2025, by=cast.opd_admin_other)
    assert new.based_on == old and new.structure == old.structure
    _rows, old_totals = selectors.abk_summary(old)
    _rows, new_totals = selectors.abk_summary(new)
    assert new_totals == old_totals and new.positions.count() == 4
    with pytest.raises(services.ValidationError):
        services.start_abk(cast.kominfo, 2025, by=cast.opd_admin_other)


def test_the_biro_view_equals_the_sums_of_its_agencies(cast, login):
    a = make_hand_agency(cast.kominfo)
    b = make_hand_agency(cast.dinkes)
    c = make_hand_agency(cast.pky_dinkes)
    make_hand_agency(cast.kaltim_dinkes)  # another province: not counted
    data = selectors.overview(cast.biro, 2025)
    sums = [selectors.abk_summary(x)[1] for x in (a, b, c)]
    assert data.totals.needed == sum(t.needed for t in sums) == 12
    assert data.totals.in_post == sum(t.in_post for t in sums)
    assert data.totals.workload_minutes == sum(t.workload_minutes for t in sums)
    for block in data.pemdas:
        assert block.totals.needed == sum(line.totals.needed for line in block.agencies)
    response = login(cast.biro).get(reverse("institutions:abk_overview") + "?tahun=2025")
    assert response.status_code == 200
    assert 'data-testid="total-needed">12<' in response.content.decode()
    assert "Kalimantan Timur" not in response.content.decode()


def test_the_overview_query_count_is_flat(cast, login, django_assert_num_queries):
    client = login(cast.biro)
    url = reverse("institutions:abk_overview") + "?tahun=2025"
    make_hand_agency(cast.kominfo)
    client.get(url)
    # session, user (+ membership); pemdas of the filter; agencies; ABKs; positions summed
    with django_assert_num_queries(6):
        client.get(url)
    for opd in (cast.dinkes, cast.pky_dinkes, cast.pky_disdik, cast.kobar_dinkes):
        abk = make_hand_agency(opd)
        for i in range(10):
            add_position(abk, abk.structure.units.first(), f"X{i}", tasks=[(1, "day", 10)] * 5)
    with django_assert_num_queries(6):
        client.get(url)


def test_the_export_is_formula_safe(cast, login):
    import io

    import openpyxl

    abk = make_hand_agency(cast.kominfo)
    cast.kominfo.name = "=HYPERLINK(\"http://x\")"
    cast.kominfo.save()
    response = login(cast.biro).get(reverse("institutions:abk_overview_export") + "?tahun=2025")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[2] for row in ws.iter_rows(min_row=4, values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in names
    assert abk


def test_the_job_map_page_and_pdf(cast, login, django_capture_on_commit_callbacks):
    abk = make_hand_agency(cast.kominfo)
    client = login(cast.opd_admin_other)
    page = client.get(reverse("institutions:abk_job_map", args=[abk.pk]))
    assert page.status_code == 200 and "Sekretariat" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("institutions:abk_job_map_request", args=[abk.pk]))
    document = JobMapDocument.objects.get()
    assert response.status_code == 302 and document.status == JobMapDocument.Status.READY
    pdf = client.get(reverse("institutions:abk_job_map_pdf", args=[document.pk]))
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert body.startswith(b"%PDF")
    services.render_job_map(document.pk)  # idempotent: a finished document stays as it is
    document.refresh_from_db()
    assert document.status == JobMapDocument.Status.READY


def test_the_api_lists_abks_with_totals_in_scope(cast, login, django_assert_num_queries):
    make_hand_agency(cast.kominfo)
    make_hand_agency(cast.kaltim_dinkes)
    client = login(cast.biro)
    data = client.get("/api/v1/abk/?year=2025").json()
    assert [r["opd_code"] for r in data["results"]] == ["DISKOMINFO"]
    assert data["results"][0]["totals"]["needed"] == 4
    positions = client.get("/api/v1/abk-positions/?kind=pelaksana").json()["results"]
    assert [(p["code"], p["figures"]["needed"], p["figures"]["grade"]) for p in positions] == [("A", 2, "C")]
    # session, user (+ membership), count, page of ABKs, positions summed
    with django_assert_num_queries(5):
        client.get("/api/v1/abk/")
    for opd in (cast.dinkes, cast.pky_dinkes, cast.kobar_dinkes):
        make_hand_agency(opd)
    with django_assert_num_queries(5):
        client.get("/api/v1/abk/")
    # session, user (+ membership), count, page of positions
    with django_assert_num_queries(4):
        client.get("/api/v1/abk-positions/")


def test_the_database_rounds_each_position_as_the_python_rule(cast):
    abk = make_abk(cast.kominfo)
    unit = abk.structure.units.first()
    # exactly half a person (rounds up), just under half (down), 1.5 (up), nothing
    for code, norm in (("H1", 150), ("H2", "149.99"), ("H3", 450), ("H4", 0)):
        add_position(abk, unit, code, in_post=1, tasks=[(1, "day", norm)])
    _rows, python = selectors.abk_summary(abk)
    sql = selectors.overview(cast.biro, 2025).pemdas[0]
    line = next(line for line in sql.agencies if line.opd == cast.kominfo)
    assert python.needed == line.totals.needed == 1 + 0 + 2 + 0
    assert python.needed_exact == line.totals.needed_exact
    assert python.workload_minutes == line.totals.workload_minutes


def test_a_verified_abk_is_locked(cast, login):
    abk = make_hand_agency(cast.kominfo)
    Abk.objects.filter(pk=abk.pk).update(status=Abk.Status.VERIFIED)
    client = login(cast.opd_admin_other)
    response = client.post(reverse("institutions:abk_upload", args=[abk.pk]), {})
    assert response.status_code == 403


def test_the_positions_api_query_count_is_flat(cast, login, django_assert_num_queries):
    client = login(cast.biro)
    make_hand_agency(cast.kominfo)
    client.get("/api/v1/abk-positions/")
    # session, user (+ membership), count, page of positions (abk and unit joined, workload summed)
    with django_assert_num_queries(4):
        client.get("/api/v1/abk-positions/")
    for opd in (cast.dinkes, cast.pky_dinkes, cast.kobar_dinkes):
        make_hand_agency(opd)
    with django_assert_num_queries(4):
        client.get("/api/v1/abk-positions/")


def test_a_position_is_edited_with_its_tasks(cast, login):
    abk = make_hand_agency(cast.kominfo)
    position = abk.positions.get(code="C")
    client = login(cast.opd_admin_other)
    url = reverse("institutions:abk_position_edit", args=[abk.pk, position.pk])
    assert client.get(url).status_code == 200
    task = position.tasks.get()
    data = {
        "code": "C", "unit": position.unit_id, "kind": "pengawas", "functional_level": "", "name": "Kepala Seksi",
        "grade": "8", "in_post": "1", "summary": "", "education": "", "training": "", "experience": "",
        "tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "1", "tasks-MIN_NUM_FORMS": "0", "tasks-MAX_NUM_FORMS": "1000",
        "tasks-0-id": task.pk, "tasks-0-position": position.pk, "tasks-0-order": "1", "tasks-0-description": "Membina",
        "tasks-0-output": "Laporan", "tasks-0-output_unit": "laporan", "tasks-0-volume": "2", "tasks-0-period": "week",
        "tasks-0-time_norm": "750",
    }
    assert client.post(url, data).status_code == 302
    rows = {r.position.code: r.figures for r in selectors.position_rows(abk)}
    assert (rows["C"].workload_minutes, rows["C"].needed, rows["C"].gap) == (75000, 1, 0)
    assert position.history.count() == 2
    Abk.objects.filter(pk=abk.pk).update(status=Abk.Status.SUBMITTED)
    assert client.get(url).status_code == 403
    assert login(cast.opd_admin).get(url).status_code == 404


def test_a_failed_job_map_says_so(cast, login, monkeypatch):
    import reformportal.pdf

    abk = make_hand_agency(cast.kominfo)
    document = JobMapDocument.objects.create(abk=abk, language="id")

    def broken(*args, **kwargs):
        raise ValueError("font missing")

    monkeypatch.setattr(reformportal.pdf, "render_pdf", broken)
    services.render_job_map(document.pk)
    document.refresh_from_db()
    assert document.status == JobMapDocument.Status.FAILED and "font missing" in document.error
    page = login(cast.biro).get(reverse("institutions:abk_job_map_pdf", args=[document.pk]))
    assert page.status_code == 200 and 'data-testid="job-map-status"' in page.content.decode()


@pytest.mark.parametrize("language, label", [("id", "Anjab/ABK"), ("en", "Job and workload analysis")])
def test_the_main_menu_links_to_the_abk_overview(cast, login, language, label):
    client = login(cast.opd_admin)
    client.cookies["django_language"] = language
    html = client.get(reverse("agencies:home"), headers={"accept-language": language}).content.decode()
    url = reverse("institutions:abk_overview")
    assert f'<a href="{url}">{label}</a>' in html
    overview = client.get(url, headers={"accept-language": language}).content.decode()
    assert f'<a href="{url}" class="active" aria-current="page">{label}</a>' in overview


def test_the_evaluation_menu_links_to_the_maturity_evaluation(cast, login):
    html = login(cast.bagian).get(reverse("evaluations:lhe_list")).content.decode()
    assert f'href="{reverse("evaluations:pd_rounds")}"' in html


def test_the_job_map_pdf_prints_every_position_and_figure_of_the_page(cast):
    import io
    import re

    from pypdf import PdfReader

    abk = make_hand_agency(cast.kominfo)
    document = services.render_job_map(JobMapDocument.objects.create(abk=abk, language="id").pk)
    with document.file.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    def gap(value):
        return re.escape(f"+{value}" if value > 0 else str(value))

    roots, totals = selectors.job_map(abk)
    for node in (n for root in roots for n in root.walk()):
        assert re.search(rf"{re.escape(node.unit.name)}\s+{node.totals.in_post}\s+{node.totals.needed}\s+{gap(node.totals.gap)}", text)
        for r in node.positions:
            f = r.figures
            assert re.search(rf"{re.escape(r.position.name)}\s+{r.position.grade}\s+{f.in_post}\s+{f.needed}\s+{gap(f.gap)}", text)
    assert re.search(rf"Jumlah\s+{totals.in_post}\s+{totals.needed}\s+{gap(totals.gap)}", text)
    assert "PETA JABATAN" in text and "Kepala" in text
