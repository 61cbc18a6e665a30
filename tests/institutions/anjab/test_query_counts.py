"""The Anjab/ABK pages cost the same with few and many positions (and ABKs in the overview)."""

import pytest
from django.test import Client
from django.urls import reverse

from institutions.anjab import services
from institutions.anjab.blank import build_blank
from institutions.anjab.models import JobMapDocument

from ...actionplans.blank_helpers import as_upload
from ...cast import make_cast, make_opd
from ...module_data import kept_for_the_module
from ...query_counts import assert_flat, measure_at_two_sizes
from .helpers import add_position, make_abk, make_hand_agency

pytestmark = pytest.mark.django_db


def grow(abk, n, start):
    """n more positions in each of the agency's units, each with two tasks, and n more agencies of
    the province with an ABK of the same year (the overview's rows)."""
    for unit in abk.structure.units.all():
        for i in range(start, start + n):
            add_position(abk, unit, f"{unit.pk}-{i}", tasks=[(5, "week", 60), (2, "month", 120)])
    for i in range(start, start + n):
        make_abk(make_opd(abk.opd.pemda, f"ABK-{i}", f"Dinas ABK {i}"))


# session, user (+ membership), then the view's own queries
PAGES = {  # page: queries, for the Biro
    "institutions:abk_detail": 6,
    "institutions:abk_job_map": 6,
    "institutions:abk_opd": 5,
    "institutions:abk_position": 5,
    # the province's ABKs of the year: + the agencies, their ABKs (OPD, Pemda joined), the
    #   positions and tasks summed per ABK, and on the page the Pemda offered
    "institutions:abk_overview": 6,
    "institutions:abk_overview_export": 5,
    # + the ABK (OPD, Pemda, structure joined), its positions (+ unit), their tasks
    "institutions:abk_blank": 5,
    # + the import (ABK, OPD, Pemda, uploader joined), the ABK's units the stored blank is read
    #   against, the province (its time zone)
    "institutions:abk_import": 5,
    # + the ABK (OPD, Pemda, structure joined), the units offered; to change a position, + the
    #   position and its tasks in the formset
    "institutions:abk_position_add": 4,
    "institutions:abk_position_edit": 6,
    # + the job map request (ABK, OPD, Pemda joined), not ready yet: its pending page
    "institutions:abk_job_map_pdf": 3,
}


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{page: [(response, queries) with 2 more positions per unit, (response, queries) with 20 more]}."""
    with kept_for_the_module(django_db_blocker):
        cast = make_cast()
        abk = make_hand_agency(cast.kominfo)
        grow(abk, 2, 0)
        position = abk.positions.order_by("pk").first()
        log = services.preview_blank(as_upload(build_blank(abk), "blanko-abk.xlsx"), abk=abk, by=cast.biro).log
        document = JobMapDocument.objects.create(abk=abk, requested_by=cast.biro)
        args = {
            "institutions:abk_detail": [abk.pk],
            "institutions:abk_job_map": [abk.pk],
            "institutions:abk_opd": [abk.opd_id],
            "institutions:abk_position": [position.pk],
            "institutions:abk_overview": [],
            "institutions:abk_overview_export": [],
            "institutions:abk_blank": [abk.pk],
            "institutions:abk_import": [log.pk],
            "institutions:abk_position_add": [abk.pk],
            "institutions:abk_position_edit": [abk.pk, position.pk],
            "institutions:abk_job_map_pdf": [document.pk],
        }
        pages = {}
        for page in PAGES:
            client = Client()
            client.force_login(cast.biro)
            pages[page] = (client, reverse(page, args=args[page]))
        yield measure_at_two_sizes(pages, lambda: grow(abk, 20, 2))


@pytest.mark.parametrize("page", PAGES)
def test_the_page_costs_the_same_with_few_and_many_positions(measured, page):
    assert_flat(measured[page], PAGES[page], page)
