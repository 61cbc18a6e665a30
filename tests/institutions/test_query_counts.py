"""The registers cost the same number of queries with few and many rows (no N+1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from institutions.models import Mismatch, PostConversion, Regulation, StrategicIssue

from tests.actionplans.query_counts import assert_num_queries, measure

from .helpers import make_structure

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


@pytest.mark.parametrize("name, args, expected", [
    # session, user, membership, pemda, baseline, count, conversions (+opd), mismatches (+opd),
    # active OPDs (form choices)
    ("institutions:simplification", lambda c: ["62.71"], 9),
    # session, user, membership, pemda, regulations (+follows), their overdue meeting follow-ups,
    # model choices
    ("institutions:regulations", lambda c: ["62.71"], 7),
    # session, user, membership, pemda, issues
    ("institutions:issues", lambda c: ["62.71"], 5),
    # session, user, membership, opd, structures, units, scores, conversions (+opd), mismatches (+opd)
    ("institutions:opd", lambda c: [c.pky_dinkes.pk], 9),
])
def test_query_count_is_flat(cast, login, name, args, expected):
    make_structure(cast.pky_dinkes)
    client = login(cast.bagian)
    url = reverse(name, args=args(cast))
    add_rows(cast, 3, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_rows(cast, 30, 3)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many) == expected, [q["sql"][:90] for q in many.captured_queries]


def grow(cast, structure, n, start):
    """n more of everything the pages about one object could list: regulations following the same
    model, conversions and mismatches, issues, units of the structure, and the Pemda's agencies
    with their workload scores."""
    from tests.cast import make_opd

    from institutions.models import OrgUnit

    add_rows(cast, n, start)
    model = Regulation.objects.filter(is_model=True).order_by("pk").first()
    for i in range(start, start + n):
        Regulation.objects.create(pemda=cast.palangkaraya, kind="work_system", subject=f"Ikut {i}", follows=model)
        OrgUnit.objects.create(structure=structure, name=f"Seksi {i}", kind="seksi", level="IV.a", order=10 + i,
                               parent=structure.units.get(kind="agency"))
        make_opd(cast.palangkaraya, f"UPT-{i:03d}", f"UPT {i:03d}")


ONE_OBJECT_PAGES = [  # (page, its arguments, who looks, queries)
    ("institutions:pemda", lambda c, s: ["62.71"], "bagian", 7),
    ("institutions:workload", lambda c, s: ["62.71", 2025], "bagian", 7),
    ("institutions:structure", lambda c, s: [s.pk], "bagian", 6),
    ("institutions:mismatch", lambda c, s: [Mismatch.objects.order_by("pk").first().pk], "bagian", 4),
    ("institutions:regulation", lambda c, s: [Regulation.objects.filter(follows__isnull=False).order_by("pk").first().pk],
     "bagian", 5),
    # the province's model regulation and which regencies adopted it: the Biro's page
    ("institutions:regulation_matrix", lambda c, s: [Regulation.objects.filter(is_model=True).order_by("pk").first().pk],
     "biro", 6),
    ("institutions:issue", lambda c, s: [StrategicIssue.objects.order_by("pk").first().pk], "bagian", 6),
]


@pytest.mark.parametrize("name, args, role, expected", ONE_OBJECT_PAGES, ids=[page[0] for page in ONE_OBJECT_PAGES])
def test_pages_about_one_object_cost_the_same_with_few_and_many_rows(cast, login, name, args, role, expected):
    from .helpers import make_workload

    structure = make_structure(cast.pky_dinkes)
    grow(cast, structure, 3, 0)
    make_workload(cast.palangkaraya, {cast.pky_dinkes: 500}, by=cast.bagian)
    client = login(getattr(cast, role))
    url = reverse(name, args=args(cast, structure))
    few_response, few = measure(client, url)
    grow(cast, structure, 30, 3)
    many_response, many = measure(client, url)
    assert few_response.status_code == many_response.status_code == 200
    assert_num_queries(few, expected, f"{name} with few rows")
    assert_num_queries(many, expected, f"{name} with many rows")
