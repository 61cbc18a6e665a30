"""Data built once per test module, for tests that only need the same starting world.

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker):
        with kept_for_the_module(django_db_blocker):
            yield build_it()

The data lives in an outer transaction that is rolled back when the module ends; each test's own
transaction (pytest-django's `db`, a Django TestCase) nests inside it as a savepoint, so a test's
writes still roll back before the next test. Tests re-read what they change from the database
rather than share mutated Python objects. Never give such a fixture to a `transactional_db` (or
`live_server`, `celery_worker`) test: it commits and empties the tables, shared data included.
"""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def kept_for_the_module(django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def reloaded(instance):
    """A fresh copy of a model instance from the database (the shared one may have been mutated)."""
    return type(instance)._default_manager.get(pk=instance.pk)
