"""python manage.py generate_national --scale S: the national benchmark data set (actionplans.national)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actionplans.national import NotEmpty, generate
from agencies.discovery import app_modules


class Command(BaseCommand):
    help = "Generates the national data set for benchmarks (scale 1.0: ~25,000 agencies, ~250,000 plans)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.1, help="Share of the 552 Pemda to fill (0 < S ≤ 1).")
        parser.add_argument(
            "--force", action="store_true",
            help="Run even when DEBUG is off (the generated accounts share a known password).",
        )

    def handle(self, *args, scale, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: generate_national creates accounts that share a known password "
                "(DEMO_PASSWORD), which must not exist on a production portal. "
                "Run it with --force only on a benchmark server."
            )
        if not 0 < scale <= 1:
            raise CommandError("--scale must be greater than 0 and at most 1.")
        started = time.monotonic()
        try:
            with transaction.atomic():
                generate(scale, self.stdout)
                # then each other app's `<app>/national.py` `seed(stdout)` (LHEs, meetings)
                for module in app_modules("national"):
                    if hasattr(module, "seed"):
                        module.seed(self.stdout)
        except NotEmpty:
            raise CommandError(
                "The database already has agencies: generate_national only fills an empty portal "
                "(run it on a fresh database after migrate)."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"National data (scale {scale}) ready in {time.monotonic() - started:.1f} s."))
