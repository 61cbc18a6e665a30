"""Demo action plans: every active demo OPD gets plans for 2024 and 2025, with progress through
TW IV 2024 (mostly verified) and TW III 2025 in mixed states (verified, submitted, returned,
draft, missing), so every page shows something true.

Each demo Pemda gets its Portal RB reference data (a kegiatan utama per area of change and a
sasaran tematik per theme) and every plan is linked to one; each demo province sets reporting
windows (opening on the 1st of the month after the triwulan, closing on the 8th, before the
national deadline), and reports are submitted inside them, except a few deliberately late ones
(about 1 in 12) besides the missing ones.

Idempotent: plans are keyed by (OPD, year, code) and reports by (plan, triwulan); only missing
rows are created, in bulk with their history rows. Content is deterministic (seeded per OPD).
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import OuterRef, Subquery
from simple_history.utils import bulk_create_with_history

from agencies.demo import DEMO_PROVINCE_CODES
from agencies.models import Membership, Opd, Pemda, Province, User
from agencies.roles import Role

from . import rollups
from .models import (
    ActionPlan,
    Evidence,
    KegiatanUtama,
    ProgressReport,
    ProvinceTarget,
    ReportingWindow,
    ReportTransition,
    SasaranTematik,
    Theme,
)
from .reference import seed_reference

Status = ProgressReport.Status

# (theme code, goal, problem, impact, indicator, unit, annual target, mode, activities, outputs, source)
GENERAL = [
    ("G1", "Terinternalisasinya budaya kerja BerAKHLAK", "Nilai budaya kerja belum menjadi kebiasaan pegawai",
     "Pelayanan lebih ramah dan tepat waktu", "Persentase pegawai yang mengikuti internalisasi budaya kerja", "%", 100,
     "cumulative", "Membentuk agen perubahan\nMenyelenggarakan internalisasi BerAKHLAK", "SK agen perubahan\nLaporan internalisasi", "APBD"),
    ("G2", "Tersedianya regulasi internal yang sederhana dan harmonis", "Masih ada SOP dan peraturan yang tumpang tindih",
     "Proses perizinan internal lebih cepat", "Jumlah regulasi/SOP yang direviu dan disederhanakan", "dokumen", 8,
     "per_quarter", "Inventarisasi regulasi\nReviu dan penyederhanaan SOP", "Daftar regulasi\nSOP hasil reviu", "APBD"),
    ("G3", "Organisasi yang tepat fungsi dan tepat ukuran", "Tugas fungsi beberapa unit kerja masih tumpang tindih",
     "Beban kerja unit lebih seimbang", "Persentase jabatan hasil penyetaraan yang telah dipetakan tugasnya", "%", 100,
     "cumulative", "Pemetaan proses bisnis\nAnalisis jabatan dan beban kerja", "Peta proses bisnis\nDokumen Anjab/ABK", "APBD"),
    ("G4", "Tata kelola pemerintahan berbasis elektronik (SPBE) yang terpadu", "Layanan administrasi masih manual",
     "Waktu layanan administrasi turun 50 %", "Persentase layanan administrasi yang dilayani secara daring", "%", 80,
     "cumulative", "Digitalisasi naskah dinas\nIntegrasi aplikasi layanan", "Aplikasi naskah dinas elektronik\nLaporan integrasi", "APBD"),
    ("G5", "Manajemen ASN berbasis sistem merit", "Data kinerja pegawai belum terkelola dalam satu sistem",
     "Pengembangan karier berbasis kinerja", "Persentase pegawai dengan SKP elektronik", "%", 100,
     "cumulative", "Sosialisasi e-Kinerja\nPendampingan penyusunan SKP", "Laporan sosialisasi\nSKP elektronik", "APBD"),
    ("G6", "Akuntabilitas kinerja yang meningkat", "Indikator kinerja belum selaras dengan sasaran strategis",
     "Nilai SAKIP naik satu tingkat", "Jumlah dokumen perencanaan kinerja yang diselaraskan (cascading)", "dokumen", 4,
     "per_quarter", "Cascading kinerja\nPemantauan capaian kinerja triwulanan", "Pohon kinerja\nLaporan pemantauan", "APBD"),
    ("G7", "Pengawasan internal yang efektif", "Tindak lanjut temuan pemeriksaan belum tuntas",
     "Temuan berulang berkurang", "Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti", "%", 90,
     "cumulative", "Rapat pemutakhiran tindak lanjut\nPembangunan zona integritas", "Berita acara pemutakhiran\nLKE zona integritas", "APBD"),
    ("G8", "Pelayanan publik yang prima", "Standar pelayanan belum dipublikasikan di semua unit",
     "Indeks kepuasan masyarakat meningkat", "Indeks kepuasan masyarakat (IKM)", "nilai", 85,
     "cumulative", "Survei kepuasan masyarakat\nPublikasi standar pelayanan", "Laporan SKM\nMaklumat pelayanan", "APBD"),
]
TEMATIK = {
    2024: [
        ("T1", "Menurunnya angka kemiskinan ekstrem", "Data penerima bantuan belum terpadu", "Bantuan tepat sasaran",
         "Persentase data penerima bantuan yang dipadankan dengan DTKS", "%", 100, "cumulative",
         "Pemadanan data DTKS\nVerifikasi lapangan", "Data padanan\nBerita acara verifikasi", "APBD"),
        ("T2", "Iklim investasi yang kondusif", "Perizinan berusaha masih lama", "Waktu perizinan turun",
         "Persentase perizinan berusaha selesai tepat waktu", "%", 95, "cumulative",
         "Percepatan layanan OSS\nFasilitasi pelaku usaha", "Laporan layanan OSS\nDaftar fasilitasi", "APBD"),
        ("T3", "Administrasi pemerintahan digital", "Arsip masih berbasis kertas", "Dokumen mudah ditelusuri",
         "Jumlah jenis layanan administrasi yang terdigitalisasi", "layanan", 12, "per_quarter",
         "Digitalisasi arsip\nPenerapan tanda tangan elektronik", "Arsip digital\nSertifikat elektronik", "APBD"),
        ("T4", "Peningkatan penggunaan produk dalam negeri", "Belanja produk impor masih tinggi", "Belanja PDN naik",
         "Persentase realisasi belanja produk dalam negeri", "%", 40, "cumulative",
         "Pemetaan belanja PDN\nPemanfaatan e-katalog lokal", "Peta belanja\nLaporan e-katalog", "APBD"),
    ],
    2025: [
        ("B1", "Penurunan kemiskinan melalui layanan terpadu", "Program pengentasan kemiskinan belum terintegrasi",
         "Penduduk miskin ekstrem berkurang", "Jumlah keluarga miskin ekstrem yang menerima intervensi terpadu", "KK", 400,
         "per_quarter", "Pendataan sasaran\nIntervensi terpadu lintas OPD", "Data sasaran\nLaporan intervensi", "APBD"),
        ("B2", "Peningkatan realisasi investasi", "Kemudahan berusaha belum optimal", "Realisasi investasi naik",
         "Persentase kenaikan realisasi investasi dibanding tahun lalu", "%", 10, "cumulative",
         "Promosi investasi\nPendampingan perizinan", "Laporan promosi\nDaftar izin terbit", "APBD"),
        ("B3", "Digitalisasi pemerintahan yang berdampak", "Aplikasi layanan belum terintegrasi dengan SPBE nasional",
         "Layanan publik dapat diakses daring", "Jumlah layanan publik yang terintegrasi dengan portal pelayanan", "layanan", 6,
         "per_quarter", "Integrasi aplikasi\nPelatihan operator", "Aplikasi terintegrasi\nDaftar hadir pelatihan", "APBD"),
        ("B4", "Peningkatan belanja produk dalam negeri", "Komitmen belanja PDN belum tercapai", "Ekonomi lokal tumbuh",
         "Persentase belanja produk dalam negeri terhadap total belanja barang/jasa", "%", 60, "cumulative",
         "Identifikasi produk lokal\nPemantauan belanja PDN", "Katalog produk lokal\nLaporan pemantauan", "APBD"),
    ],
}


def _targets(rng, annual, mode):
    annual = Decimal(annual)
    if mode == "per_quarter":
        parts = [Decimal(int(annual) // 4)] * 4
        parts[3] = annual - sum(parts[:3])
        return parts
    steps = sorted(rng.sample([0.15, 0.25, 0.3, 0.45, 0.5, 0.6, 0.7, 0.75], 3))
    return [(annual * Decimal(str(s))).quantize(Decimal("1")) for s in steps] + [annual]


def _plans_for(opd, year, rng, themes, references):
    templates = rng.sample(GENERAL, 3) + [rng.choice(TEMATIK[year])]
    plans = []
    for i, (code, goal, problem, impact, indicator, unit, annual, mode, acts, outs, source) in enumerate(templates, 1):
        t1, t2, t3, t4 = _targets(rng, annual, mode)
        plans.append(
            ActionPlan(
                opd=opd, year=year, theme=themes[(year, code)], code=f"RA-{i:02d}", goal=goal, problem=problem,
                expected_impact=impact, indicator=indicator, unit=unit,
                annual_target=Decimal(annual), target_mode=mode, target_q1=t1, target_q2=t2, target_q3=t3, target_q4=t4,
                activities=acts, outputs=outs, budget=Decimal(rng.choice([0, 25, 50, 75, 120, 250, 400]) * 1_000_000),
                budget_source=source, person_in_charge=f"Kepala Bidang {rng.choice(['Program', 'Umum', 'Pelayanan', 'Perencanaan'])}",
                weight=Decimal(rng.choice([1, 1, 1, 2])),
                kegiatan_utama=references.get((opd.pemda_id, year, code)) if code.startswith("G") else None,
                sasaran_tematik=None if code.startswith("G") else references.get((opd.pemda_id, year, code)),
                formula=f"{indicator} = capaian / sasaran x 100" if unit == "%" else f"{indicator} = jumlah {unit} yang tercapai",
                baseline=(Decimal(annual) * Decimal(str(rng.choice([0.4, 0.5, 0.6, 0.7])))).quantize(Decimal("0.01")),
                output_indicator=outs.splitlines()[0], output_unit="dokumen",
                coordinators="Biro Organisasi" if code.startswith("G") else "Bappeda",
                implementers="\n".join(sorted({opd.name, rng.choice(["Diskominfo", "BKD", "Inspektorat", "BPKAD"])})),
            )
        )
    return plans


def _status_for(rng, year, quarter):
    if year == 2024 or quarter < 3:
        return rng.choices([Status.VERIFIED, Status.SUBMITTED], [9, 1])[0]
    return rng.choices([Status.VERIFIED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT, None], [40, 25, 10, 10, 15])[0]


def _realisation(rng, plan, quarter):
    target = plan.target_for(quarter)
    factor = Decimal(str(rng.choice([0.6, 0.8, 0.9, 1, 1, 1, 1, 1.05])))
    return (target * factor).quantize(Decimal("0.01"))


@transaction.atomic
def seed(stdout):
    seed_reference()
    provinces = Province.objects.filter(code__in=DEMO_PROVINCE_CODES)
    for province in provinces:
        for year in (2024, 2025):
            ProvinceTarget.objects.get_or_create(province=province, year=year, defaults={"quarter": 3, "min_percent": 75})
    themes = {(t.programme.year, t.code): t for t in Theme.objects.filter(programme__year__in=(2024, 2025)).select_related("programme")}
    # pemda.code reads the regency or the province: loaded here, not once per plan and report
    opds = list(
        Opd.objects.filter(pemda__province__code__in=DEMO_PROVINCE_CODES, is_active=True)
        .select_related("pemda__regency", "pemda__province")
    )
    existing = set(ActionPlan.objects.filter(opd__in=opds, year__in=(2024, 2025)).values_list("opd_id", "year", "code"))
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    opd_admins = {m.opd_id: m.user for m in Membership.objects.filter(role=Role.OPD_ADMIN).select_related("user")}
    biro = {m.pemda.province_id: m.user for m in Membership.objects.filter(role=Role.BIRO).select_related("user", "pemda")}

    references = _seed_references(Pemda.objects.filter(opds__in=opds).distinct(), themes)
    windows = _seed_windows(provinces)

    new_plans = []
    for opd in opds:
        for year in (2024, 2025):
            rng = random.Random(f"{opd.pemda.code}:{opd.code}:{year}")
            for plan in _plans_for(opd, year, rng, themes, references):
                if (opd.pk, year, plan.code) not in existing:
                    new_plans.append(plan)
    if new_plans:
        bulk_create_with_history(new_plans, ActionPlan, batch_size=1000, default_user=admin)
    _link_references(opds, references)

    plans = list(
        ActionPlan.objects.filter(opd__in=opds, year__in=(2024, 2025))
        .select_related("opd__pemda__regency", "opd__pemda__province")
    )
    have = set(ProgressReport.objects.filter(plan__in=plans).values_list("plan_id", "quarter"))
    new_reports, steps = [], []
    for plan in plans:
        rng = random.Random(f"{plan.opd.pemda.code}:{plan.opd.code}:{plan.year}:{plan.code}:reports")
        for quarter in (1, 2, 3, 4) if plan.year == 2024 else (1, 2, 3):
            # draw every random value before deciding to skip, so re-runs see the same sequence
            status = _status_for(rng, plan.year, quarter)
            realisation = _realisation(rng, plan, quarter)
            obstacles = rng.choice(["", "Keterbatasan anggaran", "Data dari unit kerja terlambat", "Jaringan internet tidak stabil"])
            solutions = rng.choice(["", "Koordinasi dengan Bappeda", "Rapat koordinasi rutin", "Pendampingan oleh Diskominfo"])
            supporting = rng.choice(["", "Dukungan pimpinan", "Koordinasi lintas perangkat daerah berjalan baik"])
            window = windows[(plan.opd.pemda.province_id, plan.year, quarter)]
            submitted_at = _submitted_at(rng, window, window.province)
            reviewed_at = submitted_at + datetime.timedelta(days=rng.randint(1, 6))
            if status is None or (plan.pk, quarter) in have:
                continue
            reporter = opd_admins.get(plan.opd_id) or admin
            reviewer = biro.get(plan.opd.pemda.province_id) or admin
            report = ProgressReport(
                plan=plan, quarter=quarter, realisation=realisation, status=status,
                narrative=f"Kegiatan {plan.activity_rows[0][0].lower()} telah dilaksanakan sesuai jadwal." if plan.activities else "",
                supporting_factors=supporting,
                obstacles=obstacles,
                solutions=solutions,
                comment="Lengkapi data dukung berupa daftar hadir dan dokumentasi." if status == Status.RETURNED else "",
                submitted_at=submitted_at if status != Status.DRAFT else None,
                submitted_by=reporter if status != Status.DRAFT else None,
                reviewed_at=reviewed_at if status in (Status.VERIFIED, Status.RETURNED) else None,
                reviewed_by=reviewer if status in (Status.VERIFIED, Status.RETURNED) else None,
            )
            new_reports.append(report)
            steps.append((report, reporter, reviewer))
    if new_reports:
        bulk_create_with_history(new_reports, ProgressReport, batch_size=1000, default_user=admin)
        transitions, evidence = [], []
        for report, reporter, reviewer in steps:
            if report.status != Status.DRAFT:
                transitions.append(ReportTransition(report=report, from_status=Status.DRAFT, to_status=Status.SUBMITTED, by=reporter))
            if report.status in (Status.VERIFIED, Status.RETURNED):
                transitions.append(
                    ReportTransition(report=report, from_status=Status.SUBMITTED, to_status=report.status, by=reviewer, comment=report.comment)
                )
            if report.status in (Status.VERIFIED, Status.SUBMITTED):
                evidence.append(
                    Evidence(
                        report=report, label=f"Laporan kegiatan {report.quarter_label} {report.plan.year}",
                        url=f"https://data-dukung.example.id/{report.plan.opd.pemda.code}/{report.plan.opd.code}/{report.plan.year}/{report.plan.code}-tw{report.quarter}.pdf",
                        uploaded_by=reporter,
                    )
                )
        ReportTransition.objects.bulk_create(transitions, batch_size=2000)
        # `at` is set on creation: give each step the report's own time, so lateness is the demo's
        created = ReportTransition.objects.filter(report__in=[r for r, _, _ in steps])
        for to_status, field in ((Status.SUBMITTED, "submitted_at"), (Status.VERIFIED, "reviewed_at"), (Status.RETURNED, "reviewed_at")):
            created.filter(to_status=to_status).update(
                at=Subquery(ProgressReport.objects.filter(pk=OuterRef("report_id")).values(field)[:1])
            )
        bulk_create_with_history(evidence, Evidence, batch_size=1000, default_user=admin)
    if new_plans or new_reports:
        # bulk_create skips the signals that keep the stored roll-ups
        rollups.refresh({(plan.opd_id, plan.year) for plan in plans})
    stdout.write(
        f"actionplans: {len(plans)} action plans ({len(new_plans)} created) for {len(opds)} OPDs, "
        f"{len(new_reports)} progress reports created"
    )


KEGIATAN_UTAMA = {
    "G1": "Penguatan budaya kerja dan agen perubahan",
    "G2": "Penataan regulasi daerah",
    "G3": "Penyederhanaan birokrasi dan penataan organisasi",
    "G4": "Penerapan SPBE dan tata laksana",
    "G5": "Manajemen ASN berbasis merit",
    "G6": "Penguatan SAKIP",
    "G7": "Penguatan pengawasan dan zona integritas",
    "G8": "Peningkatan kualitas pelayanan publik",
}


def _seed_references(pemdas, themes):
    """A kegiatan utama per area of change and a sasaran tematik per theme, for every demo Pemda
    and year; returns {(pemda id, year, theme code): row}."""
    have_ku = {(k.pemda_id, k.year, k.code): k for k in KegiatanUtama.objects.filter(pemda__in=pemdas)}
    have_st = {(g.pemda_id, g.year, g.code): g for g in SasaranTematik.objects.filter(pemda__in=pemdas)}
    new_ku, new_st = [], []
    for pemda in pemdas:
        for year in (2024, 2025):
            for code, _goal, _problem, _impact, indicator, unit, annual, *_ in GENERAL:
                if (pemda.pk, year, f"KU-{code}") not in have_ku:
                    new_ku.append(KegiatanUtama(pemda=pemda, year=year, code=f"KU-{code}", name=KEGIATAN_UTAMA[code],
                                                indicator=indicator, unit=unit, target=Decimal(annual)))
            for code, goal, _problem, _impact, indicator, unit, annual, *_ in TEMATIK[year]:
                if (pemda.pk, year, f"ST-{code}") not in have_st:
                    new_st.append(SasaranTematik(pemda=pemda, year=year, theme=themes[(year, code)], code=f"ST-{code}",
                                                 name=goal, indicator=indicator, unit=unit, annual_target=Decimal(annual)))
    bulk_create_with_history(new_ku, KegiatanUtama, batch_size=1000)
    bulk_create_with_history(new_st, SasaranTematik, batch_size=1000)
    rows = list(KegiatanUtama.objects.filter(pemda__in=pemdas)) + list(SasaranTematik.objects.filter(pemda__in=pemdas))
    return {(row.pemda_id, row.year, row.code.split("-", 1)[1]): row for row in rows}


def _link_references(opds, references):
    """Plans seeded before kegiatan utama existed get theirs (and their sasaran tematik)."""
    unlinked = list(
        ActionPlan.objects.filter(opd__in=opds, year__in=(2024, 2025), kegiatan_utama=None, sasaran_tematik=None)
        .select_related("opd", "theme")
    )
    for plan in unlinked:
        row = references.get((plan.opd.pemda_id, plan.year, plan.theme.code))
        field = "kegiatan_utama" if plan.theme.code.startswith("G") else "sasaran_tematik"
        setattr(plan, field, row)
    ActionPlan.objects.bulk_update(unlinked, ["kegiatan_utama", "sasaran_tematik"], batch_size=1000)


def _seed_windows(provinces):
    """Every demo province's windows: the 1st to the 8th of the month after each triwulan."""
    windows = {}
    for province in provinces:
        for year in (2024, 2025):
            for quarter in (1, 2, 3, 4):
                opens = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, quarter * 3 + 1, 1)
                window, _created = ReportingWindow.objects.get_or_create(
                    province=province, year=year, quarter=quarter,
                    defaults={"opens_on": opens, "closes_on": opens + datetime.timedelta(days=7)},
                )
                window.province = province  # read for its time zone, no query per window
                windows[(province.pk, year, quarter)] = window
    return windows


def _submitted_at(rng, window, province):
    """A working hour inside the window, or (about 1 in 12) a few days after it closed."""
    late = rng.random() < 1 / 12
    day = window.closes_on + datetime.timedelta(days=rng.randint(1, 5)) if late else (
        window.opens_on + datetime.timedelta(days=rng.randint(0, (window.closes_on - window.opens_on).days)))
    return datetime.datetime.combine(day, datetime.time(rng.randint(8, 15), rng.randint(0, 59)), tzinfo=province.tzinfo)
