"""A Bagian user records a converted post and a mismatch; the province's Biro resolves it."""

import pytest
from django.urls import reverse

from institutions.models import Mismatch, PostConversion, SimplificationBaseline

pytestmark = pytest.mark.django_db


def conversion_data(opd):
    return {
        "opd": opd.pk, "former_post": "Kepala Seksi Pelayanan Kesehatan", "former_level": "pengawas",
        "functional_position": "Administrator Kesehatan", "person_name": "dr. Ratna", "person_nip": "",
        "converted_on": "2021-12-30", "decree_number": "188.45/412/2021",
    }


def test_bagian_records_a_conversion_and_a_mismatch_and_the_biro_resolves_it(cast, login):
    bagian = login(cast.bagian)
    url = reverse("institutions:simplification", args=["62.71"])
    assert bagian.post(url, conversion_data(cast.pky_dinkes)).status_code == 302
    conversion = PostConversion.objects.get()
    assert conversion.functional_level == "Ahli Muda"  # Pengawas -> Ahli Muda (PermenPANRB 17/2021)
    assert conversion.recorded_by == cast.bagian

    response = bagian.post(reverse("institutions:mismatch_create", args=["62.71"]), {
        "opd": cast.pky_dinkes.pk, "conversion": conversion.pk, "post": "Administrator Kesehatan",
        "kind": "education", "description": "Pemangku berlatar pendidikan hukum.",
    })
    mismatch = Mismatch.objects.get()
    assert response.status_code == 302 and mismatch.status == "raised"

    verify_url = reverse("institutions:mismatch_verify", args=[mismatch.pk])
    # The Bagian cannot verify its own proposal.
    assert bagian.post(reverse("institutions:mismatch_propose", args=[mismatch.pk]),
                       {"proposal": "Alih jabatan ke JF Analis Hukum."}).status_code == 302
    assert bagian.post(verify_url, {"decision": "resolve", "comment": "x"}).status_code == 403
    mismatch.refresh_from_db()
    assert mismatch.status == "proposed" and mismatch.proposed_by == cast.bagian

    biro = login(cast.biro)
    assert biro.post(verify_url, {"decision": "resolve", "comment": "Sesuai, lanjutkan."}).status_code == 302
    mismatch.refresh_from_db()
    assert (mismatch.status, mismatch.resolved_by, mismatch.resolution_comment) == (
        "resolved", cast.biro, "Sesuai, lanjutkan.")
    reasons = list(mismatch.history.values_list("history_change_reason", flat=True))
    assert "mismatch.proposed" in reasons and "mismatch.resolved" in reasons


def test_verification_needs_a_comment_and_a_proposal_first(cast, login):
    mismatch = Mismatch.objects.create(opd=cast.pky_dinkes, post="JF X", kind="duties", description="d")
    biro = login(cast.biro)
    url = reverse("institutions:mismatch_verify", args=[mismatch.pk])
    biro.post(url, {"decision": "resolve", "comment": "ok"})
    mismatch.refresh_from_db()
    assert mismatch.status == "raised"  # not proposed yet: refused, nothing written
    biro.post(reverse("institutions:mismatch_propose", args=[mismatch.pk]), {"proposal": ""})
    mismatch.refresh_from_db()
    assert mismatch.status == "raised"


def test_the_percentage_counts_conversions_against_the_baseline(cast, login):
    SimplificationBaseline.objects.create(pemda=cast.palangkaraya, posts_before=8)
    bagian = login(cast.bagian)
    url = reverse("institutions:simplification", args=["62.71"])
    for n in range(2):
        data = conversion_data(cast.pky_dinkes) | {"former_post": f"Kepala Seksi {n}"}
        bagian.post(url, data)
    page = bagian.get(url).content.decode()
    assert 'data-testid="simplification-percent">25,0 %' in page


def test_others_cannot_see_or_write(cast, login):
    url = reverse("institutions:simplification", args=["62.71"])
    assert login(cast.bagian_other).get(url).status_code == 404
    assert login(cast.biro_other).get(url).status_code == 404
    assert login(cast.leader).post(url, conversion_data(cast.pky_dinkes)).status_code == 403
    assert not PostConversion.objects.exists()


def test_an_opd_admin_raises_a_mismatch_on_its_own_agency_only(cast, login):
    client = login(cast.opd_admin)
    url = reverse("institutions:mismatch_create", args=["62"])
    response = client.post(url, {"opd": cast.kominfo.pk, "post": "X", "kind": "duties", "description": "d"})
    assert response.status_code == 200 and not Mismatch.objects.exists()  # not a choice for them
    client.post(url, {"opd": cast.dinkes.pk, "post": "X", "kind": "duties", "description": "d"})
    assert Mismatch.objects.get().opd == cast.dinkes
