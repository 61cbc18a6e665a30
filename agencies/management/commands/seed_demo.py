"""python manage.py seed_demo: demo data for every app, idempotent.

agencies' demo data comes first (provinces, agencies, demo accounts), then each other app's
`<app>/demo.py` `seed(stdout)` in INSTALLED_APPS order.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies import demo
from agencies.discovery import app_modules


class Command(BaseCommand):
    help = "Creates or updates the demo data and the demo accounts (one per role)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo accounts even when DEBUG is off (they share a known password).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: seed_demo creates demo accounts that share a known password "
                "(DEMO_PASSWORD), which must not exist on a production portal. "
                "Run it with --force only on a demo or training server."
            )
        started = time.monotonic()
        modules = [demo] + [module for module in app_modules("demo") if module is not demo]
        # One transaction: all or nothing, and on SQLite one disk sync instead of thousands.
        with transaction.atomic():
            for module in modules:
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s."))
        self.stdout.write(f"Demo accounts (password: {settings.DEMO_PASSWORD}):")
        for username, role, place, _full_name, _position in demo.DEMO_ACCOUNTS:
            role_label = demo.Role(role).label if role else "superuser"
            self.stdout.write(f"  {username:<26} {role_label} {place}".rstrip())
