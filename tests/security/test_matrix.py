"""Authorization matrix: every page and every API operation, as every role, on objects in and
out of scope. The declared table lives in tests/security/matrix/<app>.py (see its __init__).

- test_every_route_has_an_entry / test_every_api_operation_has_an_entry: a new URL pattern or
  endpoint without a declared expectation fails the suite.
- test_matrix[<entry>]: 0 wrong allows, 0 wrong denies, 0 server errors; API lists return
  exactly the in-scope rows; every response carries the security headers.
- test_unsafe_forms_need_csrf: every declared POST page refuses a request without the token.
"""

import json

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver

from .kept_world import world_kept_for_the_module
from .matrix import ROLES, Rule, modules
from .signed_in import SignedIn

LOGIN_URL = "/accounts/login/"


# --- the declared table --------------------------------------------------------------------


def all_entries():
    return [entry for module in modules() for entry in getattr(module, "ENTRIES", [])]


def all_pending():
    return [p for module in modules() for p in getattr(module, "PENDING", [])]


def all_excluded():
    return [e for module in modules() for e in getattr(module, "EXCLUDED", [])]


def declared(api):
    """key -> set of methods, over entries and pending items."""
    table = {}
    for entry in all_entries():
        if entry.api == api or (not api and not entry.key.startswith("/")):
            table.setdefault(entry.key, set()).update(entry.methods)
    for item in all_pending():
        if item.api == api:
            table.setdefault(item.key, set()).update(item.methods)
    return table


# --- what exists ---------------------------------------------------------------------------


def url_routes():
    """(route, key) of every URL pattern; key is the namespaced name (or the route if unnamed)."""

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            else:
                name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
                yield prefix + str(pattern.pattern), name or prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


def api_operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, method.upper())
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_route_has_an_entry():
    excluded = tuple(e.prefix for e in all_excluded())
    table = declared(api=False) | {k: v for k, v in declared(api=True).items() if not k.startswith("/")}
    missing = sorted(
        f"{route}  ({key})"
        for route, key in url_routes()
        if not route.startswith(excluded) and not route.startswith("api/v1/") and key not in table
    )
    assert not missing, "pages without an entry in tests/security/matrix/<app>.py:\n" + "\n".join(missing)


def test_every_api_operation_has_an_entry():
    table = declared(api=True)
    missing = sorted(f"{method} {path}" for path, method in api_operations() if method not in table.get(path, ()))
    assert not missing, "API operations without an entry in tests/security/matrix/<app>.py:\n" + "\n".join(missing)


def test_no_entry_points_at_nothing():
    routes = {key for _route, key in url_routes()}
    paths = {path for path, _method in api_operations()}
    stale = sorted(k for k in declared(api=False) if k not in routes)
    stale += sorted(k for k in declared(api=True) if k.startswith("/") and k not in paths)
    assert not stale, f"entries for routes that no longer exist: {stale}"


# --- exercising it -------------------------------------------------------------------------


STAND_IN_PDF = b"%PDF-1.4\n% the authorization matrix's stand-in: permissions only, no layout\n%%EOF\n"


@pytest.fixture(scope="module")
def cheap_pdfs():
    """PDF views answer without WeasyPrint's layout (seconds per document): the matrix checks who
    gets an answer, not the document. The template is still rendered and parsed, so a broken
    one still fails here; the PDFs themselves are tested in tests/meetings and tests/reports."""
    from weasyprint import HTML

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HTML, "write_pdf", lambda self, *args, **kwargs: STAND_IN_PDF)
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory, cheap_pdfs):
    """Built once for the module's tests (tests/security/kept_world.py): every request of a test
    runs in a transaction rolled back after it, so each test sees the world as it was built."""
    with world_kept_for_the_module(django_db_blocker, tmp_path_factory.mktemp("matrix-media")) as world:
        yield world


@pytest.fixture(scope="module")
def signed_in(world):
    """Every role signed in once for the module's tests (tests/security/signed_in.py)."""
    return SignedIn(world.cast)


def clients_for(cast):
    clients = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(getattr(cast, role))  # a deactivated user keeps a stale session
        clients[role] = client
    return clients


def send(client, entry, method, url, body):
    if entry.api:
        payload = json.dumps(body) if body is not None else ""
        accept = {"HTTP_ACCEPT": "application/json"} if entry.key.startswith("/") else {}
        return client.generic(method, url, payload, content_type="application/json", **accept)
    if method == "GET":
        return client.get(url)
    return client.generic(method, url, _form(body or {}), content_type="application/x-www-form-urlencoded")


def _form(data):
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(LOGIN_URL + "?next=")


def header_problems(role, response):
    problems = []
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if response.get("Content-Type", "").startswith("text/html") and "Content-Security-Policy" not in response:
        problems.append("no CSP")
    if role not in ("anonymous", "deactivated") and "no-store" not in response.get("Cache-Control", ""):
        problems.append("cacheable")
    return problems


def visible(world, user, obj):
    if obj is None:
        return True
    if user is None or not user.is_active:
        return False
    return world.sees(user, obj)


