"""Action plans in the national Portal RB's structure (issue 13): kegiatan utama, sasaran tematik,
the plan's Portal RB fields, old blanks, the export's sheets and the reporting windows API."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from actionplans import export, services
from actionplans.blank import DATA_SHEET, FIRST_DATA_ROW, HEADER_ROW, build_blank
from actionplans.columns import COLUMNS, LEGACY_HEADERS
from actionplans.models import ActionPlan, Evidence, KegiatanUtama, ReportingWindow, SasaranTematik, WindowReopening

from reformportal.spreadsheets import write_xlsx

from .blank_helpers import ROW, as_upload
from .factories import make_kegiatan_utama, make_plan, make_report, make_sasaran_tematik, theme

pytestmark = pytest.mark.django_db

PORTAL_ROW = {
    **ROW,
    "kegiatan_utama": "KU-01",
    "formula": "layanan daring / seluruh layanan x 100%",
    "baseline": "40,5",
    "output_indicator": "Jumlah layanan yang dimigrasi",
    "output_unit": "layanan",
    "coordinators": "Biro Organisasi\nDiskominfo",
    "implementers": "Dinas Kesehatan\nRSUD dr. Doris Sylvanus",
}


def _fill(blank_bytes, rows, *, drop_optional=False):
    """Fill rows by header name; with drop_optional, first cut the blank down to the columns the
    blank had before issue 13 (a blank downloaded before this change)."""
    wb = openpyxl.load_workbook(io.BytesIO(blank_bytes))
    ws = wb[DATA_SHEET]
    if drop_optional:
        for i in sorted((i for i, c in enumerate(COLUMNS, 1) if c.optional), reverse=True):
            ws.delete_cols(i)
    headers = {ws.cell(HEADER_ROW, i).value: i for i in range(1, ws.max_column + 1)}
    keys = {c.key: headers.get(c.header) for c in COLUMNS}
    for offset, row in enumerate(rows):
        for key, value in row.items():
            if keys[key]:
                ws.cell(FIRST_DATA_ROW + offset, keys[key], value)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _import(cast, upload):
    return services.import_blank(as_upload(upload), opd=cast.dinkes, year=2025, by=cast.opd_admin)


# --- reference data -------------------------------------------------------------------------------


def test_reference_data_is_written_by_the_pemdas_biro_or_bagian_only(cast):
    ku = services.save_kegiatan_utama(cast.kalteng, 2025, by=cast.biro, code="KU-01", name="Budaya kerja",
                                      indicator="Indeks budaya kerja", unit="nilai", target=Decimal("80"))
    assert ku.history.count() == 1
    services.save_kegiatan_utama(cast.palangkaraya, 2025, by=cast.bagian, code="KU-01", name="x", indicator="y", unit="", target=None)
    for user, pemda in ((cast.opd_admin, cast.kalteng), (cast.bagian, cast.kalteng), (cast.biro_other, cast.kalteng)):
        with pytest.raises(PermissionDenied):
            services.save_kegiatan_utama(pemda, 2025, by=user, code="KU-09", name="x", indicator="y")
    with pytest.raises(ValidationError) as exc:
        services.save_kegiatan_utama(cast.kalteng, 2025, by=cast.biro, code="ku-01", name="x", indicator="y")
    assert "code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.save_sasaran_tematik(cast.kalteng, 2025, by=cast.biro, theme=theme(2025, "G1"), code="ST-01", name="x",
                                      indicator="y", unit="%", annual_target=Decimal("1"))
    assert "theme" in exc.value.message_dict and not SasaranTematik.objects.exists()


def test_reference_page_lists_and_adds_for_the_biro(cast, login):
    url = reverse("actionplans:kegiatan_utama") + f"?pemda={cast.kalteng.pk}&tahun=2025"
    ku = make_kegiatan_utama(cast.kalteng)
    make_plan(cast.dinkes, "RA-01", kegiatan_utama=ku)
    make_plan(cast.kominfo, "RA-01", kegiatan_utama=ku)
    body = {"code": "KU-02", "name": "Penataan organisasi", "indicator": "Persentase unit ditata", "unit": "%", "target": "75,5"}
    response = login(cast.biro).post(url, body)
    assert response.status_code == 302
    assert KegiatanUtama.objects.get(code="KU-02").target == Decimal("75.5")
    page = login(cast.biro).get(url)
    assert [r.plan_count for r in page.context["rows"]] == [2, 0] and page.context["form"] is not None
    # an OPD admin reads the list (their own plans counted), cannot write
    page = login(cast.opd_admin).get(url)
    assert page.status_code == 200 and page.context["form"] is None and [r.plan_count for r in page.context["rows"]] == [1, 0]
    assert login(cast.opd_admin).post(url, {**body, "code": "KU-03"}).status_code == 403
    assert login(cast.biro_other).get(url).status_code == 404
    # a bad value: the form says so, nothing written
    response = login(cast.biro).post(url, {**body, "code": "KU-01"})
    assert response.status_code == 200 and KegiatanUtama.objects.count() == 2
    assert "code" in response.context["form"].errors


def test_sasaran_page_edits_one_row(cast, login):
    goal = make_sasaran_tematik(cast.kalteng)
    url = reverse("actionplans:sasaran_tematik") + f"?pemda={cast.kalteng.pk}&tahun=2025&ubah={goal.pk}"
    body = {"theme": goal.theme_id, "code": "ST-01", "name": "Investasi naik", "indicator": "Realisasi investasi", "unit": "%",
            "annual_target": "12,5"}
    assert login(cast.biro).post(url, body).status_code == 302
    goal.refresh_from_db()
    assert (goal.name, goal.annual_target, goal.history.count()) == ("Investasi naik", Decimal("12.5"), 2)


# session, user (+ membership), pemda, rows (theme joined; visible plans counted), pemda choices;
# sasaran tematik: + the form's theme choices
@pytest.mark.parametrize("name,queries", [("kegiatan_utama", 5), ("sasaran_tematik", 6)])
def test_reference_page_query_count_is_flat(cast, login, django_assert_num_queries, name, queries):
    client = login(cast.biro)
    url = reverse(f"actionplans:{name}") + f"?pemda={cast.kalteng.pk}&tahun=2025"

    def grow(n, start):
        for i in range(start, start + n):
            ku = make_kegiatan_utama(cast.kalteng, f"KU-{i:02d}")
            make_sasaran_tematik(cast.kalteng, f"ST-{i:02d}")
            make_plan(cast.dinkes, f"RA-{i:02d}", kegiatan_utama=ku)

    grow(2, 0)
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(20, 2)
    with django_assert_num_queries(queries):
        assert len(client.get(url).context["rows"]) == 22


# --- plans ------------------------------------------------------------------------------------------


def test_new_general_plans_need_a_kegiatan_utama_of_their_pemda(cast):
    fields = dict(theme=theme(2025, "G1"), code="RA-01", goal="g", indicator="i", unit="%", annual_target=Decimal("100"),
                  target_q4=Decimal("100"))
    with pytest.raises(ValidationError) as exc:
        services.create_plan(opd=cast.dinkes, year=2025, by=cast.opd_admin, **fields)
    assert "kegiatan_utama" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.create_plan(opd=cast.dinkes, year=2025, by=cast.opd_admin, **fields,
                             kegiatan_utama=make_kegiatan_utama(cast.palangkaraya))
    with pytest.raises(ValidationError) as exc:
        services.create_plan(opd=cast.dinkes, year=2025, by=cast.opd_admin, **{**fields, "theme": theme(2025, "B1")},
                             sasaran_tematik=make_sasaran_tematik(cast.kalteng, theme_code="B2"))
    assert "sasaran_tematik" in exc.value.message_dict
    plan = services.create_plan(opd=cast.dinkes, year=2025, by=cast.opd_admin, **fields,
                                kegiatan_utama=make_kegiatan_utama(cast.kalteng), coordinators="Biro Organisasi\nBappeda")
    assert plan.coordinator_list == ["Biro Organisasi", "Bappeda"] and ActionPlan.objects.count() == 1


def exported(pemda, user):
    """The Portal RB workbook of `pemda`'s 2025 data as `user` downloads it."""
    out = io.BytesIO()
    write_xlsx(export.pemda_sheets(pemda, 2025, user=user), out)
    out.seek(0)
    return out


