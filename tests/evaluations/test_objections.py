"""Objections (sanggah) to an internal LHE's scores: filed within the window with evidence,
accepted (score, index and predikat recomputed, the old ones kept) or rejected with a reason."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from evaluations import selectors, services
from evaluations.models import Lhe, Objection

from .helpers import make_lhe, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast):
    """An internal LHE dated today, scored on two criteria: index 3 × 0.5 + 7 × 0.6 = 5.70."""
    today = timezone.localdate()
    lhe = services.record_lhe(pemda=cast.kalteng, year=2024, kind=Lhe.Kind.INTERNAL, date=today, by=cast.biro)
    nodes = {n.code: n for n in lhe.framework.nodes.all()}
    services.set_scores(lhe, {nodes["G.A.1"]: Decimal("50"), nodes["G.A.2"]: Decimal("60")}, by=cast.biro)
    lhe.refresh_from_db()
    assert lhe.index == Decimal("5.70")
    return lhe, nodes


def _object(cast, lhe, node, **extra):
    return services.file_objection(
        lhe, node=node, argument="Rencana aksi sudah ditetapkan dengan SK Gubernur.",
        evidence_link="https://example.org/sk.pdf", by=extra.pop("by", cast.opd_admin), **extra,
    )


def test_the_unit_objects_and_the_inspector_accepts_with_history(cast, published):
    lhe, nodes = published
    objection = _object(cast, lhe, nodes["G.A.1"], proposed_value=Decimal("90"))
    assert (objection.opd, objection.old_value, objection.old_index) == (cast.dinkes, Decimal("50"), Decimal("5.70"))
    services.accept_objection(objection, new_value=Decimal("90"), reason="SK terlampir.", by=cast.inspector)
    lhe.refresh_from_db()
    objection.refresh_from_db()
    # 3 × 0.9 + 7 × 0.6 = 6.90
    assert lhe.index == Decimal("6.90") and lhe.scores.get(node=nodes["G.A.1"]).value == Decimal("90")
    assert (objection.status, objection.new_value, objection.new_index) == ("diterima", Decimal("90"), Decimal("6.90"))
    assert objection.old_index == Decimal("5.70") and objection.decided_by == cast.inspector
    assert [h.status for h in objection.history.order_by("history_id")] == ["diajukan", "diterima"]
    assert lhe.history.count() >= 2  # the index change is on the LHE's own history too


def test_a_rejection_needs_a_reason_and_keeps_the_score(cast, published):
    lhe, nodes = published
    objection = _object(cast, lhe, nodes["G.A.2"])
    with pytest.raises(ValidationError):
        services.reject_objection(objection, reason=" ", by=cast.inspector)
    services.reject_objection(objection, reason="Bukti tidak relevan.", by=cast.inspector)
    lhe.refresh_from_db()
    assert lhe.index == Decimal("5.70") and Objection.objects.get().status == "ditolak"
    with pytest.raises(ValidationError):
        services.accept_objection(objection, new_value=Decimal("70"), by=cast.inspector)


@override_settings(LHE_OBJECTION_WINDOW_DAYS=14)
def test_it_refuses_after_the_window_without_evidence_or_on_an_external_lhe(cast, published):
    lhe, nodes = published
    with pytest.raises(ValidationError):
        services.file_objection(lhe, node=nodes["G.A.1"], argument="Tanpa bukti", by=cast.opd_admin)
    Lhe.objects.filter(pk=lhe.pk).update(date=timezone.localdate() - datetime.timedelta(days=15))
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        _object(cast, lhe, nodes["G.A.1"])
    assert "Masa sanggah berakhir" in caught.value.messages[0]
    external = make_lhe(cast, year=2024, kind=Lhe.Kind.EXTERNAL)
    services.set_scores(external, {nodes["G.A.1"]: Decimal("50")}, by=cast.biro)
    with pytest.raises(ValidationError):
        _object(cast, external, nodes["G.A.1"])
    assert not Objection.objects.exists()


def test_only_the_evaluated_units_object_and_only_its_inspectors_decide(cast, published):
    lhe, nodes = published
    with pytest.raises(PermissionDenied):
        _object(cast, lhe, nodes["G.A.1"], by=cast.inspector_other)
    with pytest.raises(ValidationError):
        _object(cast, lhe, nodes["G.B.1"])  # not scored on this LHE
    objection = _object(cast, lhe, nodes["G.A.1"], by=cast.biro)
    assert objection.opd == cast.biro_kalteng
    with pytest.raises(PermissionDenied):
        services.accept_objection(objection, new_value=Decimal("80"), by=cast.inspector_other)
    with pytest.raises(PermissionDenied):
        services.accept_objection(objection, new_value=Decimal("80"), by=cast.opd_admin)


def test_the_lhe_page_shows_open_objections_and_the_inspector_decides_there(cast, login, published):
    lhe, nodes = published
    client = login(cast.opd_admin)
    response = client.post(reverse("evaluations:lhe_objection_create", args=[lhe.pk]), {
        "node": nodes["G.A.1"].pk, "argument": "SK sudah ada.", "proposed_value": "85,5", "evidence": pdf("sk.pdf"),
    })
    assert response.status_code == 302, response.context["form"].errors
    objection = Objection.objects.get()
    assert objection.proposed_value == Decimal("85.5") and objection.evidence.name.startswith("evidence/")
    page = login(cast.inspector).get(reverse("evaluations:lhe", args=[lhe.pk]))
    assert 'data-testid="objection-diajukan"' in page.content.decode()
    assert login(cast.inspector).get(reverse("evaluations:objection_evidence", args=[objection.pk])).status_code == 200
    refused = login(cast.inspector).post(reverse("evaluations:objection_decide", args=[objection.pk]), {"decision": "accept"})
    assert refused.status_code == 302 and Objection.objects.get().status == "diajukan"  # no new value: nothing changes
    login(cast.inspector).post(reverse("evaluations:objection_decide", args=[objection.pk]),
                               {"decision": "accept", "new_value": "85,5"})
    lhe.refresh_from_db()
    assert Objection.objects.get().status == "diterima" and lhe.index == Decimal("6.77")  # 3 × 0.855 + 4.2 = 6.765
    assert login(cast.opd_admin).post(reverse("evaluations:objection_decide", args=[objection.pk]),
                                      {"decision": "reject", "reason": "x"}).status_code == 403


def test_the_report_pack_selector_counts_objections_in_scope(cast, published):
    lhe, nodes = published
    first = _object(cast, lhe, nodes["G.A.1"])
    _object(cast, lhe, nodes["G.A.2"])
    services.reject_objection(first, reason="Tidak relevan.", by=cast.inspector)
    counts = selectors.objection_counts(cast.biro, year=2024)
    assert (counts.open, counts.accepted, counts.rejected, counts.total) == (1, 0, 1, 2)
    assert selectors.objection_counts(cast.biro_other).total == 0
    with pytest.raises(AttributeError):
        counts.open = 5  # frozen


def test_a_proposed_value_above_the_maximum_is_refused_and_nothing_is_written(cast, published):
    lhe, nodes = published
    with pytest.raises(ValidationError) as caught:
        _object(cast, lhe, nodes["G.A.1"], proposed_value=Decimal("101"))
    assert "proposed_value" in caught.value.message_dict
    assert not Objection.objects.exists()
