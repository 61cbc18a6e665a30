"""Every requirement is pinned exactly, the tests run on those pins, and the pins stay at or above
the releases that fixed known vulnerabilities. `make audit` (pip-audit) checks the rest."""

import importlib.metadata
import re
from pathlib import Path

import pytest
from packaging.version import Version

BASE_DIR = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[A-Za-z0-9,._-]+\])?==([^\s;#]+)$")  # extras allowed
# The first releases with the security fixes the portal relies on.
MINIMUM_SECURE = {"django": Version("6.0.5"), "weasyprint": Version("69")}


def pinned(file_name):
    pins = {}
    for line in (BASE_DIR / file_name).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-r ")):
            continue
        match = PIN.match(line)
        assert match, f"{file_name}: {line!r} is not pinned as name==version"
        pins[match[1].lower()] = Version(match[2])
    return pins


@pytest.mark.parametrize("file_name", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_and_installed_at_its_pin(file_name):
    for name, version in pinned(file_name).items():
        assert Version(importlib.metadata.version(name)) == version, name


def test_pins_are_at_or_above_the_releases_with_known_fixes():
    pins = pinned("requirements.txt")
    for name, minimum in MINIMUM_SECURE.items():
        assert pins[name] >= minimum, f"{name} {pins[name]} is older than {minimum}"
