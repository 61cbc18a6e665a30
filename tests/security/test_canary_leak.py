"""Content-level leak test: nothing of a place outside a user's scope appears anywhere they look.

The matrix objects (tests/security/matrix) carry unique canary tokens ("KNR0042") in their names,
titles, texts and labels; each token belongs to places (an OPD, a Pemda, a Pemda's own data, see
`plant_canaries` in tests/security/matrix/__init__.py). As every role, the test renders every GET
entry of the authorization matrix (so every page of the URL conf and every API read: a new page
without an entry fails test_matrix.py, and here), reads the text of what comes back (HTML, JSON
and CSV as text, every cell of an xlsx, the text of a PDF with pypdf) and fails when a token turns
up for a role whose scope, as tests/agencies/scope_table.py declares it, reaches none of its
places. The quarterly reports are generated for real, once per report (an OPD report prints the
same for everyone who may open it) and once per province pack, and read as every role that may
download them.

Cost (SQLite, 2-core machine): ~4,700 requests, of which ~60 render a WeasyPrint PDF (the meeting
minutes and org charts, per document and role) plus one real OPD report per OPD with plans and one
province pack per province. The world is built once for both tests (module scope), each distinct
PDF is laid out once and each distinct PDF or xlsx body parsed once. `pytest -n 0` of this file:
190 s wall, 122 s CPU at load 6-9 (page test 99 s, world and test database 81 s, reports 9 s).
"""

import hashlib
import io
import re

import pytest
from django.urls import reverse

from agencies.models import Opd, Pemda
from tests.agencies.scope_table import (
    PROVINCE_PACKS,
    VISIBLE,
    expected_opd_ids,
    expected_pemda_data_ids,
    expected_pemda_ids,
)

from .kept_world import world_kept_for_the_module
from .matrix import ROLES, Canaries, Organised
from .test_matrix import all_entries, clients_for, send, url_routes

pytestmark = pytest.mark.slow  # minutes of one core: first in the run (tests/conftest.py)

TOKEN = re.compile(Canaries.PREFIX + r"\d{4}")
# the matrix modules whose rows the quarterly reports print (names, plans, follow-ups, LHEs)
REPORT_SOURCES = {"core", "agencies", "actionplans", "evaluations", "meetings", "reports"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Reach:
    """Where a role may look, from the declared scope table (not from the code under test)."""

    def __init__(self, cast, role):
        known = role in VISIBLE
        self.opds = expected_opd_ids(cast, role) if known else set()
        self.pemdas = expected_pemda_ids(cast, role) if known else set()
        self.pemda_data = expected_pemda_data_ids(cast, role) if known else set()

    def sees(self, place):
        if isinstance(place, Opd):
            return place.pk in self.opds
        if isinstance(place, Pemda):
            return place.pk in self.pemdas
        if isinstance(place, Organised):
            return place.pemda.pk in self.pemda_data
        raise TypeError(place)


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def text_of(response):
    """The readable text of a response: PDF text, xlsx cells, or the decoded body."""
    body = body_of(response)
    content_type = response.get("Content-Type", "")
    if body.startswith(b"%PDF"):
        return _read_once(pdf_text, body)
    if content_type.startswith(XLSX) or body.startswith(b"PK\x03\x04"):
        return _read_once(xlsx_text, body)
    return body.decode("utf-8", errors="replace")


_READ = {}


def _read_once(read, body):
    """Many roles get the same export or PDF, byte for byte: it is parsed once (keyed by its hash)."""
    key = (read.__name__, hashlib.sha256(body).digest())
    if key not in _READ:
        _READ[key] = read(body)
    return _READ[key]


def pdf_text(body):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(body))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError):
        # The matrix's stand-in uploads ("%PDF-1.4 %%EOF") are not real documents; a real one must read.
        assert len(body) < 100, "a PDF the portal produced could not be read"
        return ""


def xlsx_text(body):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception:  # the matrix's stand-in uploads ("PK\x03\x04") are not workbooks
        assert len(body) < 100, "an xlsx the portal produced could not be read"
        return ""
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
        if value is not None
    )


class Findings:
    def __init__(self, cast, canaries):
        self.cast = cast
        self.canaries = canaries
        self.reach = {role: Reach(cast, role) for role in ROLES}
        self.leaks = []
        self.seen = set()
        self.checked = 0

    def check(self, role, where, text):
        self.checked += 1
        for token in set(TOKEN.findall(text)):
            places = self.canaries.places.get(token)
            if places is None:
                continue
            self.seen.add(token)
            if not any(self.reach[role].sees(place) for place in places):
                self.leaks.append(f"{token} ({', '.join(map(place_name, places))}) in {where} as {role}")

    def assert_clean(self, min_seen=0.9, planted_by=None):
        """`planted_by`: count only the tokens of these matrix modules towards `min_seen` (the
        quarterly reports print plans, follow-ups and LHEs, not an agency's units)."""
        planted = {t for t, module in self.canaries.planted_by.items() if planted_by is None or module in planted_by}
        unseen = sorted(planted - self.seen)
        # Proof that the test can fail: nearly every planted token shows somewhere to someone.
        assert len(planted & self.seen) >= min_seen * len(planted), f"tokens never rendered: {unseen}"
        assert not self.leaks, f"{len(self.leaks)} canaries out of scope:\n" + "\n".join(sorted(self.leaks)[:60])


