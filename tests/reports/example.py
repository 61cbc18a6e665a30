"""A hand-made action-plan example whose figures are computed by hand in the comments.

Kalimantan Tengah, 2025, TW III (province target: the default "≥ 75 % achieved by TW III"):

Dinas Kesehatan (3 plans)
- RA-01 cumulative, targets 25/50/75/100; TW I 25 ✓, TW II 50 ✓, TW III 80 verified (2 evidence):
  latest 80 / target 75 -> 100 % (capped), tercapai.
- RA-02 per quarter, targets 10/10/10/10; TW I 10 ✓, TW II 5 ✓, TW III 10 submitted:
  (10 + 5 + 10) / 30 = 83,3 %, not tercapai.
- RA-03 cumulative, targets 3/6/9/12; TW III 9 RETURNED (not counted): 0 %, not tercapai.
Dinas Kominfo (1 plan)
- RA-01 cumulative, targets 25/50/75/100; TW III 75 verified: 100 %, tercapai.

Province: 2 of 4 plans tercapai = 50 % (target 75 %: not met). Reporting: 4 active OPDs of the
province Pemda (Biro, Dinkes, Kominfo, Inspektorat); only Kominfo reported every plan -> 25 %.
Signers: Kepala Dinas Kesehatan (Opd.head_*), Kepala Biro Organisasi (the Biro's Opd row).
"""

from decimal import Decimal

from actionplans.models import ActionPlan, Evidence, ProgressReport, Theme

V = ProgressReport.Status.VERIFIED
S = ProgressReport.Status.SUBMITTED
R = ProgressReport.Status.RETURNED


def theme(code, year=2025):
    return Theme.objects.get(programme__year=year, code=code)


def plan(opd, code, theme_code, targets, mode="cumulative", year=2025, indicator=None, unit="%"):
    return ActionPlan.objects.create(
        opd=opd, year=year, theme=theme(theme_code, year), code=code, goal=f"Sasaran {code}",
        indicator=indicator or f"Indikator {code} {opd.code}", unit=unit,
        annual_target=Decimal(targets[-1] if mode == "cumulative" else sum(targets)), target_mode=mode,
        target_q1=targets[0], target_q2=targets[1], target_q3=targets[2], target_q4=targets[3],
    )


def report(plan, quarter, realisation, status, evidence=0, **extra):
    row = ProgressReport.objects.create(plan=plan, quarter=quarter, realisation=Decimal(str(realisation)),
                                        status=status, **extra)
    for i in range(evidence):
        Evidence.objects.create(report=row, label=f"Bukti {i + 1}", url=f"https://data.example.go.id/{plan.code}/{i}")
    return row


def make_example(cast):
    cast.dinkes.head_name = "dr. Suyuti Syamsul, MPPM"
    cast.dinkes.head_nip = "196504121992031009"
    cast.dinkes.save()
    cast.biro_kalteng.head_name = "Drs. Ahmad Yani, M.Si."
    cast.biro_kalteng.head_nip = "197001011990031001"
    cast.biro_kalteng.head_title = "Kepala Biro Organisasi Setda Provinsi Kalimantan Tengah"
    cast.biro_kalteng.save()

    ra1 = plan(cast.dinkes, "RA-01", "B3", [25, 50, 75, 100], indicator="Persentase layanan kesehatan terdigitalisasi")
    report(ra1, 1, 25, V)
    report(ra1, 2, 50, V)
    report(ra1, 3, 80, V, evidence=2, obstacles="Jaringan internet puskesmas belum stabil.",
           solutions="Kerja sama dengan Diskominfo untuk jaringan VPN.")
    ra2 = plan(cast.dinkes, "RA-02", "B1", [10, 10, 10, 10], mode="per_quarter", unit="desa",
               indicator="Jumlah desa dengan posyandu aktif")
    report(ra2, 1, 10, V)
    report(ra2, 2, 5, V)
    report(ra2, 3, 10, S)
    ra3 = plan(cast.dinkes, "RA-03", "G6", [3, 6, 9, 12], unit="dokumen", indicator="Dokumen evaluasi SAKIP")
    report(ra3, 3, 9, R, comment="Lengkapi data dukung berita acara.")
    ko1 = plan(cast.kominfo, "RA-01", "B3", [25, 50, 75, 100], indicator="Persentase OPD memakai SRIKANDI")
    report(ko1, 3, 75, V, evidence=1)
    return {"ra1": ra1, "ra2": ra2, "ra3": ra3, "ko1": ko1}


def make_plans(opd, count, year=2025, quarter=3):
    """`count` plausible plans with reports through `quarter` (for pages, benchmarks, workers)."""
    codes = ["B1", "B2", "B3", "B4", "G1", "G3", "G6", "G8"]
    statuses = [V, V, S, R, V]
    plans = []
    for i in range(count):
        p = plan(opd, f"RA-{i + 1:02d}", codes[i % len(codes)], [25, 50, 75, 100], year=year,
                 indicator=f"Persentase layanan terintegrasi nomor {i + 1} pada {opd.short_name or opd.code}")
        for q in range(1, quarter + 1):
            real = 25 * q if (i + q) % 4 else 25 * q - 5
            report(p, q, real, statuses[(i + q) % len(statuses)] if q == quarter else V,
                   evidence=(i % 3) if q == quarter else 0,
                   obstacles="Keterbatasan anggaran perjalanan dinas." if (i + q) % 3 == 0 else "",
                   solutions="Pemanfaatan rapat daring." if (i + q) % 3 == 0 else "")
        plans.append(p)
    return plans


def make_rb_plans(cast):
    """Real action plans with quarterly reports for the province's OPDs (2025, through TW III)."""
    make_plans(cast.dinkes, 4)
    make_plans(cast.kominfo, 3)
    make_plans(cast.pky_dinkes, 2)
