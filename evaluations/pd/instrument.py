"""The maturity instrument of Permendagri 99/2018 the portal ships with, as data.

Sources (consulted December 2026; third-party copies, the regulation's own annex was not
available, so what rests on them is marked provisional):
- [REG] Permendagri No. 99 Tahun 2018 tentang Pembinaan dan Pengendalian Penataan Perangkat
  Daerah, copy at https://id.scribd.com/document/433680935/Permendagri-No-99-TH-2018-pdf
  (the body of the regulation: assessment of tata laksana, budaya organisasi and inovasi).
- [JEPARA] Bagian Organisasi Setda Jepara, "Penilaian Kematangan Perangkat Daerah berdasarkan
  Permendagri 99/2018" (5 August 2021), https://id.scribd.com/presentation/519231508/
  (the 11 variables a–k and the five levels Reactive, Compliance, Proactive, Performed, Sustained).
- [PEDOMAN] "Pedoman Pengisian Indikator Tingkat Kematangan Perangkat Daerah",
  https://id.scribd.com/presentation/509672553/ (the 11 variables by name; the score 11–55 and
  its five bands; the staged level: an agency stays at the level of its lowest variable).
- [KARANGANYAR] Instrumen Penilaian Tingkat Kematangan Perangkat Daerah, Kabupaten Karanganyar
  2020, https://id.scribd.com/document/473906679/ (the evidence asked, e.g. Renja and RKA for
  planning).
- [RAKOR2019] "Rakor Kelembagaan", 21 November 2019, slides on Permendagri 99/2018,
  https://id.scribd.com/presentation/455642776/ (consulted December 2026: assessment of tata
  laksana, budaya organisasi and inovasi; "Variabel dan kualifikasi" 1–7 in the same order and
  wording as below; the rest of the list is cut off in the copy).

Status: the regulation's annex (the instrument itself) was not found in December 2026 either.
The eleven variables and their order agree in three secondary sources (two complete, one up to
variable 7) and the five-level scale in two; that is not the annex's text, so every variable
stays marked provisional. The level descriptors below are the portal's summary of each variable
on the five-level scale, not the annex's wording; replace them by importing the annex as xlsx
(the instrument page) once a certified copy is at hand.
"""

SOURCE = (
    "Permendagri 99/2018 (salinan batang tubuh: id.scribd.com/document/433680935); lampiran instrumen belum "
    "ditemukan. Daftar 11 variabel dan skala lima tingkat dari sumber sekunder: materi sosialisasi Bagian "
    "Organisasi Setda Jepara 2021 (id.scribd.com/presentation/519231508), Pedoman Pengisian Indikator Tingkat "
    "Kematangan Perangkat Daerah (id.scribd.com/presentation/509672553) dan materi Rakor Kelembagaan "
    "21 November 2019 (id.scribd.com/presentation/455642776, variabel 1–7)."
)
VARIABLE_SOURCE = (
    "Sumber sekunder (lampiran Permendagri 99/2018 belum ditemukan): Pedoman Pengisian Indikator Tingkat "
    "Kematangan PD; materi Bagian Organisasi Jepara 2021; Rakor Kelembagaan 21 Nov 2019 (variabel 1–7)"
)

# The generic meaning of each level, from [JEPARA]: used to phrase the provisional descriptors.
LEVEL_NAMES = {
    1: "Reaktif (reactive)",
    2: "Kepatuhan (compliance)",
    3: "Proaktif (proactive)",
    4: "Berkinerja (performed)",
    5: "Berkelanjutan (sustained)",
}


def _levels(subject):
    return [
        f"{subject} dilakukan tidak konsisten dan ad hoc, tanpa kriteria atau pedoman yang terukur.",
        f"{subject} dilakukan untuk memenuhi ketentuan peraturan; pedoman ada, tetapi belum dievaluasi.",
        f"{subject} dilakukan secara terencana dan berorientasi pada kebutuhan pengguna layanan.",
        f"{subject} diukur dengan indikator kinerja dan hasilnya dipakai untuk perbaikan.",
        f"{subject} diperbaiki secara berkelanjutan dan terintegrasi dengan perangkat daerah lain.",
    ]


