"""The Kelembagaan pages cost the same number of queries with few and many rows (no N+1)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from institutions.models import Mismatch, OrgUnit, PostConversion, Regulation, StrategicIssue

from ..cast import make_cast, make_opd
from ..module_data import kept_for_the_module
from ..query_counts import assert_flat, measure_at_two_sizes
from .helpers import make_structure, make_workload

pytestmark = pytest.mark.django_db


def add_rows(cast, n, start):
    from meetings import services as meeting_services
    from tests.meetings.helpers import make_meeting

    model = Regulation.objects.create(pemda=cast.kalteng, kind="work_system", subject=f"Model {start}", is_model=True)
    meeting = make_meeting(cast.palangkaraya, title=f"Rakor {start}")
    for i in range(start, start + n):
        conversion = PostConversion.objects.create(
            opd=cast.pky_dinkes, former_post=f"Kasi {i}", former_level="pengawas", functional_position="JF",
            person_name="P", converted_on=datetime.date(2022, 1, 1), decree_number=str(i))
        Mismatch.objects.create(opd=cast.pky_dinkes, conversion=conversion, post=f"JF {i}", kind="duties",
                                description="d")
        regulation = Regulation.objects.create(pemda=cast.palangkaraya, kind="other", subject=f"R{i}", follows=model)
        meeting_services.add_follow_up(meeting, by=None, title=f"Susun R{i}", opd=cast.pky_dinkes,
                                       due_date=datetime.date(2025, 2, 1), regulation=regulation)  # overdue
        StrategicIssue.objects.create(pemda=cast.palangkaraya, category="staffing", title=f"Isu {i}", raised_by="B",
                                      raised_on=datetime.date(2025, 1, 1))


def grow(cast, structure, n, start):
    """n more of everything the pages could list: the registers' rows, regulations following the
    same model, units of the structure, and the Pemda's agencies."""
    add_rows(cast, n, start)
    model = Regulation.objects.filter(is_model=True).order_by("pk").first()
    for i in range(start, start + n):
        Regulation.objects.create(pemda=cast.palangkaraya, kind="work_system", subject=f"Ikut {i}", follows=model)
        OrgUnit.objects.create(structure=structure, name=f"Seksi {i}", kind="seksi", level="IV.a", order=10 + i,
                               parent=structure.units.get(kind="agency"))
        make_opd(cast.palangkaraya, f"UPT-{i:03d}", f"UPT {i:03d}")


# session, user (+ membership), then the view's own queries
PAGES = {  # (page, who looks): queries
    # + pemda, baseline, count, conversions (+opd), mismatches (+opd), active OPDs (form choices)
    ("institutions:simplification", "bagian"): 8,
    # + pemda, regulations (+follows), their overdue meeting follow-ups, model choices
    ("institutions:regulations", "bagian"): 6,
    # + pemda, issues
    ("institutions:issues", "bagian"): 4,
    # + opd, structures, units, scores, conversions (+opd), mismatches (+opd)
    ("institutions:opd", "bagian"): 8,
    ("institutions:pemda", "bagian"): 6,
    ("institutions:workload", "bagian"): 6,
    ("institutions:structure", "bagian"): 5,
    ("institutions:mismatch", "bagian"): 3,
    ("institutions:regulation", "bagian"): 4,
    # the province's model regulation and which regencies adopted it: the Biro's page
    ("institutions:regulation_matrix", "biro"): 5,
    ("institutions:issue", "bagian"): 5,
    # the province's table: + province, the Pemda rows and the agency rows (structures, workload,
    # mismatches, issues: subqueries of one query each), the regulations enacted, and on the page
    # the provinces offered
    ("institutions:index", "biro"): 7,
    ("institutions:index_export", "biro"): 6,
    # + pemda, its agencies, the year's mapping, its scores
    ("institutions:workload_xlsx", "bagian"): 6,
    # + pemda, its agencies (the upload form asks nothing more)
    ("institutions:workload_upload", "bagian"): 4,
    # + pemda, its agencies (+ Pemda: may the user raise one for each), the agencies and the
    #   conversions offered
    ("institutions:mismatch_create", "bagian"): 6,
    # + OPD (the form asks nothing more)
    ("institutions:structure_create", "bagian"): 3,
    # + the structure (OPD, Pemda joined)
    ("institutions:structure_edit", "bagian"): 3,
    # + the structure, its units for the chart
    ("institutions:structure_pdf", "bagian"): 4,
    # + the unit (structure, OPD, Pemda joined), the parent units offered
    ("institutions:unit_edit", "bagian"): 4,
}


def _args(cast, structure):
    first = lambda queryset: queryset.order_by("pk").first().pk  # noqa: E731
    return {
        "institutions:simplification": ["62.71"],
        "institutions:regulations": ["62.71"],
        "institutions:issues": ["62.71"],
        "institutions:opd": [cast.pky_dinkes.pk],
        "institutions:pemda": ["62.71"],
        "institutions:workload": ["62.71", 2025],
        "institutions:structure": [structure.pk],
        "institutions:mismatch": [first(Mismatch.objects)],
        "institutions:regulation": [first(Regulation.objects.filter(follows__isnull=False))],
        "institutions:regulation_matrix": [first(Regulation.objects.filter(is_model=True))],
        "institutions:issue": [first(StrategicIssue.objects)],
        "institutions:index": [],
        "institutions:index_export": [],
        "institutions:workload_xlsx": ["62.71", 2025],
        "institutions:workload_upload": ["62.71", 2025],
        "institutions:mismatch_create": ["62.71"],
        "institutions:structure_create": [cast.pky_dinkes.pk],
        "institutions:structure_edit": [structure.pk],
        "institutions:structure_pdf": [structure.pk],
        "institutions:unit_edit": [first(structure.units.filter(kind="bidang"))],
    }


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{(page, who): [(response, queries) with 3 rows of each kind, (response, queries) with 30 more]}."""
    with kept_for_the_module(django_db_blocker):
        cast = make_cast()
        structure = make_structure(cast.pky_dinkes)
        grow(cast, structure, 3, 0)
        make_workload(cast.palangkaraya, {cast.pky_dinkes: 500}, by=cast.bagian)
        args = _args(cast, structure)
        pages = {}
        for page, role in PAGES:
            client = Client()
            client.force_login(getattr(cast, role))
            pages[page, role] = (client, reverse(page, args=args[page]))
        yield measure_at_two_sizes(pages, lambda: grow(cast, structure, 30, 3))


@pytest.mark.parametrize("page, role", PAGES)
def test_query_count_is_flat(measured, page, role):
    assert_flat(measured[page, role], PAGES[page, role], f"{page} as {role}")
