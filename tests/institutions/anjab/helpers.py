import datetime
from decimal import Decimal

from institutions.models import OrganisationStructure, OrgUnit
from institutions.anjab.models import Abk, Position, Task


def make_structure(opd, *, valid_from=datetime.date(2024, 1, 1)):
    existing = OrganisationStructure.objects.filter(opd=opd, valid_from=valid_from).first()
    if existing is not None:
        return existing, {u.name: u for u in existing.units.all()}
    structure = OrganisationStructure.objects.create(opd=opd, valid_from=valid_from)
    root = OrgUnit.objects.create(structure=structure, name=opd.name, kind=OrgUnit.Kind.AGENCY, level="II.a", order=0)
    sekretariat = OrgUnit.objects.create(structure=structure, parent=root, name="Sekretariat", kind=OrgUnit.Kind.SECRETARIAT, level="III.a", order=1)
    bidang = OrgUnit.objects.create(structure=structure, parent=root, name="Bidang Pelayanan", kind=OrgUnit.Kind.BIDANG, level="III.b", order=2)
    return structure, {"root": root, "sekretariat": sekretariat, "bidang": bidang}


def make_abk(opd, year=2025, *, status=Abk.Status.DRAFT, structure=None):
    if structure is None:
        structure, _units = make_structure(opd)
    return Abk.objects.create(opd=opd, year=year, structure=structure, status=status)


def add_position(abk, unit, code, *, kind="pelaksana", in_post=1, grade=7, tasks=(), level="", name=None):
    position = Position.objects.create(
        abk=abk, unit=unit, code=code, kind=kind, functional_level=level, name=name or f"Jabatan {code}", grade=grade,
        in_post=in_post, order=Position.objects.filter(abk=abk).count() + 1,
    )
    for order, (volume, period, norm) in enumerate(tasks, 1):
        Task.objects.create(position=position, order=order, description=f"Tugas {order} {code}", output="Dokumen",
                            output_unit="dokumen", volume=Decimal(str(volume)), period=period, time_norm=Decimal(str(norm)))
    return position


def make_hand_agency(opd, year=2025):
    """The hand-computed agency of test_workload.py (figures worked out in its docstring)."""
    abk = make_abk(opd, year)
    units = {u.name: u for u in abk.structure.units.all()}
    add_position(abk, units["Sekretariat"], "A", in_post=2, tasks=[(20, "day", 15), (10, "week", 60), (4, "month", 240), (12, "year", 300)])
    add_position(abk, units["Bidang Pelayanan"], "B", kind="fungsional", level="ahli_muda", grade=9, in_post=1,
                 tasks=[(3, "week", 120), (2, "month", 90)])
    add_position(abk, units["Bidang Pelayanan"], "C", kind="pengawas", grade=8, in_post=0, tasks=[(1, "day", "337.5")])
    add_position(abk, units[opd.name], "D", kind="administrator", grade=11, in_post=1, tasks=[(2, "day", 150), (1, "year", 3750)])
    return abk
