"""Recompute the stored roll-ups (actionplans.rollups), or with --check only compare them."""

from django.core.management.base import BaseCommand, CommandError

from actionplans import rollups


class Command(BaseCommand):
    help = "Recompute the stored achievement roll-ups; --check reports stored rows that differ from the live figures."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Only this year's rows.")
        parser.add_argument("--check", action="store_true", help="Change nothing; exit 1 when a stored row differs.")

    def handle(self, *args, year=None, check=False, **options):
        if not check:
            rollups.rebuild(year)
            self.stdout.write("Roll-ups rebuilt.")
            return
        differences = rollups.differences(year)
        for key, stored, live in differences[:50]:
            self.stderr.write(f"opd {key[0]} theme {key[1]} {key[2]} TW {key[3]}: stored {stored}, live {live}")
        if differences:
            raise CommandError(f"{len(differences)} roll-up rows differ from the live figures.")
        self.stdout.write("Roll-ups match the live figures.")
