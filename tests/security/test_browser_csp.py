"""In a real browser: the pages work under the Content Security Policy (no violation logged),
the audit trail shows on an OPD page, and the lock-out page explains itself."""

import pytest
from rest_framework.test import APIClient

from tests.fixtures.browser import save_screenshot

pytestmark = pytest.mark.browser

PAGES = ["/", "/wilayah/", "/opd/", "/rencana-aksi/matriks/", "/evaluasi/", "/rapat/", "/laporan/", "/api/docs/"]


def test_pages_run_under_the_csp_without_violations(page, live_cast, browser_login, live_server, console_errors):
    browser_login(live_cast.biro)
    problems = []
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        problems += [f"{path}: {error}" for error in console_errors]
        console_errors.clear()
    save_screenshot(page, "security-api-docs")
    assert not problems, problems


def test_the_opd_page_shows_the_audit_trail(page, live_cast, browser_login, live_server):
    api = APIClient(REMOTE_ADDR="10.62.1.15")
    api.force_authenticate(live_cast.biro)
    api.patch(f"/api/v1/opds/{live_cast.dinkes.pk}/", {"head_name": "dr. Suyuti Syamsul, MPPM"}, format="json")
    browser_login(live_cast.biro)
    page.goto(f"{live_server.url}/opd/{live_cast.dinkes.pk}/")
    history = page.locator("[data-testid=history]")
    assert "10.62.1.15" in history.inner_text() and "dr. Suyuti Syamsul, MPPM" in history.inner_text()
    save_screenshot(page, "security-opd-history")


def test_the_lock_out_page(page, live_cast, live_server, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", live_cast.biro.username)
        page.fill("#id_password", "salah-sekali")
        page.click("main form button[type=submit]")
    assert page.locator("[data-testid=locked-out]").is_visible()
    save_screenshot(page, "security-locked-out")


ADMIN_PAGES = ["/admin/", "/admin/agencies/opd/", f"/admin/agencies/opd/{{opd}}/change/", "/admin/agencies/user/"]


def test_the_admin_runs_under_the_csp_without_violations(page, live_cast, browser_login, live_server, console_errors):
    browser_login(live_cast.superuser)
    problems = []
    for path in ADMIN_PAGES:
        page.goto(f"{live_server.url}{path.format(opd=live_cast.dinkes.pk)}")
        page.wait_for_load_state("networkidle")
        # Only policy violations count here (the admin has no favicon: a harmless 404).
        problems += [f"{path}: {error}" for error in console_errors if "Content Security Policy" in error]
        console_errors.clear()
    save_screenshot(page, "security-admin")
    assert not problems, problems