def test_a_legacy_plan_without_kegiatan_utama_shows_changes_and_exports(cast, login):
    plan = make_plan(cast.dinkes, "RA-01")  # made before kegiatan utama existed
    services.update_plan(plan, by=cast.opd_admin, indicator="Diubah")
    page = login(cast.opd_admin).get(plan.get_absolute_url())
    assert page.status_code == 200 and "Belum ditautkan ke kegiatan utama" in page.content.decode()
    wb = openpyxl.load_workbook(exported(cast.kalteng, cast.biro))
    row = list(wb["RA RB General"].iter_rows(min_row=3, values_only=True))[0]
    assert row[4:7] == (None, None, "RA-01")


def test_plan_form_and_page_carry_the_portal_fields(cast, login):
    ku = make_kegiatan_utama(cast.kalteng)
    make_kegiatan_utama(cast.palangkaraya, "KU-99")
    url = reverse("actionplans:create", args=[cast.dinkes.pk]) + "?tahun=2025"
    form = login(cast.opd_admin).get(url).context["form"]
    assert list(form.fields["kegiatan_utama"].queryset) == [ku]  # only its Pemda's, of the year
    body = {"tahun": 2025, "code": "RA-01", "theme": theme(2025, "G1").pk, "kegiatan_utama": ku.pk, "goal": "g",
            "indicator": "Persentase", "unit": "%", "formula": "a / b x 100", "baseline": "40,5", "output_indicator": "Dokumen",
            "output_unit": "dokumen", "coordinators": "Biro Organisasi", "implementers": "Dinas Kesehatan\nRSUD",
            "annual_target": "100", "target_mode": "cumulative", "target_q1": "25", "target_q2": "50", "target_q3": "75",
            "target_q4": "100", "budget": "1000000", "budget_source": "APBD", "weight": "1"}
    assert login(cast.opd_admin).post(url, body).status_code == 302
    plan = ActionPlan.objects.get()
    assert (plan.kegiatan_utama, plan.baseline, plan.implementer_list) == (ku, Decimal("40.5"), ["Dinas Kesehatan", "RSUD"])
    text = login(cast.opd_admin).get(plan.get_absolute_url()).content.decode()
    for expected in ("KU-01", "a / b x 100", "40,50", "RSUD", "Biro Organisasi", "dokumen"):
        assert expected in text
    # without a kegiatan utama, a new RB General plan is refused with the field named
    response = login(cast.opd_admin).post(url, {**body, "code": "RA-02", "kegiatan_utama": ""})
    assert response.status_code == 200 and "kegiatan_utama" in response.context["form"].errors
    assert ActionPlan.objects.count() == 1


