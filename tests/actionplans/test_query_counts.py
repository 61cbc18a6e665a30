"""Query counts of the province's pages, an agency's forms and the national export page stay
constant as agencies, plans, reference data and requests grow."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from actionplans import services
from actionplans.blank import build_blank
from actionplans.models import ActionPlan, ImportLog, NationalExport, ReportingWindow, WindowReopening
from agencies.models import Opd

from ..cast import make_cast
from ..module_data import kept_for_the_module
from ..query_counts import assert_flat, measure_at_two_sizes
from .blank_helpers import ROW, as_upload, fill
from .factories import make_kegiatan_utama, make_plans, make_sasaran_tematik

pytestmark = pytest.mark.django_db

# Every page starts with: session, user (+ membership: the scope).
PAGES = {  # (page, who looks): queries
    # + pemda, OPDs, the stored roll-ups per OPD×theme×quarter (plan and status counts: one query
    #   since they are stored, two when they were counted from plans and reports), themes,
    #   pemda choices for the filter
    ("actionplans:matrix", "biro"): 7,
    # + pemda, roll-up total, target, OPD reporting, roll-up per OPD, per theme, regencies,
    #   regency roll-up, regency reporting, pemda choices, + the roll-up against the annual target
    #   (the same number since the roll-ups and the reporting counts are read from the stored
    #   AchievementRollup rows: each sum over stored rows replaced one over plans and reports)
    ("actionplans:targets", "biro"): 14,
    # + default period, one page of submitted reports (plan, OPD, Pemda, theme, submitter joined),
    #   evidence counted for that page, count under the filters, count over every period (both
    #   bounded), OPD and Pemda choices
    ("actionplans:queue", "biro"): 9,
    # + pemda, OPDs with report counts, pemda choices,
    # + timeliness: the province's window, the national deadline, plans counted, first submissions
    ("actionplans:not_reported", "biro"): 9,
    # + OPD, plans with theme, reports with evidence counts, import logs
    ("actionplans:opd", "biro"): 6,
    # + OPD (Pemda, province, regency joined), whether the year has themes, the themes, kegiatan
    #   utama and sasaran tematik offered
    ("actionplans:create", "biro"): 7,
    # + plan (OPD, Pemda, theme joined), the same three choice lists
    ("actionplans:edit", "biro"): 6,
    # + OPD, whether the year has themes, the themes, kegiatan utama and sasaran tematik of the
    #   lists sheet, the agency's plans (theme, kegiatan utama, sasaran tematik joined)
    ("actionplans:blank", "biro"): 8,
    # + the import (OPD, Pemda, uploader joined), the themes its rows name (one query for all rows)
    ("actionplans:import", "biro"): 4,
    # + pemda, the windows, the reopenings (OPD, window, by joined), the windows and the agencies
    #   offered by the reopen form
    ("actionplans:windows", "biro"): 7,
    # + pemda, the province's target for the year (quarter, minimum), its stored row for the basis
    ("actionplans:target_edit", "biro"): 5,
    # + pemda; per sheet (kegiatan utama, sasaran tematik): plans counted, the reference rows, the
    #   plans, their reports; the evidence counted; the reports of the TW sheet
    ("actionplans:export", "biro"): 13,
    # + pemda, pemda choices, its kegiatan utama (plans counted)
    ("actionplans:kegiatan_utama", "biro"): 5,
    # + pemda, pemda choices, its sasaran tematik (theme joined, plans counted), the themes offered
    ("actionplans:sasaran_tematik", "biro"): 6,
    # + the observer's latest ten exports, the default period
    ("actionplans:national_export", "observer"): 4,
    # + the export
    ("actionplans:national_export_status", "observer"): 3,
}

# the windows page's year: 2025 has no window, so "not reported" reads the national deadline
WINDOWS_YEAR = 2026

REDIRECTS = {  # (page, who looks): queries of a page that sends each role to its own page
    # nothing beyond the scope: a Biro goes to the targets page
    ("actionplans:index", "biro"): 2,
    # an OPD admin goes to their agency's plans
    ("actionplans:mine", "opd_admin"): 2,
}


def _urls(cast, plan, log, export):
    q = f"?pemda={cast.kalteng.pk}&tahun=2025&tw=3"
    return {
        "actionplans:matrix": reverse("actionplans:matrix") + q,
        "actionplans:targets": reverse("actionplans:targets") + q,
        "actionplans:queue": reverse("actionplans:queue"),
        "actionplans:not_reported": reverse("actionplans:not_reported") + q,
        "actionplans:opd": reverse("actionplans:opd", args=[cast.dinkes.pk]) + "?tahun=2025&tw=3",
        "actionplans:create": reverse("actionplans:create", args=[cast.dinkes.pk]) + "?tahun=2025",
        "actionplans:edit": reverse("actionplans:edit", args=[plan.pk]),
        "actionplans:blank": reverse("actionplans:blank", args=[cast.dinkes.pk]) + "?tahun=2025",
        "actionplans:import": reverse("actionplans:import", args=[log.pk]),
        "actionplans:windows": reverse("actionplans:windows") + f"?pemda={cast.kalteng.pk}&tahun={WINDOWS_YEAR}",
        "actionplans:target_edit": reverse("actionplans:target_edit") + q,
        "actionplans:export": reverse("actionplans:export") + q,
        "actionplans:kegiatan_utama": reverse("actionplans:kegiatan_utama") + q,
        "actionplans:sasaran_tematik": reverse("actionplans:sasaran_tematik") + q,
        "actionplans:national_export": reverse("actionplans:national_export"),
        "actionplans:national_export_status": reverse("actionplans:national_export_status", args=[export.pk]),
        "actionplans:index": reverse("actionplans:index"),
        "actionplans:mine": reverse("actionplans:mine"),
    }


def _grow(cast, log, opds, plans, start):
    for i in range(start, start + opds):
        opd = Opd.objects.create(pemda=cast.kalteng, code=f"X{i}", name=f"Dinas X{i}", kind="dinas")
        make_plans(opd, plans)
        make_kegiatan_utama(cast.kalteng, f"KU-X{i}")
        make_sasaran_tematik(cast.kalteng, f"ST-X{i}")
        window = ReportingWindow.objects.get(province=cast.kalteng.province, year=WINDOWS_YEAR, quarter=1 + i % 4)
        WindowReopening.objects.create(window=window, opd=opd, until=datetime.date(2025, 12, 31), reason="Uji",
                                       by=cast.biro)
        NationalExport.objects.create(year=2025, requested_by=cast.observer)
    make_plans(cast.dinkes, plans, prefix=f"RB{start}")
    rows = log.rows[:1] * (len(log.rows) + opds)
    ImportLog.objects.filter(pk=log.pk).update(rows=[{**row, "code": f"RA-{n:02d}"} for n, row in enumerate(rows)])


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{(page, who): [(response, queries) with two plans and one of everything else, (response,
    queries) with 8 more OPDs of 5 plans and 8 more of everything else]}, each page measured
    (after a warm-up) by its own client."""
    with kept_for_the_module(django_db_blocker):
        cast = make_cast()
        plan = make_plans(cast.dinkes, 2)[0]
        make_kegiatan_utama(cast.kalteng)
        for quarter in (1, 2, 3, 4):
            ReportingWindow.objects.create(province=cast.kalteng.province, year=WINDOWS_YEAR, quarter=quarter,
                                           opens_on=datetime.date(WINDOWS_YEAR, 3 * quarter, 1),
                                           closes_on=datetime.date(WINDOWS_YEAR, 3 * quarter, 20))
        blank = fill(build_blank(cast.dinkes, 2025), [ROW, {**ROW, "code": "RA-02"}])
        log = services.preview_blank(as_upload(blank), opd=cast.dinkes, year=2025, by=cast.opd_admin).log
        export = NationalExport.objects.create(year=2025, requested_by=cast.observer)
        urls = _urls(cast, plan, log, export)
        clients = {}
        for page, role in [*PAGES, *REDIRECTS]:
            client = Client()
            client.force_login(getattr(cast, role))
            clients[page, role] = (client, urls[page])
        _grow(cast, log, 1, 1, 0)
        yield measure_at_two_sizes(clients, lambda: _grow(cast, ImportLog.objects.get(pk=log.pk), 8, 5, 1))


@pytest.mark.parametrize("page, role", PAGES)
def test_query_count_is_flat(measured, page, role):
    assert_flat(measured[page, role], PAGES[page, role], f"{page} as {role}")
    response = measured[page, role][1][0]
    if page == "actionplans:queue":
        assert len(response.context["reports"]) == 2 + 1 + 1 + 8 * 5 + 5
    if page == "actionplans:matrix":
        assert len(response.context["matrix"]["rows"]) == 4 + 1 + 8


@pytest.mark.parametrize("page, role", REDIRECTS)
def test_query_count_of_a_redirect(measured, page, role):
    assert_flat(measured[page, role], REDIRECTS[page, role], f"{page} as {role}", status=302)


def test_the_plan_count_grew(measured):
    assert ActionPlan.objects.count() > 40
