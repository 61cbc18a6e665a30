"""API fuzzing: schemathesis generates requests from the OpenAPI schema (/api/schema/) and sends
them to the WSGI app as a signed-in Biro user (token auth). At least 2,000 requests, each answer
validated with every one of schemathesis' checks: 0 failures. Data: the named cast plus every
app's matrix objects (tests/security/matrix).

What the schema cannot say is configured, operation by operation with its reason, in
tests/security/schemathesis.toml (an unknown related id answers 400; no NUL in strings). Each
body is sent in the media type its operation declares first: JSON, or multipart where a file is
uploaded (DRF also parses the form encodings, which cannot carry null, nested objects or typed
numbers, so a schema-valid value would not survive them).

ignored_auth re-sends every request that succeeded without credentials and with broken ones (a
wrong token, a made-up session cookie); the test records what reached the app and checks that
those re-sent requests were made and refused.

Deterministic (derandomize) so CI failures reproduce; set FUZZ_EXAMPLES to run more.

Schemathesis fills path parameters with values of their declared type, so every operation with
one is also called here with ids that are not keys ("abc", "1.5", "-1", Arabic-Indic digits…):
each answers 404, whatever the method (found by testers: /api/v1/meetings/abc/ answered 500).
"""

import os
import re
from pathlib import Path

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import Failure, FailureGroup
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from agencies.tokens import issue_token

from .kept_world import world_kept_for_the_module

pytestmark = pytest.mark.slow  # minutes of one core: first in the run (tests/conftest.py)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2100"))
CONFIG = Path(__file__).with_name("schemathesis.toml")


def load_schema(app=None):
    from drf_spectacular.generators import SchemaGenerator

    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw, config=SchemathesisConfig.from_path(CONFIG))
    schema.app = app or get_wsgi_application()
    return schema


def recording(app, seen):
    """The WSGI app, noting (method, path, Authorization header, status) of every request it answers,
    schemathesis' re-sent ones included."""

    def wrapped(environ, start_response):
        def note_status(status, headers, exc_info=None):
            seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], environ.get("HTTP_AUTHORIZATION"), int(status[:3])))
            return start_response(status, headers, exc_info)

        return app(environ, note_status)

    return wrapped


def strategy_of(operation):
    bodies = list(operation.body)
    return operation.as_strategy(media_type=bodies[0].media_type if bodies else None)


@pytest.mark.django_db
def test_fuzzing_the_api_finds_no_failure(world, settings_override):
    cast = world.cast
    _token, plaintext = issue_token(cast.biro, name="fuzz")
    seen = []
    schema = load_schema(recording(get_wsgi_application(), seen))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40
    strategy = st.sampled_from(operations).flatmap(strategy_of)
    sent, errors = [], []

    @settings(
        max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.generate],
    )
    @given(case=strategy)
    def fuzz(case):
        # A savepoint per request, always rolled back: on PostgreSQL a refused statement (e.g. an
        # out-of-range number, answered 400) must not abort the test's transaction, and every
        # request starts from the same data.
        headers = {"Authorization": f"Token {plaintext}"}
        with transaction.atomic():
            response = case.call(headers=headers)
            problem = None
            try:
                # Every check of schemathesis: no server error, documented status code, content
                # type and headers, the body valid against the schema, schema-valid data accepted
                # (schemathesis.toml), auth enforced (re-sent without and with broken credentials),
                # unsupported methods and missing headers refused.
                case.validate_response(response, headers=headers)
            except (FailureGroup, Failure) as failure:
                problem = failure
            transaction.set_rollback(True)  # ROLLBACK TO SAVEPOINT works even after a failed statement
        sent.append(f"{case.method} {case.path}")
        if problem is not None:
            errors.append(f"{response.status_code} {case.method} {case.formatted_path} query={case.query!r:.200} "
                          f"body={case.body!r:.200}: {_failure_text(problem)}")

    fuzz()
    print(f"fuzzing: {len(sent)} requests over {len(set(sent))} operations, {len(errors)} failures")
    assert not errors, "\n".join(errors[:20])
    # ignored_auth ran: each request that succeeded with the token was re-sent without it (no
    # header, a wrong token, a made-up session cookie), and every such request was refused.
    good = f"Token {plaintext}"
    succeeded = {(method, path) for method, path, auth, status in seen if auth == good and status < 300}
    resent = [(method, path, status) for method, path, auth, status in seen if auth != good]
    assert len(succeeded) >= 30
    assert succeeded <= {(method, path) for method, path, _status in resent}
    assert all(status in (401, 403) for _method, _path, status in resent), [r for r in resent if r[2] not in (401, 403)][:10]
    assert len(sent) >= min(EXAMPLES, 2000)
    assert len(set(sent)) >= len(operations) * 0.9  # nearly every operation was exercised


