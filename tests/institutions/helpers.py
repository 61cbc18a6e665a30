import datetime
from decimal import Decimal

from institutions import services
from institutions.models import OrganisationStructure, OrgUnit


def make_structure(opd, *, valid_from=datetime.date(2024, 1, 2), bidang=("Bidang A", "Bidang B")):
    structure = OrganisationStructure.objects.create(opd=opd, valid_from=valid_from, perkada_number="Pergub 1/2024")
    root = OrgUnit.objects.create(structure=structure, name=opd.name, kind="agency", level="II.a")
    sek = OrgUnit.objects.create(structure=structure, parent=root, name="Sekretariat", kind="secretariat",
                                 level="III.a", order=1)
    OrgUnit.objects.create(structure=structure, parent=sek, name="Subbagian Umum", kind="subbagian", level="IV.a")
    for i, name in enumerate(bidang, 2):
        OrgUnit.objects.create(structure=structure, parent=root, name=name, kind="bidang", level="III.b", order=i)
    return structure


def make_workload(pemda, opd_scores, *, by, year=2025, population=2_700_000, area=Decimal("153564.5"),
                  apbd=Decimal("7900000000000")):
    return services.save_workload(pemda, year, by=by, population=population, area_km2=area, apbd=apbd,
                                  technical_scores=opd_scores)
