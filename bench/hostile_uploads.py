"""Time and peak memory of the upload gate on every generated hostile file.

    .venv/bin/python bench/hostile_uploads.py

Prints one line per file (case, kind, size, refusal code, milliseconds, peak MiB) and the
slowest case. The gate must refuse each within a bounded time and memory whatever the file
claims to expand to (zip bombs declare 60-200 MB).
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reformportal.settings")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402

from reformportal.uploads import check_upload  # noqa: E402
from tests.security import hostile  # noqa: E402
from tests.security.test_upload_gate import RawFile  # noqa: E402


def main():
    rows = []
    for case, (kind, name, factory, _expected) in sorted(hostile.HOSTILE.items()):
        data = factory()
        tracemalloc.start()
        started = time.perf_counter()
        try:
            check_upload(RawFile(name, data), kind)
            code = "ACCEPTED"
        except ValidationError as exc:
            code = exc.code
        elapsed = (time.perf_counter() - started) * 1000
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append((case, kind, len(data), code, elapsed, peak / 2**20))
    print(f"{'case':32} {'kind':12} {'bytes':>10} {'refusal':18} {'ms':>8} {'peak MiB':>9}")
    for case, kind, size, code, elapsed, peak in rows:
        print(f"{case:32} {kind:12} {size:>10} {code:18} {elapsed:>8.1f} {peak:>9.2f}")
    slowest = max(rows, key=lambda r: r[4])
    biggest = max(rows, key=lambda r: r[5])
    print(f"\n{len(rows)} files; slowest {slowest[0]} {slowest[4]:.0f} ms; highest peak {biggest[0]} {biggest[5]:.1f} MiB")


if __name__ == "__main__":
    main()
