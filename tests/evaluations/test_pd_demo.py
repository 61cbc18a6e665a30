"""Bengkulu's demo (seed report 002): the Biro opens the 2024 recap, the PDF prints the page's
numbers, the rakor of 18 July 2024 is linked, the command prints the JSON, a re-run writes nothing."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from agencies import demo as agencies_demo
from agencies.models import User
from evaluations.models import PdAnswer, PdRecap, PdRound, PdStep, Recommendation
from evaluations.pd import demo as pd_demo
from evaluations.pd.selectors import round_results
from meetings import demo as meetings_demo

from ..module_data import kept_for_the_module

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # slow: first in the run (tests/conftest.py)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One seeding per module: the tests read it, and their own writes roll back (tests/module_data.py)."""
    with kept_for_the_module(django_db_blocker):
        out = io.StringIO()
        agencies_demo.seed(out)
        pd_demo.seed(out)
        meetings_demo.seed(out)
        yield


@pytest.fixture
def bengkulu(seeded):
    return PdRound.objects.select_related("pemda", "instrument").get(pemda__province__code="17", year=2024)


def _pdf_text(recap):
    with recap.file.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(handle).pages)


def test_the_biro_sees_each_regencys_maturity_and_weakest_variables_and_the_pdf_prints_them(
    bengkulu, client, django_capture_on_commit_callbacks
):
    biro = User.objects.get(username="biro.bengkulu")
    client.force_login(biro)
    html = client.get(reverse("evaluations:pd_recap", args=[bengkulu.pk])).content.decode()
    results = round_results(bengkulu, biro)
    assert len(results.pemdas) == 10
    rows = re.findall(r'data-testid="pd-summary-row" data-pemda="([\d.]+)">(.*?)</tr>', html, re.S)
    assert [code for code, _ in rows] == [p.code for p in results.pemdas]
    for (code, row), pemda in zip(rows, results.pemdas):
        assert pemda.short_name in row
        if pemda.mean_score is not None:
            assert f"{pemda.mean_score:.2f}".replace(".", ",") in row and pemda.category in row
        for variable, _mean in pemda.weakest:
            assert f"{variable.code}. {variable.name}" in row
    assert "Rakor Evaluasi Pembinaan dan Pengendalian Penataan Perangkat Daerah" in html
    assert "konsultasi daring berkala" in html  # the rakor's recommendation to Kemendagri

    # the recap PDF prints the numbers the page shows
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluations:pd_recap_pdf", args=[bengkulu.pk]), {"language": "id"})
    assert response.status_code == 302
    recap = PdRecap.objects.get(round=bengkulu)
    assert recap.status == "done", recap.error
    text = _pdf_text(recap)
    for pemda in round_results(bengkulu, biro).pemdas:
        assert pemda.short_name in text
        if pemda.mean_score is not None:
            assert f"{pemda.mean_score:.2f}".replace(".", ",") in text
    # every figure of the page's matrix (each regency's mean level per variable and its score), in order
    matrix = html.split('data-testid="pd-matrix"', 1)[1].split("</table>", 1)[0]
    figures = re.findall(r"\d+,\d\d", matrix)
    assert len(figures) > 11
    assert _in_order(figures, re.findall(r"\d+,\d\d", text))
    assert "Kepala Biro Organisasi" in text or "Biro Organisasi" in text
    download = client.get(reverse("evaluations:pd_recap_download", args=[recap.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    status = client.get(reverse("evaluations:pd_recap_status", args=[recap.pk])).json()
    assert status["status"] == "done" and status["url"]
    _check_command_json()


def test_the_english_pdf_the_rakor_link_and_a_second_run(bengkulu, client, django_capture_on_commit_callbacks):
    biro = User.objects.get(username="biro.bengkulu")
    client.force_login(biro)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluations:pd_recap_pdf", args=[bengkulu.pk]), {"language": "en"})
    text = _pdf_text(PdRecap.objects.get(round=bengkulu, language="en"))
    assert "Matrix of regencies/cities" in text
    assert "Verified" in text and "Terverifikasi" not in text and "Sedang" not in text
    pemda = next(p for p in round_results(bengkulu, biro).pemdas if p.mean_score is not None)
    assert f"{pemda.mean_score:.2f}" in text

    # seed 002: the rakor of 18 July 2024 discussed these results; a second run writes nothing
    assert bengkulu.meetings.get().starts_at.date().isoformat() == "2024-07-18"
    assert bengkulu.submissions.count() == 10
    assert PdAnswer.objects.filter(status="returned", assessment__submission__round=bengkulu).count() == 1
    counts = (PdStep.objects.count(), PdAnswer.history.count(), Recommendation.objects.count())
    out = io.StringIO()
    pd_demo.seed(out)
    meetings_demo.seed(out)
    assert (PdStep.objects.count(), PdAnswer.history.count(), Recommendation.objects.count()) == counts

    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2019"):
        call_command("pd_evaluation_recap", "--province", "17", "--year", "2019", stdout=io.StringIO())


def _in_order(wanted, found):
    """Whether `wanted` appears in `found` in the same order (other figures may come between)."""
    rest = iter(found)
    return all(any(item == other for other in rest) for item in wanted)


def _check_command_json():
    out = io.StringIO()
    call_command("pd_evaluation_recap", "--province", "17", "--year", "2024", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["variables"]) == 11 and all(len(v["levels"]) == 5 for v in data["variables"])
    assert {"code", "name", "levels"} <= set(data["variables"][0])
    assert len(data["pemdas"]) == 10
    pemda = next(p for p in data["pemdas"] if p["maturity"] is not None)
    assert {"code", "name", "maturity", "agencies"} <= set(pemda)
    agency = pemda["agencies"][0]
    assert set(agency["levels"]) == {v["code"] for v in data["variables"]}
    assert agency["maturity"] == sum(agency["levels"].values())