def test_plan_api_carries_and_filters_the_portal_fields(cast):
    ku = make_kegiatan_utama(cast.kalteng)
    make_plan(cast.dinkes, "RA-01", kegiatan_utama=ku, baseline=Decimal("10"), coordinators="Biro")
    make_plan(cast.dinkes, "RA-02")
    client = APIClient()
    client.force_authenticate(cast.biro)
    rows = client.get("/api/v1/action-plans/", {"kegiatan_utama_code": "KU-01"}).json()["results"]
    assert [(r["code"], r["kegiatan_utama"], r["kegiatan_utama_code"], r["baseline"], r["coordinators"]) for r in rows] == [
        ("RA-01", ku.pk, "KU-01", "10.00", "Biro")]
    other = make_kegiatan_utama(cast.kaltim, "KU-X")
    payload = {"opd": cast.dinkes.pk, "year": 2025, "theme": theme(2025, "G2").pk, "code": "RA-03", "goal": "g",
               "indicator": "i", "unit": "%", "annual_target": "100", "target_q4": "100", "kegiatan_utama": other.pk}
    assert client.post("/api/v1/action-plans/", payload, format="json").status_code == 400  # not visible, not its Pemda
    response = client.post("/api/v1/action-plans/", {**payload, "kegiatan_utama": ku.pk}, format="json")
    assert response.status_code == 201 and response.json()["kegiatan_utama_code"] == "KU-01"


