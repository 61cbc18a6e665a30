"""The user a management command reads as: everything, like a superuser (scripts and checks)."""

from types import SimpleNamespace

from agencies.scoping import Reach, Scope

SYSTEM_USER = SimpleNamespace(scope=Scope(Reach.ALL, role="superuser"), is_authenticated=True, is_active=True)
