"""Pages, API and admin of the maturity evaluation."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import PdAnswer, PdInstrument, PdStep, PdSubmission, PdVariable
from evaluations.pd import services

from .helpers import pdf
from .pd_helpers import answer_all, open_round, regencies_of, verified_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(cast):
    return services.add_assessment(open_round(cast), cast.pky_dinkes, by=cast.bagian)


def test_a_bagian_user_answers_and_submits_and_the_biro_returns_one_answer(cast, client, assessment, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.bagian)
    variables = list(assessment.submission.round.instrument.variables.order_by("order"))
    for i, variable in enumerate(variables):
        prefix = f"v{variable.pk}"
        data = {f"{prefix}-level": "3", f"{prefix}-note": "Renja terlampir"}
        if i == 0:
            data[f"{prefix}-evidence"] = pdf()
        response = client.post(reverse("evaluations:pd_answer", args=[assessment.pk, variable.pk]), data)
        assert response.status_code == 302
    assert PdAnswer.objects.filter(assessment=assessment).count() == 11
    page = client.get(reverse("evaluations:pd_submission", args=[assessment.submission_id])).content.decode()
    assert "11/11" in page and 'data-testid="pd-submit"' in page
    client.post(reverse("evaluations:pd_submission_submit", args=[assessment.submission_id]))
    assert PdSubmission.objects.get(pk=assessment.submission_id).status == "submitted"

    client.force_login(cast.biro)
    answer = PdAnswer.objects.get(assessment=assessment, variable=variables[0])
    page = client.get(reverse("evaluations:pd_assessment", args=[assessment.pk])).content.decode()
    assert page.count('data-testid="pd-verify-form"') == 11
    evidence = client.get(reverse("evaluations:pd_answer_evidence", args=[answer.pk]))
    assert evidence.status_code == 200 and evidence["Content-Type"] == "application/pdf"
    response = client.post(reverse("evaluations:pd_verify", args=[answer.pk]),
                           {f"a{answer.pk}-decision": "return", f"a{answer.pk}-note": "Lampirkan SK"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == "returned" and answer.review_note == "Lampirkan SK"
    log = client.get(reverse("evaluations:pd_submission", args=[assessment.submission_id])).content.decode()
    assert "Jawaban dikembalikan" in log and "Lampirkan SK" in log


def test_a_return_without_a_note_is_refused_with_a_message(cast, client, assessment):
    answers = answer_all(assessment, 3, by=cast.bagian)
    services.submit_set(assessment.submission, by=cast.bagian)
    client.force_login(cast.biro)
    response = client.post(reverse("evaluations:pd_verify", args=[answers[0].pk]), {f"a{answers[0].pk}-decision": "return"},
                           follow=True)
    assert "Tuliskan alasan pengembalian." in response.content.decode()
    assert PdAnswer.objects.get(pk=answers[0].pk).status == "pending"


def test_a_bad_level_in_the_form_saves_nothing(cast, client, assessment):
    client.force_login(cast.bagian)
    variable = assessment.submission.round.instrument.variables.first()
    response = client.post(reverse("evaluations:pd_answer", args=[assessment.pk, variable.pk]),
                           {f"v{variable.pk}-level": "7"}, follow=True)
    assert response.status_code == 200 and not PdAnswer.objects.exists()
    assert "Tingkat" in response.content.decode()


def test_other_regencies_and_provinces_do_not_see_the_assessment(cast, client, assessment):
    url = reverse("evaluations:pd_assessment", args=[assessment.pk])
    for outsider in (cast.bagian_other, cast.biro_other, cast.opd_admin):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(cast.bagian_other)
    variable = assessment.submission.round.instrument.variables.first()
    assert client.post(reverse("evaluations:pd_answer", args=[assessment.pk, variable.pk]), {}).status_code == 404


def test_the_recap_pdf_is_requested_only_by_the_biro(cast, client, assessment):
    url = reverse("evaluations:pd_recap_pdf", args=[assessment.submission.round_id])
    client.force_login(cast.bagian)
    assert client.post(url, {"language": "id"}).status_code == 403


def _instrument_xlsx(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Kode", "Nama", "Tingkat I", "Tingkat II", "Tingkat III", "Tingkat IV", "Tingkat V", "Data dukung", "Urutan"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("instrumen.xlsx", out.getvalue())


def test_a_new_instrument_version_is_imported_from_xlsx_all_or_nothing(cast, client):
    new = PdInstrument.objects.create(name="Instrumen 2026", year_from=2026, source="Lampiran resmi")
    PdInstrument.objects.filter(year_from=2019).update(year_to=2025)
    url = reverse("evaluations:pd_instrument_import", args=[new.pk])
    client.force_login(cast.superuser)
    bad = _instrument_xlsx([["1", "Perencanaan", "a", "b", "c", "d", "e", "Renja", 1], ["2", "Monitoring", "a", "", "c", "d", "e", "", 2]])
    page = client.post(url, {"file": bad}).content.decode()
    assert "Baris 3" in page and "Tingkat II" in page and not PdVariable.objects.filter(instrument=new).exists()
    good = _instrument_xlsx([["1", "Perencanaan", "a", "b", "c", "d", "e", "Renja", 1], ["2", "Monitoring", "a", "b", "c", "d", "e", "", 2]])
    page = client.post(url, {"file": good}).content.decode()
    assert 'data-testid="import-preview"' in page and not PdVariable.objects.filter(instrument=new).exists()
    token = page.split('name="token" value="')[1].split('"')[0]
    assert client.post(url, {"token": token}).status_code == 302
    assert list(new.variables.order_by("order").values_list("code", "level_2")) == [("1", "b"), ("2", "b")]
    assert PdInstrument.objects.for_year(2026) == new
    export = client.get(reverse("evaluations:pd_instrument_export", args=[new.pk]))
    assert export.status_code == 200
    assert [c.value for c in openpyxl.load_workbook(io.BytesIO(export.content)).active[1]][:3] == ["Kode", "Nama", "Tingkat I"]


def test_an_instrument_in_use_is_not_reimported(cast, client, assessment):
    answer_all(assessment, 3, by=cast.bagian)
    instrument = assessment.submission.round.instrument
    client.force_login(cast.superuser)
    page = client.post(reverse("evaluations:pd_instrument_import", args=[instrument.pk]),
                       {"file": _instrument_xlsx([["1", "X", "a", "b", "c", "d", "e", "", 1]])}).content.decode()
    assert "sudah dipakai" in page and instrument.variables.get(code="1").name == "Perencanaan Pembangunan Daerah"


def test_the_answers_api_filters_and_keeps_a_fixed_query_count(cast, client):
    small = verified_round(cast.kalteng, [cast.palangkaraya], year=2023)
    verified_round(cast.kalteng, regencies_of("62", 12), year=2024)
    client.force_login(cast.biro)
    client.get("/api/v1/pd-answers/")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).json()
        return len(ctx.captured_queries), body

    # session, user (+ membership), count, page of answers (+assessment, variable)
    n_small, body = count(f"/api/v1/pd-answers/?round={small.pk}")
    assert body["count"] == 22
    n_big, body = count("/api/v1/pd-answers/?variable_code=7")
    assert body["count"] == 2 + 12 * 2
    assert n_small == n_big == 4
    client.force_login(cast.bagian)
    assert {a["opd"] for a in client.get("/api/v1/pd-answers/?page_size=500").json()["results"]} <= set(
        cast.palangkaraya.opds.values_list("pk", flat=True))


def test_the_api_verifies_an_answer_through_the_service(cast, client, assessment):
    answers = answer_all(assessment, 3, by=cast.bagian)
    services.submit_set(assessment.submission, by=cast.bagian)
    client.force_login(cast.biro)
    url = f"/api/v1/pd-answers/{answers[0].pk}/verify/"
    assert client.post(url, {"decision": "adjust", "level": 2}, content_type="application/json").status_code == 400
    response = client.post(url, {"decision": "adjust", "level": 2, "note": "Bukti tingkat II"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["verified_level"] == 2
    assert PdStep.objects.filter(action="adjusted").count() == 1
    detail = client.get(f"/api/v1/pd-rounds/{assessment.submission.round_id}/").json()
    assert detail["results"]["pemdas"][0]["agencies"][0]["levels"]["1"] == 2


def test_the_admin_lists_render(cast, client, assessment):
    answer_all(assessment, 3, by=cast.bagian)
    client.force_login(cast.superuser)
    for name in ("pdinstrument", "pdround", "pdsubmission", "pdassessment", "pdanswer", "pdstep", "pdrecap"):
        assert client.get(reverse(f"admin:evaluations_{name}_changelist")).status_code == 200, name