# --- the blank ----------------------------------------------------------------------------------------


def test_blank_round_trip_of_the_portal_fields_is_exact(cast):
    make_kegiatan_utama(cast.kalteng)
    goal = make_sasaran_tematik(cast.kalteng, theme_code="B4")
    tematik = {**PORTAL_ROW, "code": "RA-02", "theme": "B4", "kegiatan_utama": None, "sasaran_tematik": "ST-01 - Sasaran tematik ST-01"}
    outcome = _import(cast, _fill(build_blank(cast.dinkes, 2025), [PORTAL_ROW, tematik]))
    assert outcome.errors == [] and outcome.created == 2
    plan = ActionPlan.objects.get(code="RA-01")
    assert plan.formula == "layanan daring / seluruh layanan x 100%"
    assert (plan.baseline, plan.output_indicator, plan.output_unit) == (Decimal("40.5"), "Jumlah layanan yang dimigrasi", "layanan")
    assert plan.coordinator_list == ["Biro Organisasi", "Diskominfo"] and plan.kegiatan_utama.code == "KU-01"
    assert ActionPlan.objects.get(code="RA-02").sasaran_tematik == goal
    # the blank downloaded now gives back exactly what is stored, formula-like texts too (neutralised
    # on the way out, exact on the way back)
    ActionPlan.objects.filter(code="RA-02").update(formula="=jumlah / total", coordinators="+Biro\n@Bappeda")
    again = _import(cast, io.BytesIO(build_blank(cast.dinkes, 2025)))
    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 2)
    wb = openpyxl.load_workbook(io.BytesIO(build_blank(cast.dinkes, 2025)))
    instructions = " ".join(str(c.value) for c in wb["Petunjuk"]["A"] if c.value)
    for words in ("wajib memiliki kegiatan utama", "Rumus indikator", "Baseline", "satu unit per baris", "Blanko lama"):
        assert words in instructions
    assert [wb["Referensi"]["C1"].value, wb["Referensi"]["D1"].value] == ["KU-01 - Kegiatan utama KU-01", "ST-01 - Sasaran tematik ST-01"]
    ws = wb[DATA_SHEET]
    headers = [ws.cell(HEADER_ROW, i).value for i in range(1, len(COLUMNS) + 1)]
    assert ws.cell(FIRST_DATA_ROW + 1, headers.index("Rumus indikator") + 1).value == "'=jumlah / total"
    assert ActionPlan.objects.get(code="RA-02").coordinator_list == ["+Biro", "@Bappeda"]


def test_a_blank_downloaded_before_this_change_still_imports_leaving_new_fields_unchanged(cast):
    ku = make_kegiatan_utama(cast.kalteng)
    plan = make_plan(cast.dinkes, "RA-01", kegiatan_utama=ku, baseline=Decimal("7"), coordinators="Biro Organisasi",
                     formula="a / b")
    old = _fill(build_blank(cast.dinkes, 2025), [{"code": "RA-01", "indicator": "Indikator baru"}], drop_optional=True)
    headers = [c.value for c in openpyxl.load_workbook(old)[DATA_SHEET][HEADER_ROW]]
    assert tuple(h for h in headers if h) == LEGACY_HEADERS
    old.seek(0)
    outcome = _import(cast, old)
    assert outcome.errors == [] and outcome.updated == 1
    plan.refresh_from_db()
    assert (plan.indicator, plan.kegiatan_utama, plan.baseline, plan.coordinators, plan.formula) == (
        "Indikator baru", ku, Decimal("7"), "Biro Organisasi", "a / b")


