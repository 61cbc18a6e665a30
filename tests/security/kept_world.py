"""One matrix world per test module (per pytest-xdist worker), not one per test.

Building the cast and every app's matrix objects takes seconds; the matrix, canary and fuzz tests
only send requests to it, each of them inside its own rolled-back transaction (pytest-django's
`django_db`, nested in the module's: tests/module_data.py), so the next module starts from the
empty database as before. Its files go to a media directory of the module's own.
"""

from contextlib import contextmanager

from ..module_data import kept_for_the_module
from .matrix import build_world


@contextmanager
def world_kept_for_the_module(django_db_blocker, media_root, *, canaries=None):
    from django.test import override_settings

    from tests.cast import make_cast

    with override_settings(MEDIA_ROOT=media_root), kept_for_the_module(django_db_blocker):
        yield build_world(make_cast(), canaries=canaries)