def place_name(place):
    if isinstance(place, Organised):
        return f"data of {place.pemda.name}"
    return place.name


@pytest.fixture(scope="module")
def each_pdf_laid_out_once():
    """WeasyPrint lays out each distinct document once: a meeting's minutes are the same HTML for
    every role allowed to open them, so the same HTML with the same stylesheets gets the bytes of
    its first layout back. The view still runs and renders its template for every request; a
    document whose HTML differs in anything is laid out anew."""
    import weasyprint

    laid_out = {}

    class LaidOutOnce(weasyprint.HTML):
        def __init__(self, *args, string=None, base_url=None, **kwargs):
            super().__init__(*args, string=string, base_url=base_url, **kwargs)
            self.source = None if args or string is None else (string, base_url)

        def write_pdf(self, *args, stylesheets=None, **kwargs):
            if self.source is None or args or kwargs:
                return super().write_pdf(*args, stylesheets=stylesheets, **kwargs)
            key = (*self.source, tuple(stylesheets or ()))
            if key not in laid_out:
                laid_out[key] = super().write_pdf(stylesheets=stylesheets)
            return laid_out[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint, "HTML", LaidOutOnce)
        yield


@pytest.fixture(scope="module")
def canary_world(django_db_setup, django_db_blocker, tmp_path_factory, each_pdf_laid_out_once):
    """Built once for both tests (tests/security/kept_world.py); they only read it, and what the
    quarterly reports write is rolled back after that test."""
    canaries = Canaries()
    with world_kept_for_the_module(django_db_blocker, tmp_path_factory.mktemp("canary-media"),
                                   canaries=canaries) as world:
        yield world, canaries


def page_urls(world):
    """(entry, url) of every GET entry and target."""
    for entry in all_entries():
        if "GET" not in entry.methods:
            continue
        for target_name in entry.targets:
            yield entry, entry.url_for(world, world.targets[target_name] if target_name else None)
    for url in world.canary_pages:
        yield None, url


def test_every_page_is_rendered():
    """The pages rendered below are the matrix entries: a URL pattern without one fails here too."""
    from .test_matrix import all_excluded

    excluded = tuple(e.prefix for e in all_excluded())
    keys = {e.key for e in all_entries()}
    missing = sorted(key for route, key in url_routes() if not route.startswith((*excluded, "api/v1/")) and key not in keys)
    assert not missing, missing


@pytest.mark.django_db
def test_no_page_shows_a_canary_outside_the_scope(canary_world):
    world, canaries = canary_world
    findings = Findings(world.cast, canaries)
    clients = clients_for(world.cast)
    for entry, url in page_urls(world):
        for role in ROLES:
            response = send(clients[role], entry, "GET", url, None) if entry else clients[role].get(url)
            assert response.status_code < 500, f"GET {url} as {role}: {response.status_code}"
            if response.status_code == 200:
                findings.check(role, f"GET {url}", text_of(response))
    findings.assert_clean()


@pytest.mark.django_db
def test_no_quarterly_report_shows_a_canary_outside_the_scope(canary_world):
    """Real OPD reports and province packs, generated once each, read by every role allowed."""
    from reports import services
    from reports.models import Report

    world, canaries = canary_world
    cast = world.cast
    findings = Findings(cast, canaries)
    reports = []
    for opd in Opd.objects.filter(action_plans__isnull=False).distinct():
        report, _created = services.request_report(kind=Report.Kind.OPD, opd=opd, year=2025, quarter=2, by=None,
                                                   send=False)
        reports.append(services.generate_inline(report.pk))
    for pemda in Pemda.objects.filter(level=Pemda.Level.PROVINCE, opds__action_plans__isnull=False).distinct():
        report, _created = services.request_report(kind=Report.Kind.PROVINCE, pemda=pemda, year=2025, quarter=2,
                                                   by=None, send=False)
        reports.append(services.generate_inline(report.pk))
    clients = clients_for(cast)
    for role in ROLES:
        user = getattr(cast, role, None)
        for report in reports:
            assert report.is_done, report.failure_reason
            response = clients[role].get(reverse("reports:download", args=[report.pk]))
            if response.status_code == 200:
                findings.check(role, f"report {report}", text_of(response))
        if user is not None and role in VISIBLE:
            packs = set(services.requestable_pemdas(user).values_list("province__code", flat=True))
            want = PROVINCE_PACKS.get(role, set())
            if want == "all":
                want = set(Pemda.objects.filter(level=Pemda.Level.PROVINCE).values_list("province__code", flat=True))
            assert packs == want, f"{role} may request the packs of {sorted(packs)}, scope table says {sorted(want)}"
    findings.assert_clean(min_seen=0.3, planted_by=REPORT_SOURCES)
