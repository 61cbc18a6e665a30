""".env.example lists every environment variable the settings read."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# Read by settings but not configuration: set by the test run itself.
INTERNAL = {"TESTING"}


def test_env_example_lists_every_variable_of_the_settings():
    settings_source = (BASE_DIR / "reformportal" / "settings.py").read_text()
    read = set(re.findall(r"""(?:environ\.get|environ\[|envbool|envint|envlist)\(?\s*["']([A-Z][A-Z0-9_]+)["']""",
                          settings_source))
    read.add("DATABASE_URL")  # read by dj_database_url.config()
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (BASE_DIR / ".env.example").read_text(), re.MULTILINE))
    assert read - INTERNAL - listed == set()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= read
