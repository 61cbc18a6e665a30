"""Plain helpers to create action plans and reports in tests."""

from decimal import Decimal

from actionplans.models import ActionPlan, ProgressReport, Theme


def theme(year=2025, code="G1"):
    return Theme.objects.get(programme__year=year, code=code)


def make_plan(opd, code="RA-01", *, year=2025, theme_code="G1", targets=(25, 50, 75, 100), mode="cumulative", weight=1, **extra):
    t1, t2, t3, t4 = (Decimal(str(t)) for t in targets)
    annual = t4 if mode == "cumulative" else t1 + t2 + t3 + t4
    defaults = dict(
        goal="Meningkatnya kualitas layanan",
        indicator=f"Indikator {code}",
        unit="%",
        annual_target=annual,
        target_mode=mode,
        target_q1=t1,
        target_q2=t2,
        target_q3=t3,
        target_q4=t4,
        weight=Decimal(str(weight)),
    )
    defaults.update(extra)
    return ActionPlan.objects.create(opd=opd, year=year, theme=theme(year, theme_code), code=code, **defaults)


def make_report(plan, quarter, realisation, status="submitted", **extra):
    return ProgressReport.objects.create(
        plan=plan,
        quarter=quarter,
        realisation=None if realisation is None else Decimal(str(realisation)),
        status=status,
        **extra,
    )


def make_plans(opd, n, *, year=2025, prefix="RA", reports=True):
    plans = []
    for i in range(n):
        plan = make_plan(opd, f"{prefix}-{i:03d}", year=year)
        if reports:
            for q in (1, 2, 3):
                make_report(plan, q, 25 * q, status="submitted" if q == 3 else "verified")
        plans.append(plan)
    return plans


def make_kegiatan_utama(pemda, code="KU-01", *, year=2025, **extra):
    """A kegiatan utama: every new RB General plan (form, API, blank) needs one of its Pemda's."""
    from actionplans.models import KegiatanUtama

    defaults = dict(name=f"Kegiatan utama {code}", indicator=f"Indikator {code}", unit="%", target=Decimal("100"))
    defaults.update(extra)
    return KegiatanUtama.objects.create(pemda=pemda, year=year, code=code, **defaults)


def make_sasaran_tematik(pemda, code="ST-01", *, year=2025, theme_code="B2", **extra):
    from actionplans.models import SasaranTematik

    defaults = dict(name=f"Sasaran tematik {code}", indicator=f"Indikator {code}", unit="%", annual_target=Decimal("80"))
    defaults.update(extra)
    return SasaranTematik.objects.create(pemda=pemda, year=year, theme=theme(year, theme_code), code=code, **defaults)
