"""Demo Anjab/ABK of two Kalteng agencies (called from institutions.demo).

Diskominfosantik (verified 2025 ABK) and Dinas Kesehatan (draft 2025 ABK) of the Province of
Kalimantan Tengah, each with its organisation structure (OrganisationStructure + OrgUnit tree).
Idempotent: rows are found by their natural keys and created only when missing, so a second
run changes nothing.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from agencies.demo import opd as demo_opd

from .models import Abk, Position, Task

YEAR = 2025
VALID_FROM = datetime.date(2024, 1, 2)

# unit key: (parent key, name, kind, level, order)
DISKOMINFO_UNITS = {
    "root": (None, "Dinas Komunikasi, Informatika, Persandian dan Statistik", "agency", "II.a", 0),
    "sekr": ("root", "Sekretariat", "secretariat", "III.a", 1),
    "umpeg": ("sekr", "Subbagian Umum dan Kepegawaian", "subbagian", "IV.a", 2),
    "ikp": ("root", "Bidang Informasi dan Komunikasi Publik", "bidang", "III.b", 3),
    "aptika": ("root", "Bidang Aplikasi Informatika", "bidang", "III.b", 4),
    "sandi": ("root", "Bidang Persandian dan Statistik", "bidang", "III.b", 5),
}
DINKES_UNITS = {
    "root": (None, "Dinas Kesehatan", "agency", "II.a", 0),
    "sekr": ("root", "Sekretariat", "secretariat", "III.a", 1),
    "umpeg": ("sekr", "Subbagian Umum dan Kepegawaian", "subbagian", "IV.a", 2),
    "kesmas": ("root", "Bidang Kesehatan Masyarakat", "bidang", "III.b", 3),
    "p2p": ("root", "Bidang Pencegahan dan Pengendalian Penyakit", "bidang", "III.b", 4),
    "yankes": ("root", "Bidang Pelayanan dan Sumber Daya Kesehatan", "bidang", "III.b", 5),
}

# (code, unit, kind, level, name, kelas, in post, summary, education, [(task, output, unit, volume, period, norm)])
DISKOMINFO_POSITIONS = [
    ("KOM-001", "root", "jpt_pratama", "", "Kepala Dinas", 14, 1,
     "Memimpin penyelenggaraan urusan komunikasi, informatika, persandian dan statistik.", "S2 Ilmu Komunikasi/Informatika",
     [("Menetapkan rencana strategis dan rencana kerja dinas", "Dokumen Renstra/Renja", "dokumen", 2, "year", 2400),
      ("Memimpin rapat koordinasi pimpinan", "Arahan rapat", "rapat", 1, "week", 180),
      ("Menandatangani naskah dinas", "Naskah dinas", "naskah", 8, "day", 10),
      ("Melaporkan kinerja dinas kepada Gubernur", "Laporan kinerja", "laporan", 4, "year", 600),
      ("Membina dan mengevaluasi kinerja pejabat di bawahnya", "Hasil evaluasi kinerja", "laporan", 1, "day", 120)]),
    ("KOM-002", "sekr", "administrator", "", "Sekretaris", 12, 1,
     "Mengoordinasikan perencanaan, keuangan, umum dan kepegawaian dinas.", "S1 Administrasi/Manajemen",
     [("Mengoordinasikan penyusunan rencana kerja dan anggaran", "Dokumen RKA", "dokumen", 2, "year", 1800),
      ("Memverifikasi naskah dinas sebelum ditandatangani", "Naskah terverifikasi", "naskah", 10, "day", 8),
      ("Memimpin rapat staf sekretariat", "Notula rapat", "rapat", 1, "week", 120),
      ("Menyusun laporan keuangan dinas", "Laporan keuangan", "laporan", 12, "month", 120),
      ("Mengoordinasikan penyusunan laporan kinerja (LKjIP)", "Bahan LKjIP", "dokumen", 2, "week", 240)]),
    ("KOM-003", "umpeg", "pengawas", "", "Kepala Subbagian Umum dan Kepegawaian", 9, 1,
     "Menyiapkan urusan umum, rumah tangga, arsip dan kepegawaian.", "S1 semua jurusan",
     [("Menyusun usulan kenaikan pangkat dan gaji berkala", "Usulan", "berkas", 6, "month", 60),
      ("Mengendalikan persuratan dan kearsipan", "Agenda surat", "surat", 25, "day", 6),
      ("Menyusun rencana kebutuhan barang", "Dokumen RKBMD", "dokumen", 1, "year", 1200),
      ("Mengelola data kepegawaian dan rekap kehadiran", "Rekap kehadiran", "rekap", 1, "day", 90)]),
    ("KOM-004", "umpeg", "pelaksana", "", "Pengadministrasi Perkantoran", 6, 3,
     "Melakukan kegiatan administrasi perkantoran.", "SMA/D3",
     [("Mengagendakan surat masuk dan keluar", "Agenda surat", "surat", 40, "day", 5),
      ("Menggandakan dan mendistribusikan naskah", "Naskah terdistribusi", "naskah", 20, "day", 4),
      ("Menyiapkan rapat dinas", "Rapat siap", "rapat", 3, "week", 60),
      ("Mengarsipkan naskah dinas", "Berkas arsip", "berkas", 30, "day", 10)]),
    ("KOM-005", "ikp", "administrator", "", "Kepala Bidang Informasi dan Komunikasi Publik", 11, 1,
     "Memimpin pengelolaan informasi dan komunikasi publik pemerintah provinsi.", "S1 Ilmu Komunikasi",
     [("Menetapkan agenda setting isu publik", "Agenda setting", "dokumen", 1, "week", 240),
      ("Mengoordinasikan siaran pers pemerintah provinsi", "Siaran pers", "siaran", 3, "week", 60),
      ("Mengevaluasi layanan PPID", "Laporan evaluasi", "laporan", 4, "year", 900),
      ("Membina pengelola informasi dan dokumentasi perangkat daerah", "Pembinaan", "kegiatan", 2, "week", 300), ("Menyusun laporan kinerja bidang", "Laporan kinerja", "laporan", 12, "month", 240)]),
    ("KOM-006", "ikp", "fungsional", "ahli_muda", "Pranata Hubungan Masyarakat Ahli Muda", 9, 2,
     "Mengelola hubungan masyarakat dan informasi publik.", "S1 Ilmu Komunikasi",
     [("Menyusun naskah siaran pers", "Siaran pers", "naskah", 2, "day", 90),
      ("Memantau dan menganalisis isu media", "Laporan analisis media", "laporan", 1, "week", 300),
      ("Mengelola konten kanal media sosial", "Konten terbit", "konten", 3, "day", 45),
      ("Meliput kegiatan pimpinan daerah", "Berita", "berita", 2, "day", 120)]),
    ("KOM-007", "aptika", "administrator", "", "Kepala Bidang Aplikasi Informatika", 11, 1,
     "Memimpin pengembangan aplikasi dan layanan SPBE.", "S1 Teknik Informatika",
     [("Mengoordinasikan penerapan SPBE perangkat daerah", "Laporan koordinasi", "laporan", 2, "month", 480),
      ("Menetapkan arsitektur aplikasi daerah", "Dokumen arsitektur", "dokumen", 1, "year", 4800),
      ("Mengawasi pengembangan dan integrasi aplikasi", "Laporan pengawasan", "laporan", 1, "day", 180)]),
    ("KOM-008", "aptika", "fungsional", "ahli_pertama", "Pranata Komputer Ahli Pertama", 8, 1,
     "Mengembangkan dan memelihara aplikasi pemerintahan.", "S1 Teknik Informatika/Ilmu Komputer",
     [("Mengembangkan modul aplikasi", "Modul aplikasi", "modul", 2, "month", 2400),
      ("Menangani permintaan dukungan aplikasi", "Tiket selesai", "tiket", 6, "day", 30),
      ("Mencadangkan basis data", "Cadangan data", "kali", 1, "week", 60),
      ("Menguji keamanan dan kinerja aplikasi", "Laporan uji", "laporan", 4, "week", 240)]),
    ("KOM-009", "sandi", "fungsional", "ahli_muda", "Sandiman Ahli Muda", 9, 1,
     "Menyelenggarakan persandian untuk pengamanan informasi.", "D4/S1 Persandian",
     [("Melakukan penilaian keamanan sistem elektronik", "Laporan penilaian", "laporan", 2, "month", 960),
      ("Mengelola sertifikat elektronik pegawai", "Sertifikat terbit", "sertifikat", 10, "week", 20),
      ("Mengamankan jaring komunikasi sandi", "Laporan pengamanan", "laporan", 1, "day", 150)]),
    ("KOM-010", "sandi", "fungsional", "ahli_pertama", "Statistisi Ahli Pertama", 8, 1,
     "Mengolah dan menyajikan data statistik sektoral.", "S1 Statistika",
     [("Mengolah data statistik sektoral perangkat daerah", "Tabel data", "tabel", 15, "week", 45),
      ("Menyusun publikasi statistik sektoral", "Publikasi", "publikasi", 4, "year", 3000)]),
]
DINKES_POSITIONS = [
    ("KES-001", "root", "jpt_pratama", "", "Kepala Dinas", 14, 1,
     "Memimpin penyelenggaraan urusan kesehatan provinsi.", "S2 Kesehatan Masyarakat/Kedokteran",
     [("Menetapkan rencana strategis bidang kesehatan", "Dokumen Renstra", "dokumen", 1, "year", 3000),
      ("Memimpin rapat koordinasi program kesehatan", "Arahan rapat", "rapat", 1, "week", 180),
      ("Menandatangani naskah dinas", "Naskah dinas", "naskah", 10, "day", 10),
      ("Membina dan mengevaluasi kinerja pejabat di bawahnya", "Hasil evaluasi kinerja", "laporan", 1, "day", 120)]),
    ("KES-002", "sekr", "administrator", "", "Sekretaris", 12, 1,
     "Mengoordinasikan perencanaan, keuangan, umum dan kepegawaian dinas.", "S1 Kesehatan Masyarakat/Manajemen",
     [("Mengoordinasikan penyusunan rencana kerja dan anggaran", "Dokumen RKA", "dokumen", 2, "year", 1800),
      ("Memverifikasi naskah dinas", "Naskah terverifikasi", "naskah", 12, "day", 8),
      ("Menyusun laporan keuangan dinas", "Laporan keuangan", "laporan", 12, "month", 120),
      ("Mengoordinasikan penyusunan laporan kinerja (LKjIP)", "Bahan LKjIP", "dokumen", 2, "week", 240)]),
    ("KES-003", "umpeg", "pelaksana", "", "Pengelola Kepegawaian", 7, 2,
     "Mengelola administrasi kepegawaian.", "D3/S1",
     [("Memproses usulan kenaikan pangkat", "Usulan", "berkas", 30, "month", 45),
      ("Memutakhirkan data kepegawaian SIASN", "Data mutakhir", "data", 15, "day", 10),
      ("Menyusun rekap kehadiran dan tunjangan kinerja", "Rekap", "rekap", 1, "day", 180)]),
    ("KES-004", "kesmas", "administrator", "", "Kepala Bidang Kesehatan Masyarakat", 11, 1,
     "Memimpin program kesehatan keluarga, gizi, promosi dan kesehatan lingkungan.", "S1/S2 Kesehatan Masyarakat",
     [("Mengoordinasikan program penurunan stunting", "Laporan koordinasi", "laporan", 2, "month", 480),
      ("Mengevaluasi capaian SPM bidang kesehatan", "Laporan evaluasi", "laporan", 4, "year", 1200),
      ("Membina program kesehatan keluarga kabupaten/kota", "Pembinaan", "kegiatan", 1, "day", 180)]),
    ("KES-005", "kesmas", "fungsional", "ahli_muda", "Nutrisionis Ahli Muda", 9, 1,
     "Mengelola program gizi masyarakat.", "S1 Gizi",
     [("Menganalisis data status gizi balita kabupaten/kota", "Laporan analisis", "laporan", 14, "month", 120),
      ("Membina tenaga gizi puskesmas", "Pembinaan", "kegiatan", 2, "week", 240),
      ("Melakukan surveilans gizi", "Laporan surveilans", "laporan", 14, "week", 60)]),
    ("KES-006", "p2p", "fungsional", "ahli_pertama", "Epidemiolog Kesehatan Ahli Pertama", 8, 1,
     "Melakukan surveilans dan analisis epidemiologi.", "S1 Kesehatan Masyarakat (Epidemiologi)",
     [("Menganalisis laporan surveilans mingguan", "Laporan W2", "laporan", 14, "week", 30),
      ("Melakukan penyelidikan epidemiologi KLB", "Laporan PE", "laporan", 12, "year", 1440),
      ("Memverifikasi sinyal kewaspadaan dini (SKDR)", "Sinyal terverifikasi", "sinyal", 20, "day", 20)]),
    ("KES-007", "yankes", "fungsional", "ahli_muda", "Administrator Kesehatan Ahli Muda", 9, 1,
     "Mengelola perizinan dan mutu fasilitas pelayanan kesehatan.", "S1/S2 Administrasi Kesehatan",
     [("Memverifikasi permohonan izin fasilitas kesehatan", "Rekomendasi", "berkas", 8, "week", 90),
      ("Membina akreditasi rumah sakit dan puskesmas", "Pembinaan", "kegiatan", 3, "month", 480)]),
]


def _units(opd, spec):
    from institutions.models import OrganisationStructure, OrgUnit

    structure, _created = OrganisationStructure.objects.get_or_create(opd=opd, valid_from=VALID_FROM)
    units = {}
    for key, (parent, name, kind, level, order) in spec.items():
        unit = OrgUnit.objects.filter(structure=structure, name=name).first()
        if unit is None:
            unit = OrgUnit.objects.create(structure=structure, parent=units.get(parent), name=name, kind=kind, level=level, order=order)
        units[key] = unit
    return structure, units


def _abk(opd, spec_units, spec_positions, status):
    structure, units = _units(opd, spec_units)
    abk, created = Abk.objects.get_or_create(opd=opd, year=YEAR, defaults={"structure": structure})
    if not created:
        return abk, False
    for order, (code, unit, kind, level, name, grade, in_post, summary, education, tasks) in enumerate(spec_positions, 1):
        position = Position.objects.create(
            abk=abk, unit=units[unit], code=code, kind=kind, functional_level=level, name=name, grade=grade,
            in_post=in_post, summary=summary, education=education, order=order,
            training="Pelatihan teknis sesuai bidang tugas", experience="Berpengalaman di bidang tugasnya",
        )
        for number, (description, output, output_unit, volume, period, norm) in enumerate(tasks, 1):
            Task.objects.create(position=position, order=number, description=description, output=output,
                                output_unit=output_unit, volume=Decimal(volume), period=period, time_norm=Decimal(norm))
    if status != Abk.Status.DRAFT:
        now = timezone.now()
        Abk.objects.filter(pk=abk.pk).update(status=status, submitted_at=now, verified_at=now,
                                             comment="Sesuai dengan struktur dan beban kerja.")
    return abk, True


@transaction.atomic
def seed(stdout):
    made = []
    for code, units, positions, status in (
        ("DISKOMINFO", DISKOMINFO_UNITS, DISKOMINFO_POSITIONS, Abk.Status.VERIFIED),
        ("DINKES", DINKES_UNITS, DINKES_POSITIONS, Abk.Status.DRAFT),
    ):
        _abk_row, created = _abk(demo_opd("62", code), units, positions, status)
        made.append(created)
    stdout.write(f"anjab: 2 ABK {YEAR} of Kalteng (Diskominfosantik verified, Dinkes draft); {sum(made)} created")
