from django.core.management.base import BaseCommand, CommandError

from reformportal.backup import BackupError, backup


class Command(BaseCommand):
    help = "Writes a consistent backup (database dump, every stored file, manifest) into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="A new or empty folder.")

    def handle(self, *args, out, **options):
        try:
            manifest = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Backup in {out}: {len(tables)} tables, {sum(tables.values())} rows, {len(manifest['files'])} files."
        )
