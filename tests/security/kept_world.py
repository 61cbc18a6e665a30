"""One matrix world per test module (per pytest-xdist worker), not one per test.

Building the cast and every app's matrix objects takes seconds; the matrix, canary and fuzz tests
only send requests to it, each of them inside its own rolled-back transaction (pytest-django's
`django_db`, nested in the one opened here). The world is built inside an outer transaction that
is rolled back when the module's last test has run, so the next module starts from the empty
database as before. Its files go to a media directory of the module's own.
"""

from contextlib import contextmanager

from .matrix import build_world


@contextmanager
def world_kept_for_the_module(django_db_blocker, media_root, *, canaries=None):
    from django.db import transaction
    from django.test import override_settings

    from tests.cast import make_cast

    with override_settings(MEDIA_ROOT=media_root):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                world = build_world(make_cast(), canaries=canaries)
            except BaseException:
                _roll_back(outer)
                raise
        try:
            yield world
        finally:
            with django_db_blocker.unblock():
                _roll_back(outer)


def _roll_back(outer):
    from django.db import transaction

    transaction.set_rollback(True)
    outer.__exit__(None, None, None)
