"""Demo action plans: every active demo OPD gets plans for 2024 and 2025, with progress through
TW IV 2024 (mostly verified) and TW III 2025 in mixed states (verified, submitted, returned,
draft, missing), so every page shows something true.

Idempotent: plans are keyed by (OPD, year, code) and reports by (plan, triwulan); only missing
rows are created, in bulk with their history rows. Content is deterministic (seeded per OPD).
"""

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agencies.demo import DEMO_PROVINCE_CODES
from agencies.models import Membership, Opd, Province, User
from agencies.roles import Role

from . import rollups
from .models import ActionPlan, Evidence, ProgressReport, ProvinceTarget, ReportTransition, Theme
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


def _plans_for(opd, year, rng, themes):
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
    opds = list(Opd.objects.filter(pemda__province__code__in=DEMO_PROVINCE_CODES, is_active=True).select_related("pemda"))
    existing = set(ActionPlan.objects.filter(opd__in=opds, year__in=(2024, 2025)).values_list("opd_id", "year", "code"))
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    opd_admins = {m.opd_id: m.user for m in Membership.objects.filter(role=Role.OPD_ADMIN).select_related("user")}
    biro = {m.pemda.province_id: m.user for m in Membership.objects.filter(role=Role.BIRO).select_related("user", "pemda")}

    new_plans = []
    for opd in opds:
        for year in (2024, 2025):
            rng = random.Random(f"{opd.pemda.code}:{opd.code}:{year}")
            for plan in _plans_for(opd, year, rng, themes):
                if (opd.pk, year, plan.code) not in existing:
                    new_plans.append(plan)
    if new_plans:
        bulk_create_with_history(new_plans, ActionPlan, batch_size=1000, default_user=admin)

    plans = list(ActionPlan.objects.filter(opd__in=opds, year__in=(2024, 2025)).select_related("opd__pemda"))
    have = set(ProgressReport.objects.filter(plan__in=plans).values_list("plan_id", "quarter"))
    now = timezone.now()
    new_reports, steps = [], []
    for plan in plans:
        rng = random.Random(f"{plan.opd.pemda.code}:{plan.opd.code}:{plan.year}:{plan.code}:reports")
        for quarter in (1, 2, 3, 4) if plan.year == 2024 else (1, 2, 3):
            # draw every random value before deciding to skip, so re-runs see the same sequence
            status = _status_for(rng, plan.year, quarter)
            realisation = _realisation(rng, plan, quarter)
            obstacles = rng.choice(["", "Keterbatasan anggaran", "Data dari unit kerja terlambat", "Jaringan internet tidak stabil"])
            solutions = rng.choice(["", "Koordinasi dengan Bappeda", "Rapat koordinasi rutin", "Pendampingan oleh Diskominfo"])
            if status is None or (plan.pk, quarter) in have:
                continue
            reporter = opd_admins.get(plan.opd_id) or admin
            reviewer = biro.get(plan.opd.pemda.province_id) or admin
            report = ProgressReport(
                plan=plan, quarter=quarter, realisation=realisation, status=status,
                narrative=f"Kegiatan {plan.activity_rows[0][0].lower()} telah dilaksanakan sesuai jadwal." if plan.activities else "",
                obstacles=obstacles,
                solutions=solutions,
                comment="Lengkapi data dukung berupa daftar hadir dan dokumentasi." if status == Status.RETURNED else "",
                submitted_at=now if status != Status.DRAFT else None,
                submitted_by=reporter if status != Status.DRAFT else None,
                reviewed_at=now if status in (Status.VERIFIED, Status.RETURNED) else None,
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
        bulk_create_with_history(evidence, Evidence, batch_size=1000, default_user=admin)
    if new_plans or new_reports:
        # bulk_create skips the signals that keep the stored roll-ups
        rollups.refresh({(plan.opd_id, plan.year) for plan in plans})
    stdout.write(
        f"actionplans: {len(plans)} action plans ({len(new_plans)} created) for {len(opds)} OPDs, "
        f"{len(new_reports)} progress reports created"
    )