# (code, name, subject used in the provisional descriptors, evidence asked)
VARIABLES = [
    ("1", "Perencanaan Pembangunan Daerah", "Penentuan kegiatan prioritas dalam Renja/RKPD",
     "Renstra dan Renja perangkat daerah, RKA, kriteria penentuan prioritas kegiatan."),
    ("2", "Monitoring dan Pengendalian Pelaksanaan Tugas", "Monitoring dan pengendalian pelaksanaan tugas",
     "Laporan monitoring dan evaluasi, notulen rapat pengendalian, laporan realisasi kegiatan."),
    ("3", "Penjaminan Mutu Layanan", "Penjaminan mutu layanan",
     "Standar pelayanan, hasil survei kepuasan masyarakat, tindak lanjut pengaduan."),
    ("4", "Standar Operasional Prosedur (SOP)", "Penyusunan dan penerapan SOP",
     "Keputusan penetapan SOP, daftar SOP, hasil evaluasi penerapan SOP."),
    ("5", "Pendidikan dan Pelatihan Aparatur", "Pengembangan kompetensi aparatur melalui diklat",
     "Analisis kebutuhan diklat, daftar pegawai yang mengikuti diklat, sertifikat."),
    ("6", "Analisis Kebijakan dan Pemecahan Masalah Tugas", "Analisis kebijakan dan pemecahan masalah",
     "Kajian atau telaah kebijakan, rekomendasi kebijakan, notulen pembahasan masalah."),
    ("7", "Manajemen Sumber Daya Peralatan dan Perlengkapan Kerja yang Terukur",
     "Pengelolaan peralatan dan perlengkapan kerja", "Daftar inventaris barang, rencana kebutuhan barang, laporan pemeliharaan."),
    ("8", "Manajemen Risiko Pelaksanaan Tugas", "Pengelolaan risiko pelaksanaan tugas",
     "Register risiko, rencana tindak pengendalian, laporan pemantauan risiko (SPIP)."),
    ("9", "Pengukuran Kinerja", "Pengukuran kinerja perangkat daerah",
     "Perjanjian kinerja, indikator kinerja utama, LKjIP, hasil evaluasi SAKIP."),
    ("10", "Pengembangan Inovasi Layanan", "Pengembangan inovasi layanan",
     "Keputusan penetapan inovasi, laporan penerapan inovasi, data pengguna inovasi."),
    ("11", "Budaya Organisasi", "Penerapan nilai dan budaya kerja organisasi",
     "Penetapan nilai budaya kerja, agen perubahan, laporan internalisasi budaya kerja."),
]


def instrument_rows():
    """Rows as the xlsx import reads them: code, name, five descriptors, evidence."""
    return [
        {"code": code, "name": name, "levels": _levels(subject), "evidence": evidence}
        for code, name, subject, evidence in VARIABLES
    ]


def refresh_sources(PdInstrument, PdVariable):
    """Rewrite the source texts of the shipped 2019– instrument (citations only, nothing else)."""
    instrument = PdInstrument.objects.filter(year_from=2019).first()
    if instrument is None:
        return
    if instrument.source != SOURCE:
        instrument.source = SOURCE
        instrument.save(update_fields=["source"])
    codes = [code for code, *_rest in VARIABLES]
    for variable in PdVariable.objects.filter(instrument=instrument, code__in=codes).exclude(source=VARIABLE_SOURCE):
        variable.source = VARIABLE_SOURCE
        variable.save(update_fields=["source"])  # one row at a time: each change has its history


def seed_instrument(PdInstrument, PdVariable):
    """Create the 2019– instrument if it is missing (models passed in, so migrations can call it)."""
    instrument, created = PdInstrument.objects.get_or_create(
        year_from=2019,
        defaults={
            "name": "Instrumen Kematangan Perangkat Daerah (Permendagri 99/2018)",
            "regulation": "Permendagri No. 99 Tahun 2018 tentang Pembinaan dan Pengendalian Penataan Perangkat Daerah",
            "source": SOURCE,
            "is_provisional": True,
            "notes": "Uraian tingkat bersifat sementara (ringkasan portal), belum kutipan lampiran peraturan.",
        },
    )
    if not created:
        return instrument
    for order, row in enumerate(instrument_rows(), start=1):
        PdVariable.objects.create(
            instrument=instrument, code=row["code"], order=order, name=row["name"], evidence=row["evidence"],
            source=VARIABLE_SOURCE, is_provisional=True,
            **{f"level_{n}": text for n, text in enumerate(row["levels"], start=1)},
        )
    return instrument
