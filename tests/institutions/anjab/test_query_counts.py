"""The Anjab/ABK pages about one ABK or one position cost the same with few and many positions."""

import pytest
from django.urls import reverse

from tests.actionplans.query_counts import assert_num_queries, measure

from .helpers import add_position, make_hand_agency

pytestmark = pytest.mark.django_db


def grow(abk, n, start):
    """n more positions in each of the agency's units, each with two tasks."""
    for unit in abk.structure.units.all():
        for i in range(start, start + n):
            add_position(abk, unit, f"{unit.pk}-{i}", tasks=[(5, "week", 60), (2, "month", 120)])


PAGES = [  # (page, its arguments, queries)
    ("institutions:abk_detail", lambda abk: [abk.pk], 7),
    ("institutions:abk_job_map", lambda abk: [abk.pk], 7),
    ("institutions:abk_opd", lambda abk: [abk.opd_id], 6),
    ("institutions:abk_position", lambda abk: [abk.positions.order_by("pk").first().pk], 6),
]


@pytest.mark.parametrize("name, args, expected", PAGES, ids=[page[0] for page in PAGES])
def test_the_page_costs_the_same_with_few_and_many_positions(cast, login, name, args, expected):
    abk = make_hand_agency(cast.kominfo)
    grow(abk, 2, 0)
    client = login(cast.biro)
    url = reverse(name, args=args(abk))
    few_response, few = measure(client, url)
    grow(abk, 20, 2)
    many_response, many = measure(client, url)
    assert few_response.status_code == many_response.status_code == 200
    assert_num_queries(few, expected, f"{name} with few positions")
    assert_num_queries(many, expected, f"{name} with many positions")
