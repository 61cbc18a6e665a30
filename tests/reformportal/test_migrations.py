"""The migrations describe the models as they are: a model change without its migration fails here,
not on the first deploy (the test databases are built by the migrations, so they would carry the
old schema unnoticed where no test reads the changed column)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db  # makemigrations checks the recorded history against the database
def test_the_models_need_no_new_migration():
    output = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit as exit:  # --check exits with 1 when a migration is missing
        pytest.fail(f"models changed without a migration (exit {exit.code}):\n{output.getvalue()}")
