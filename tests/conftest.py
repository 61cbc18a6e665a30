import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.fixtures.parallel", "tests.fixtures.schema", "tests.fixtures.browser", "tests.fixtures.celery"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Tests marked `slow` (a minute or more of one core) go first. pytest-django then sorts the
    tests into its groups (database, transactional, others) keeping this order within each, so
    xdist hands the slow ones out early in their group and no worker starts one while the other
    is nearly done."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture
def cast(db):
    from .cast import make_cast

    return make_cast()


@pytest.fixture
def login(client):
    """login(user) -> a test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: API rate-limit counts (keyed by user id, and ids come
    back after a rollback) must not carry from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
