"""reports: entries added below as the app lands."""

ENTRIES = []
PENDING = []
