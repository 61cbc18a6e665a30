"""API fuzzing: schemathesis generates requests from the OpenAPI schema (/api/schema/) and sends
them to the WSGI app as a signed-in Biro user (token auth). At least 2,000 requests, 0 server
errors. Data: the named cast plus every app's matrix objects (tests/security/matrix).

Deterministic (derandomize) so CI failures reproduce; set FUZZ_EXAMPLES to run more.
"""

import os
from types import SimpleNamespace

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from agencies.tokens import issue_token

from .matrix import TARGETS, World, modules

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2100"))


def load_schema():
    from drf_spectacular.generators import SchemaGenerator

    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


@pytest.mark.django_db
def test_fuzzing_the_api_gives_no_server_error(cast, settings_override):
    world = World(cast=cast, targets={name: SimpleNamespace(name=name) for name in TARGETS})
    for module in modules():
        if hasattr(module, "build"):
            module.build(world)
    _token, plaintext = issue_token(cast.biro, name="fuzz")
    schema = load_schema()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40
    strategy = st.sampled_from(operations).flatmap(lambda operation: operation.as_strategy())
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
        with transaction.atomic():
            response = case.call(headers={"Authorization": f"Token {plaintext}"})
            transaction.set_rollback(True)  # ROLLBACK TO SAVEPOINT works even after a failed statement
        sent.append(f"{case.method} {case.path}")
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {case.method} {case.formatted_path} query={case.query!r:.200} body={case.body!r:.200}")

    fuzz()
    print(f"fuzzing: {len(sent)} requests over {len(set(sent))} operations, {len(errors)} server errors")
    assert not errors, "\n".join(errors[:20])
    assert len(sent) >= min(EXAMPLES, 2000)
    assert len(set(sent)) >= len(operations) * 0.9  # nearly every operation was exercised


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


@pytest.fixture
def settings_override(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALLOWED_HOSTS = ["*"]
    # Keep the fuzzer's junk out of the lock-out tables and logs.
    settings.AXES_ENABLED = False
    return settings
