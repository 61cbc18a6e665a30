import pytest
from django.core.management import CommandError, call_command

from actionplans.blank import build_blank
from actionplans.models import ActionPlan

from .blank_helpers import ROW, fill

pytestmark = pytest.mark.django_db


def _write(tmp_path, data):
    path = tmp_path / "blanko.xlsx"
    path.write_bytes(data.getvalue())
    return str(path)


def test_it_imports_and_dry_runs(cast, tmp_path, capsys, kegiatan_utama):
    path = _write(tmp_path, fill(build_blank(cast.dinkes, 2025), [ROW]))
    call_command("import_blank", path, "--opd", "62:DINKES", "--year", "2025", "--dry-run")
    assert ActionPlan.objects.count() == 0
    call_command("import_blank", path, "--opd", "DINKES", "--pemda", "62", "--year", "2025", "--user", "admin_dinkes")
    assert ActionPlan.objects.get().code == "RA-01"
    assert "1 baru" in capsys.readouterr().out


def test_it_exits_non_zero_listing_errors(cast, tmp_path, capsys):
    path = _write(tmp_path, fill(build_blank(cast.dinkes, 2025), [{**ROW, "target_q3": "12,5,0"}]))
    with pytest.raises(CommandError):
        call_command("import_blank", path, "--opd", "62:DINKES", "--year", "2025")
    assert "Baris 5, kolom Target TW III: '12,5,0' bukan angka" in capsys.readouterr().err
    assert ActionPlan.objects.count() == 0


def test_ambiguous_opd_code_needs_the_pemda(cast, tmp_path):
    path = _write(tmp_path, fill(build_blank(cast.dinkes, 2025), [ROW]))
    with pytest.raises(CommandError, match="PEMDA:KODE"):
        call_command("import_blank", path, "--opd", "DINKES", "--year", "2025")
