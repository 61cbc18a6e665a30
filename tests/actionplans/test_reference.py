"""Reference data per year, the province target the Biro sets, panels on shared pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actionplans import services
from actionplans.models import ImportLog, ProvinceTarget, Theme
from actionplans.selectors import reporting_deadline

from .blank_helpers import ROW, as_upload, fill
from .factories import make_plan, make_report

pytestmark = pytest.mark.django_db


def test_themes_are_seeded_per_year():
    def codes(year, kind):
        return list(Theme.objects.filter(programme__year=year, programme__kind=kind).order_by("order").values_list("name", flat=True))

    assert len(codes(2024, "general")) == 8 and codes(2025, "general")[0] == "Manajemen Perubahan"
    assert codes(2023, "tematik") == codes(2024, "tematik") == [
        "Pengentasan Kemiskinan", "Peningkatan Investasi", "Digitalisasi Administrasi Pemerintahan", "Percepatan Prioritas Aktual Presiden"]
    assert codes(2025, "berdampak") == ["Pengentasan Kemiskinan", "Peningkatan Investasi", "Digitalisasi Pemerintahan", "Belanja Produk Dalam Negeri"]
    assert not codes(2025, "tematik") and not codes(2024, "berdampak")
    assert str(reporting_deadline(2025, 3)) == "2025-10-10" and str(reporting_deadline(2025, 4)) == "2026-01-10"


def test_only_the_biro_of_the_province_sets_its_target(cast, login):
    province = cast.kalteng.province
    services.set_province_target(province, 2025, quarter=3, min_percent=Decimal("80"), by=cast.biro)
    assert ProvinceTarget.objects.get(province=province, year=2025).min_percent == 80
    for user in (cast.biro_other, cast.bagian, cast.leader, cast.opd_admin, cast.inspector):
        with pytest.raises(services.PermissionDenied):
            services.set_province_target(province, 2025, quarter=3, min_percent=90, by=user)
    url = reverse("actionplans:target_edit") + f"?pemda={cast.kalteng.pk}&tahun=2025"
    assert login(cast.leader).get(url).status_code == 403
    response = login(cast.biro).post(url, {"min_percent": "77,5", "quarter": "2"})
    assert response.status_code == 302
    target = ProvinceTarget.objects.get(province=province, year=2025)
    assert (target.quarter, target.min_percent) == (2, Decimal("77.5")) and target.history.count() == 2


def test_home_panels_for_leader_and_opd_admin(cast, login):
    plan = make_plan(cast.dinkes, "RA-01")
    make_report(plan, 3, 75, "verified")
    page = login(cast.leader).get(reverse("agencies:home")).content.decode()
    assert 'data-testid="target-widget"' in page and "100 %" in page
    page = login(cast.opd_admin).get(reverse("agencies:home")).content.decode()
    assert 'data-testid="panel-my-plans"' in page
    page = login(cast.biro).get(reverse("agencies:opd", args=[cast.dinkes.pk])).content.decode()
    assert 'data-testid="panel-opd-plans"' in page and "RA-01" in page


def test_confirm_reads_the_file_again_when_it_changed(cast, kegiatan_utama):
    from actionplans.blank import build_blank

    upload = fill(build_blank(cast.dinkes, 2025), [ROW])
    preview = services.preview_blank(as_upload(upload), opd=cast.dinkes, year=2025, by=cast.opd_admin)
    log = ImportLog.objects.get(pk=preview.log.pk)
    assert len(log.rows) == 1 and log.sha256
    changed = fill(build_blank(cast.dinkes, 2025), [{**ROW, "indicator": "Dari berkas"}])
    with log.file.open("wb") as fh:
        fh.write(changed.getvalue())
    services.commit_import(log, by=cast.opd_admin)
    from actionplans.models import ActionPlan

    assert ActionPlan.objects.get().indicator == "Dari berkas"
    assert ImportLog.objects.get(pk=log.pk).rows == []