def list_rows(client, url, first_page=None):
    """Every row of a paginated API list; `first_page`: the response already received for `url`."""
    rows, page = [], 0
    while url and page < 30:
        response = first_page if page == 0 and first_page is not None else client.get(url, HTTP_ACCEPT="application/json")
        body = response.json()
        rows += body["results"] if isinstance(body, dict) and "results" in body else body
        url = body.get("next") if isinstance(body, dict) else None
        page += 1
    return rows


def check_list(client, entry, user, url, response):
    model = apps.get_model(entry.list_model)
    first_page = response if response.get("Content-Type", "").startswith("application/json") else None
    rows = list_rows(client, url, first_page)
    qs = model.objects.visible_to(user)
    if not rows or "id" in rows[0]:
        got, want = {r["id"] for r in rows}, set(qs.values_list("pk", flat=True))
    else:
        got, want = {r["code"] for r in rows}, set(qs.values_list("code", flat=True))
    return None if got == want else f"list returned {len(got)} rows, scope has {len(want)} (extra {sorted(got - want)[:5]}, missing {sorted(want - got)[:5]})"


def exercise(entry, world, clients):
    problems = []
    cast = world.cast
    for target_name in entry.targets:
        target = world.targets[target_name] if target_name else None
        url = entry.url_for(world, target)
        obj = entry.obj(target) if entry.obj else None
        for method, rule in entry.methods.items():
            body = entry.data(world, target, method) if entry.data else None
            for role in ROLES:
                user = getattr(cast, role, None) if role != "anonymous" else None
                allowed = rule.allows(role, user, target_name, obj, world.sees)
                with transaction.atomic():
                    response = send(clients[role], entry, method, url, body)
                    transaction.set_rollback(True)
                status = response.status_code
                where = f"{method} {url} as {role} [{target_name}]"
                if status >= 500:
                    problems.append(f"SERVER ERROR {status}: {where}")
                    continue
                if allowed:
                    if status in (401, 403, 404, 405) or is_login_redirect(response) and role != "anonymous":
                        problems.append(f"WRONG DENY {status}: {where}")
                    elif entry.strict and status >= 400:
                        problems.append(f"WRONG DENY {status} (strict): {where}: {response.content[:200]!r}")
                    elif entry.list_model and method == "GET":
                        mismatch = check_list(clients[role], entry, user, url, response)
                        if mismatch:
                            problems.append(f"WRONG LIST: {where}: {mismatch}")
                else:
                    if role in ("anonymous", "deactivated"):
                        ok = status in (401, 403) if entry.api else is_login_redirect(response)
                        expected = "401/403" if entry.api else "login redirect"
                    else:
                        code = 404 if not visible(world, user, obj) else 403
                        ok = status == code or (entry.strict and status == 400)
                        # Read-only roles are refused every API write up front (403 for any id:
                        # nothing about the object leaks), before the lookup that would say 404.
                        ok = ok or (entry.api and method != "GET" and status == 403 and user.scope.is_read_only)
                        expected = str(code)
                    if not ok:
                        problems.append(f"WRONG ALLOW {status} (expected {expected}): {where}")
                problems += [f"HEADERS {p}: {where}" for p in header_problems(role, response)]
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("entry", all_entries(), ids=lambda e: f"{'/'.join(e.methods)} {e.key}")
def test_matrix(entry, world, signed_in):
    problems = exercise(entry, world, signed_in.clients())
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def test_pending_entries_are_listed():
    """Pending endpoints are known and reported, not silently skipped (see the final report)."""
    for item in all_pending():
        assert item.reason, f"pending without a reason: {item.key}"


# --- CSRF ------------------------------------------------------------------------------------


def csrf_cases():
    cases = []
    for entry in all_entries():
        for method, rule in entry.methods.items():
            if method != "GET":
                cases.append((entry, method, rule))
    return cases


def csrf_case_id(value):
    # the same in every process (pytest-xdist workers must collect the same ids): a Rule's
    # frozenset prints in a per-process hash order, so it is named by its kind
    if isinstance(value, Rule):
        return value.kind
    return getattr(value, "key", str(value))[:60]


@pytest.mark.django_db
@pytest.mark.parametrize("entry, method, rule", csrf_cases(), ids=csrf_case_id)
def test_unsafe_requests_need_csrf(entry, method, rule, world, signed_in):
    """Every unsafe page and session-authenticated API call without a CSRF token answers 403."""
    cast = world.cast
    for target_name in entry.targets:
        target = world.targets[target_name] if target_name else None
        url = entry.url_for(world, target)
        obj = entry.obj(target) if entry.obj else None
        role = next((r for r in ROLES if r != "deactivated" and rule.allows(r, getattr(cast, r, None), target_name, obj, world.sees)), None)
        if role is None:
            continue
        client = signed_in.clients(enforce_csrf_checks=True)[role]
        body = entry.data(world, target, method) if entry.data else None
        with transaction.atomic():
            response = send(client, entry, method, url, body)
            transaction.set_rollback(True)
        assert response.status_code == 403, f"{method} {url} as {role} without CSRF token: {response.status_code}"
        if not entry.api:
            assert "CSRF" in response.text or "csrf" in response.text.lower()
