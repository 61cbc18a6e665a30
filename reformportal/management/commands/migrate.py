"""`migrate`, serialised across processes by a PostgreSQL advisory lock.

Two `migrate` runs at once on a fresh database both try to create django_migrations and one fails
(MigrationSchemaMissing). Compose runs migrations as a one-shot service, but a second web host or
a hand-run migrate can still overlap it: whoever comes second waits for the lock, then finds
nothing left to apply. On SQLite (one process, the embedded default) nothing changes.
"""

from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import connections

# Any constant unique to this portal: pg_advisory_lock takes one bigint.
MIGRATE_LOCK_KEY = 0x5246_504F_5254_414C  # "RFPORTAL"


class Command(DjangoMigrateCommand):
    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(*args, **options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK_KEY])
        try:
            return super().handle(*args, **options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK_KEY])