@pytest.mark.django_db
def test_answers_the_testers_found_match_the_schema(world, settings_override):
    """Each answer schemathesis found breaking the schema, validated with the same checks."""
    cast = world.cast
    t = world.targets["in"]
    _token, plaintext = issue_token(cast.superuser, name="fuzz")
    headers = {"Authorization": f"Token {plaintext}"}
    schema = load_schema()
    cases = [
        ("/api/v1/pemdas/{id}/", "GET", {"id": cast.kalteng.pk}, None),  # regency: null
        ("/api/v1/evaluation-frameworks/{id}/", "GET", {"id": t.framework.pk}, None),  # root parent: null
        ("/api/v1/meetings/{id}/", "GET", {"id": t.meeting.pk}, None),  # online_link: ""
        ("/api/v1/meeting-follow-ups/{id}/", "GET", {"id": t.meeting_follow_up.pk}, None),  # evidence_link: ""
        ("/api/v1/lhe-follow-ups/{id}/", "GET", {"id": t.follow_up.pk}, None),  # evidence_link: ""
        ("/api/v1/meeting-recommendations/{id}/", "GET", {"id": t.meeting_rec.pk}, None),
        ("/api/v1/meetings/{id}/attendance/", "PUT", {"id": t.meeting.pk}, {"rows": []}),  # an array
        ("/api/v1/meetings/{id}/", "GET", {"id": 0}, None),  # 404, documented, JSON
    ]
    for path, method, parameters, body in cases:
        operation = schema[path][method]
        extra = {"body": body, "media_type": "application/json"} if body is not None else {}
        case = operation.Case(path_parameters=parameters, **extra)
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        assert response.status_code < 500, (path, response.status_code)
        case.validate_response(response, headers=headers)


def test_the_configuration_names_existing_operations_and_leaves_the_rest_strict():
    """schemathesis.toml allows 400 only where it names an operation and a reason: every name it
    lists is an operation of the schema, and any other operation keeps schemathesis' defaults."""
    import tomllib

    schema = load_schema()
    labels = {result.ok().label for result in schema.get_all_operations()}
    listed = [name for entry in tomllib.loads(CONFIG.read_text())["operations"] for name in entry["include-name"]]
    assert set(listed) <= labels, set(listed) - labels
    assert len(listed) == len(set(listed))
    for label in sorted(labels - set(listed)):
        method, path = label.split(" ", 1)
        config = schema.config.checks_config_for(operation=schema[path][method], phase="fuzzing")
        assert "400" not in config.positive_data_acceptance.expected_statuses, label
    assert "GET /api/v1/meetings/{id}/" in labels - set(listed)


def test_a_decimal_in_the_schema_has_a_digit():
    """drf-spectacular's decimal pattern also matched "", "-" and "." (DRF refuses them, 400);
    agencies.api.schema requires a digit."""
    from drf_spectacular.generators import SchemaGenerator

    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    pattern = re.compile(schemas["ActionPlanInputRequest"]["properties"]["annual_target"]["pattern"])
    assert [value for value in ("", "-", ".", "-.", "4", "4.", ".5", "-0.25", "12.5") if pattern.match(value)] == [
        "4", "4.", ".5", "-0.25", "12.5"]
    assert not pattern.match("1.234")


