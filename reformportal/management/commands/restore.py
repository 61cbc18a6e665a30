from django.core.management.base import BaseCommand, CommandError

from reformportal.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restores a backup folder into an empty database and storage, migrates, and verifies it."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")

    def handle(self, *args, folder, **options):
        try:
            manifest = restore(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Restored {folder}: {len(tables)} tables, {sum(tables.values())} rows and "
            f"{len(manifest['files'])} files match the manifest."
        )