def test_a_new_general_row_without_kegiatan_utama_is_refused_by_row_and_column(cast):
    make_kegiatan_utama(cast.kalteng)
    make_plan(cast.dinkes, "RA-01", kegiatan_utama=None)
    old = _fill(build_blank(cast.dinkes, 2025), [{"code": "RA-01"}, {**ROW, "code": "RA-02"}], drop_optional=True)
    outcome = _import(cast, old)
    assert outcome.errors == ["Baris 6, kolom Kegiatan utama: rencana aksi RB General yang baru wajib memiliki kegiatan utama"]
    bad = _fill(build_blank(cast.dinkes, 2025), [{**PORTAL_ROW, "code": "RA-03", "kegiatan_utama": "KU-77", "baseline": "1.250"}])
    errors = _import(cast, bad).errors
    assert errors == [
        "Baris 5, kolom Kegiatan utama: 'KU-77' tidak ada dalam daftar kegiatan utama tahun 2025",
        "Baris 5, kolom Baseline (tahun sebelumnya): '1.250' ambigu (seribu atau desimal?); tulis 1250 atau 1,25",
    ]
    assert ActionPlan.objects.count() == 1  # all or nothing


# --- the export -------------------------------------------------------------------------------------


def test_export_has_the_national_portals_sheets_in_order_with_their_headings(cast, login):
    ku = make_kegiatan_utama(cast.kalteng, name="=Budaya kerja")
    goal = make_sasaran_tematik(cast.kalteng, theme_code="B2")
    general = make_plan(cast.dinkes, "RA-01", kegiatan_utama=ku, coordinators="Biro\nBappeda")
    make_plan(cast.dinkes, "RA-02", theme_code="B2", sasaran_tematik=goal)
    report = make_report(general, 1, 20, "verified", supporting_factors="Dukungan pimpinan", obstacles="+Anggaran")
    Evidence.objects.create(report=report, label="Foto", url="https://data.example.id/foto.pdf")
    response = login(cast.biro).get(reverse("actionplans:export") + f"?pemda={cast.kalteng.pk}&tahun=2025")
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["Kegiatan Utama", "RA RB General", "Tema dan Sasaran Tematik", "RA RB Tematik", "Realisasi per Triwulan"]
    for (name, title, headers), ws in zip(export.SHEETS, wb.worksheets, strict=True):
        assert ws["A1"].value == f"{title} {cast.kalteng.name} Tahun 2025"
        assert [c.value for c in ws[2]] == headers
    assert [c.value for c in wb["Kegiatan Utama"][2]] == ["No", "Kode Kegiatan Utama", "Kegiatan Utama", "Indikator", "Satuan",
                                                          "Target", "Jumlah Rencana Aksi"]
    assert [c.value for c in wb["Kegiatan Utama"][3]][1:3] == ["KU-01", "'=Budaya kerja"]
    assert wb["Kegiatan Utama"]["G3"].value == 1
    general_row = dict(zip(export.GENERAL_HEADERS, [c.value for c in wb["RA RB General"][3]]))
    assert (general_row["Kode Kegiatan Utama"], general_row["Koordinator"]) == ("KU-01", "Biro\nBappeda")
    tematik_row = dict(zip(export.TEMATIK_HEADERS, [c.value for c in wb["RA RB Tematik"][3]]))
    assert tematik_row["Kode Sasaran Tematik"] == "ST-01"
    assert [c.value for c in wb["Tema dan Sasaran Tematik"][3]][1:4] == ["B2", "Peningkatan Investasi", "ST-01"]
    realisation = dict(zip(export.REALISATION_HEADERS, [c.value for c in wb["Realisasi per Triwulan"][3]]))
    assert (realisation["Faktor Penunjang"], realisation["Faktor Penghambat"], realisation["Tautan Data Dukung"]) == (
        "Dukungan pimpinan", "'+Anggaran", "https://data.example.id/foto.pdf")
    assert realisation["Capaian (%)"] == 80.0


def test_export_query_count_is_flat(cast, django_assert_num_queries):
    def grow(start, n):
        ku = make_kegiatan_utama(cast.kalteng, f"KU-{start}")
        for i in range(start, start + n):
            plan = make_plan(cast.dinkes, f"RA-{i:03d}", kegiatan_utama=ku)
            Evidence.objects.create(report=make_report(plan, 1, 20), label="x", url="https://example.org/x")

    grow(0, 2)
    # kegiatan utama and their plan counts; General plans (OPD, theme, kegiatan utama, sasaran
    # tematik joined) and reports; sasaran tematik and their plan counts; tematik plans (none:
    # no reports read); the realisation sheet's General reports (their plans joined) and
    # evidence, and tematik reports (none: no evidence read). 10: the sheet read its plans first
    # (11 before).
    with django_assert_num_queries(10):
        exported(cast.kalteng, cast.superuser)
    grow(10, 25)
    with django_assert_num_queries(10):
        exported(cast.kalteng, cast.superuser)


