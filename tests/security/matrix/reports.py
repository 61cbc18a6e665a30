"""reports: declared expectations."""

from . import Pending

ENTRIES = []

PENDING = [
    Pending("reports:list", ("GET", "POST"), "not exercised yet"),
    Pending("reports:detail", ("GET", "POST"), "not exercised yet"),
    Pending("reports:status", ("GET", "POST"), "not exercised yet"),
    Pending("reports:download", ("GET", "POST"), "not exercised yet"),
]