@pytest.mark.django_db
def test_a_recommendation_needs_a_known_addressee_kind(cast):
    from django.core.exceptions import ValidationError

    from meetings import services
    from tests.meetings.helpers import make_meeting

    meeting = make_meeting(cast.kalteng)
    with pytest.raises(ValidationError):
        services.add_recommendation(meeting, by=None, text="Tanpa penerima", addressee_kind="")


def _failure_text(problem):
    failures = getattr(problem, "exceptions", None) or [problem]
    return " | ".join(f"{getattr(f, 'title', type(f).__name__)}: {str(getattr(f, 'message', f))[:300]}" for f in failures)


NOT_KEYS = ["abc", "1.5", "-1", "1e3", "0x1f", "%D9%A1%D9%A2", "%20", "1%0A", "null", "0abc"]
HUGE = "9" * 30


def operations_with_path_parameters():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete") and "{" in path:
                yield method.upper(), path


@pytest.mark.django_db
def test_ids_that_are_not_keys_answer_404_on_every_operation(cast, client):
    client.force_login(cast.superuser)
    client.raise_request_exception = False  # a server error is a finding, listed below
    operations = sorted(set(operations_with_path_parameters()))
    assert len(operations) >= 25
    wrong = []
    for method, path in operations:
        for value in NOT_KEYS:
            url = re.sub(r"\{[^}]+\}", value, path)
            response = client.generic(method, url, "{}", content_type="application/json", HTTP_ACCEPT="application/json")
            if response.status_code != 404:
                wrong.append(f"{response.status_code} {method} {url}")
        # A number no key can have: never a server error (SQLite cannot bind it: 400; else 404).
        url = re.sub(r"\{[^}]+\}", HUGE, path)
        response = client.generic(method, url, "{}", content_type="application/json", HTTP_ACCEPT="application/json")
        if response.status_code not in (400, 404):
            wrong.append(f"{response.status_code} {method} {url}")
    assert not wrong, f"{len(wrong)} answers other than 404:\n" + "\n".join(wrong[:40])


@pytest.mark.django_db
def test_ids_that_are_not_keys_answer_404_on_every_page(cast, client):
    """Every page route with a parameter, its parameters replaced by something that is no key."""
    from .test_matrix import url_routes

    client.force_login(cast.superuser)
    client.raise_request_exception = False  # a server error is a finding, listed below
    wrong = []
    # accounts/reset/<uidb64>/<token>/ is Django's: an unknown link shows its "invalid link" page.
    routes = [route for route, _key in url_routes() if "<" in route and not route.startswith(("admin/", "api/", "accounts/"))]
    assert len(routes) >= 20
    for route in routes:
        for value in ("abc", "-1", "1.5"):
            url = "/" + re.sub(r"<[^>]+>", value, route)
            response = client.get(url)
            if response.status_code != 404:
                wrong.append(f"{response.status_code} GET {url}")
    assert not wrong, "\n".join(wrong)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's database connection
    at the end of each request (it would end the test transaction on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast and every app's matrix objects, built once for the module (tests/security/kept_world.py,
    with its own MEDIA_ROOT); each test's requests are rolled back with the test."""
    with world_kept_for_the_module(django_db_blocker, tmp_path_factory.mktemp("fuzz-media")) as world:
        yield world


@pytest.fixture
def cast(world):
    """The module world's cast (a second one could not be created beside it: usernames are unique)."""
    return world.cast


@pytest.fixture
def settings_override(settings):
    settings.ALLOWED_HOSTS = ["*"]
    # Keep the fuzzer's junk out of the lock-out tables and logs; its 2,000 requests are not a
    # user's, so the per-user rate limit does not apply to it (tests/reformportal/test_operations.py).
    settings.AXES_ENABLED = False
    settings.API_THROTTLE_USER = "1000000/minute"
    return settings