# --- reporting windows API ----------------------------------------------------------------------------


def _windows(cast):
    window = ReportingWindow.objects.create(province=cast.kalteng.province, year=2025, quarter=3,
                                            opens_on=datetime.date(2025, 10, 1), closes_on=datetime.date(2025, 10, 8))
    ReportingWindow.objects.create(province=cast.kaltim.province, year=2025, quarter=3,
                                   opens_on=datetime.date(2025, 10, 1), closes_on=datetime.date(2025, 10, 5))
    for opd in (cast.dinkes, cast.kominfo, cast.pky_dinkes):
        WindowReopening.objects.create(window=window, opd=opd, until=datetime.date(2025, 10, 15), reason="Banjir", by=cast.biro)
    return window


@pytest.mark.parametrize("who,expected", [
    ("biro", {("62", ("DINKES", "DISKOMINFO", "DINKES"))}),
    ("opd_admin", {("62", ("DINKES",))}),
    ("bagian", {("62", ("DINKES",))}),
    ("biro_other", {("64", ())}),
    ("nobody", set()),
])
def test_windows_api_is_scoped_with_the_visible_reopenings(cast, who, expected):
    _windows(cast)
    client = APIClient()
    client.force_authenticate(getattr(cast, who))
    rows = client.get("/api/v1/reporting-windows/", {"year": 2025, "quarter": 3}).json()["results"]
    assert {(r["province_code"], tuple(o["opd_code"] for o in r["reopenings"])) for r in rows} == expected


def test_windows_api_filters_and_keeps_its_query_count(cast, django_assert_num_queries):
    window = _windows(cast)
    client = APIClient()
    client.force_authenticate(cast.observer)
    assert [r["id"] for r in client.get("/api/v1/reporting-windows/", {"province_code": "62"}).json()["results"]] == [window.pk]
    assert client.get("/api/v1/reporting-windows/", {"year": 2024}).json()["results"] == []
    url = "/api/v1/reporting-windows/"
    client.get(url)
    # (force_authenticate keeps the user and its scope) count, windows (province joined),
    # reopenings (OPD, actor joined)
    with django_assert_num_queries(3):
        client.get(url)
    for quarter in (1, 2, 4):
        other = ReportingWindow.objects.create(province=cast.kalteng.province, year=2025, quarter=quarter,
                                               opens_on=datetime.date(2025, 1, 1), closes_on=datetime.date(2025, 1, 2))
        WindowReopening.objects.create(window=other, opd=cast.kominfo, until=datetime.date(2025, 1, 9), reason="x", by=cast.biro)
    with django_assert_num_queries(3):
        assert len(client.get(url).json()["results"]) == 5


def test_reference_api_is_scoped_and_filtered(cast):
    make_kegiatan_utama(cast.kalteng)
    make_kegiatan_utama(cast.kalteng, "KU-24", year=2024)
    make_kegiatan_utama(cast.kaltim, "KU-T")
    make_sasaran_tematik(cast.palangkaraya, theme_code="B1")
    client = APIClient()
    client.force_authenticate(cast.opd_admin)
    assert sorted(r["code"] for r in client.get("/api/v1/kegiatan-utama/").json()["results"]) == ["KU-01", "KU-24"]
    assert [r["code"] for r in client.get("/api/v1/kegiatan-utama/", {"year": 2025}).json()["results"]] == ["KU-01"]
    assert client.get("/api/v1/sasaran-tematik/").json()["results"] == []  # another Pemda's
    client.force_authenticate(cast.biro)
    rows = client.get("/api/v1/sasaran-tematik/", {"theme": "B1", "pemda_code": "62.71"}).json()["results"]
    assert [(r["code"], r["theme_code"]) for r in rows] == [("ST-01", "B1")]
