from io import StringIO

import pytest
from django.core.management import call_command

from institutions import demo
from institutions.models import Mismatch, OrganisationStructure, OrgUnit, PostConversion, Regulation, StrategicIssue
from institutions.selectors import model_matrix

pytestmark = pytest.mark.django_db

MODELS = (OrganisationStructure, OrgUnit, PostConversion, Mismatch, Regulation, StrategicIssue)


def counts():
    return [m.objects.count() for m in MODELS] + [m.history.model.objects.count() for m in MODELS]


def test_the_demo_is_idempotent_and_has_the_kaltim_model():
    from agencies import demo as agencies_demo

    agencies_demo.seed(StringIO())
    demo.seed(StringIO())
    first = counts()
    demo.seed(StringIO())
    assert counts() == first
    model = Regulation.objects.get(pemda__province__code="64", is_model=True)
    from agencies.models import User

    biro = User.objects.get(username="biro.kaltim")
    adopted = [r.pemda_name for r in model_matrix(biro, model) if r.adopted]
    assert adopted == ["Pemerintah Kota Balikpapan", "Pemerintah Kota Samarinda"]
    # The Anjab/ABK demo owns these two Kalteng agencies' structures: one each, not a second copy.
    assert OrganisationStructure.objects.filter(opd__pemda__province__code="62",
                                                opd__code__in=["DISKOMINFO", "DINKES"],
                                                opd__pemda__level="province").count() == 2
    out = StringIO()
    call_command("workload_score", "--opd", "62:DINKES", "--year", "2025", "--format", "json", stdout=out)
    assert '"type": "A"' in out.getvalue()
