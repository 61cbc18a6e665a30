"""The evaluation frameworks (LKE trees) the portal ships with, seeded by one function.

Two trees are seeded by the data migration 0002 and by `seed_frameworks()`:

- 2020–2022: PermenPANRB 26/2020 for regional governments: Komponen Pengungkit (60) with the
  eight areas of change and Komponen Hasil (40);
- 2023 onwards: PermenPANRB 9/2023 (juknis KepmenPANRB 739/2023 and 182/2024): RB General (100)
  and RB Tematik (up to 20) with its four themes, 120 in all.

The weights below are the portal's reference values; a Biro or the national admin adjusts them, or
adds a new year's tree (e.g. RB Berdampak from 2025), in the admin or by importing an xlsx tree:
no code change is needed for a new year.

Criteria answered on the LKE scale (Ya/Tidak, A–E) have maximum score 1; survey and percentage
criteria have maximum score 100.
"""

from decimal import Decimal

D = Decimal

# (code, name, weight, max_score, children)
PENGUNGKIT_2020 = [
    ("P.1", "Manajemen Perubahan", "5", [
        ("P.1.a", "Tim Reformasi Birokrasi dibentuk dan bekerja", "1.5", "1"),
        ("P.1.b", "Road map RB disusun dan dilaksanakan", "1.5", "1"),
        ("P.1.c", "Pemantauan dan evaluasi pelaksanaan RB", "1", "1"),
        ("P.1.d", "Perubahan pola pikir dan budaya kerja", "1", "1"),
    ]),
    ("P.2", "Deregulasi Kebijakan", "5", [
        ("P.2.a", "Harmonisasi dan identifikasi kebijakan yang tidak harmonis", "2.5", "1"),
        ("P.2.b", "Sistem pengendalian dalam penyusunan kebijakan", "2.5", "1"),
    ]),
    ("P.3", "Penataan dan Penguatan Organisasi", "6", [
        ("P.3.a", "Evaluasi kelembagaan perangkat daerah", "3", "1"),
        ("P.3.b", "Penataan kelembagaan berdasarkan hasil evaluasi", "3", "1"),
    ]),
    ("P.4", "Penataan Tatalaksana", "5", [
        ("P.4.a", "Proses bisnis dan prosedur operasional tetap (SOP)", "2", "1"),
        ("P.4.b", "Sistem pemerintahan berbasis elektronik (SPBE)", "2", "1"),
        ("P.4.c", "Keterbukaan informasi publik", "1", "1"),
    ]),
    ("P.5", "Penataan Sistem Manajemen SDM Aparatur", "15", [
        ("P.5.a", "Perencanaan kebutuhan pegawai sesuai kebutuhan organisasi", "2", "1"),
        ("P.5.b", "Pola mutasi internal", "2", "1"),
        ("P.5.c", "Pengembangan pegawai berbasis kompetensi", "3", "1"),
        ("P.5.d", "Penetapan kinerja individu", "3", "1"),
        ("P.5.e", "Penegakan aturan disiplin, kode etik dan kode perilaku", "2", "1"),
        ("P.5.f", "Sistem informasi kepegawaian", "3", "1"),
    ]),
    ("P.6", "Penguatan Akuntabilitas", "6", [
        ("P.6.a", "Keterlibatan pimpinan", "2", "1"),
        ("P.6.b", "Pengelolaan akuntabilitas kinerja", "4", "1"),
    ]),
    ("P.7", "Penguatan Pengawasan", "12", [
        ("P.7.a", "Pengendalian gratifikasi", "2", "1"),
        ("P.7.b", "Penerapan SPIP", "3", "1"),
        ("P.7.c", "Pengaduan masyarakat", "1.5", "1"),
        ("P.7.d", "Whistle-blowing system", "1.5", "1"),
        ("P.7.e", "Penanganan benturan kepentingan", "1.5", "1"),
        ("P.7.f", "Pembangunan zona integritas", "1.5", "1"),
        ("P.7.g", "Peningkatan kapabilitas APIP", "1", "1"),
    ]),
    ("P.8", "Peningkatan Kualitas Pelayanan Publik", "6", [
        ("P.8.a", "Standar pelayanan", "2", "1"),
        ("P.8.b", "Budaya pelayanan prima", "2", "1"),
        ("P.8.c", "Penilaian kepuasan terhadap pelayanan", "2", "1"),
    ]),
]
HASIL_2020 = [
    ("H.1", "Kapasitas dan Akuntabilitas Kinerja Organisasi", "20", [
        ("H.1.a", "Nilai akuntabilitas kinerja (SAKIP)", "10", "100"),
        ("H.1.b", "Opini BPK atas laporan keuangan", "5", "1"),
        ("H.1.c", "Capaian indikator kinerja utama", "5", "100"),
    ]),
    ("H.2", "Pemerintah yang Bersih dan Bebas KKN", "10", [
        ("H.2.a", "Nilai persepsi korupsi (survei eksternal)", "5", "100"),
        ("H.2.b", "Persentase penyampaian LHKPN dan LHKASN", "5", "100"),
    ]),
    ("H.3", "Kualitas Pelayanan Publik", "10", [
        ("H.3.a", "Nilai persepsi kualitas pelayanan (survei eksternal)", "6", "100"),
        ("H.3.b", "Kepatuhan standar pelayanan publik (Ombudsman)", "4", "100"),
    ]),
]

GENERAL_2023 = [
    ("G.1", "Manajemen Perubahan", "4", [
        ("G.1.a", "Tim RB, road map dan rencana aksi RB General", "2", "1"),
        ("G.1.b", "Agen perubahan dan budaya kerja BerAKHLAK", "2", "1"),
    ]),
    ("G.2", "Deregulasi Kebijakan", "4", [
        ("G.2.a", "Identifikasi, analisis dan harmonisasi kebijakan", "2", "1"),
        ("G.2.b", "Pengendalian kualitas kebijakan", "2", "1"),
    ]),
    ("G.3", "Penataan dan Penguatan Organisasi", "5", [
        ("G.3.a", "Evaluasi kelembagaan dan penyederhanaan birokrasi", "3", "1"),
        ("G.3.b", "Penyesuaian sistem kerja setelah penyetaraan jabatan", "2", "1"),
    ]),
    ("G.4", "Penataan Tatalaksana", "6", [
        ("G.4.a", "Proses bisnis dan SOP", "2", "1"),
        ("G.4.b", "Indeks SPBE", "4", "100"),
    ]),
    ("G.5", "Penataan Sistem Manajemen SDM Aparatur", "12", [
        ("G.5.a", "Indeks sistem merit", "6", "100"),
        ("G.5.b", "Manajemen kinerja pegawai", "3", "1"),
        ("G.5.c", "Pengembangan kompetensi (20 JP per pegawai)", "3", "100"),
    ]),
    ("G.6", "Penguatan Akuntabilitas", "9", [
        ("G.6.a", "Keterlibatan pimpinan dalam akuntabilitas kinerja", "3", "1"),
        ("G.6.b", "Pengelolaan akuntabilitas kinerja", "6", "1"),
    ]),
    ("G.7", "Penguatan Pengawasan", "10", [
        ("G.7.a", "Maturitas SPIP", "4", "5"),
        ("G.7.b", "Kapabilitas APIP", "3", "5"),
        ("G.7.c", "Pembangunan zona integritas", "3", "1"),
    ]),
    ("G.8", "Peningkatan Kualitas Pelayanan Publik", "10", [
        ("G.8.a", "Standar pelayanan dan maklumat pelayanan", "4", "1"),
        ("G.8.b", "Pengelolaan pengaduan (SP4N-LAPOR!)", "3", "1"),
        ("G.8.c", "Inovasi pelayanan publik", "3", "1"),
    ]),
    ("G.9", "Kapasitas dan Akuntabilitas Kinerja Organisasi", "15", [
        ("G.9.a", "Nilai SAKIP", "10", "100"),
        ("G.9.b", "Opini BPK atas laporan keuangan", "5", "1"),
    ]),
    ("G.10", "Pemerintah yang Bersih dan Bebas KKN", "15", [
        ("G.10.a", "Indeks persepsi korupsi (survei penilaian integritas)", "10", "100"),
        ("G.10.b", "Kepatuhan LHKPN", "5", "100"),
    ]),
    ("G.11", "Kualitas Pelayanan Publik", "10", [
        ("G.11.a", "Indeks pelayanan publik", "5", "5"),
        ("G.11.b", "Opini kepatuhan pelayanan publik (Ombudsman)", "5", "100"),
    ]),
]
TEMATIK_2023 = [
    ("T.1", "Pengentasan Kemiskinan", "5", [
        ("T.1.a", "Rencana aksi dan pelaksanaan RB Tematik kemiskinan", "2", "1"),
        ("T.1.b", "Capaian indikator dampak: penurunan angka kemiskinan", "3", "1"),
    ]),
    ("T.2", "Peningkatan Investasi", "5", [
        ("T.2.a", "Rencana aksi dan pelaksanaan RB Tematik investasi", "2", "1"),
        ("T.2.b", "Capaian indikator dampak: realisasi investasi", "3", "1"),
    ]),
    ("T.3", "Digitalisasi Administrasi Pemerintahan", "5", [
        ("T.3.a", "Rencana aksi dan pelaksanaan digitalisasi administrasi", "2", "1"),
        ("T.3.b", "Capaian indikator dampak: layanan terintegrasi", "3", "1"),
    ]),
    ("T.4", "Percepatan Prioritas Aktual Presiden", "5", [
        ("T.4.a", "Penggunaan produk dalam negeri", "2.5", "1"),
        ("T.4.b", "Pengendalian inflasi daerah", "2.5", "1"),
    ]),
]

FRAMEWORKS = [
    {
        "year_from": 2020,
        "year_to": 2022,
        "name": "LKE RB Pemerintah Daerah 2020–2022",
        "max_total": "100",
        "regulation": "PermenPANRB 26/2020 tentang Pedoman Evaluasi Pelaksanaan Reformasi Birokrasi",
        "components": [
            ("P", "Komponen Pengungkit", "60", PENGUNGKIT_2020),
            ("H", "Komponen Hasil", "40", HASIL_2020),
        ],
    },
    {
        "year_from": 2023,
        "year_to": None,
        "name": "LKE RB General dan RB Tematik",
        "max_total": "120",
        "regulation": "PermenPANRB 9/2023; KepmenPANRB 739/2023; KepmenPANRB 182/2024 (juknis 2024)",
        "components": [
            ("G", "RB General", "100", GENERAL_2023),
            ("T", "RB Tematik", "20", TEMATIK_2023),
        ],
    },
]


def seed_frameworks(apps=None):
    """Create or update the shipped frameworks and their trees; safe to run again.

    `apps` is the migration app registry (data migration 0002); without it the live models are used.
    """
    if apps is None:
        from .models import Framework, FrameworkNode
    else:
        Framework = apps.get_model("evaluations", "Framework")
        FrameworkNode = apps.get_model("evaluations", "FrameworkNode")

    for spec in FRAMEWORKS:
        framework, _ = Framework.objects.update_or_create(
            year_from=spec["year_from"],
            defaults={
                "year_to": spec["year_to"],
                "name": spec["name"],
                "max_total": D(spec["max_total"]),
                "regulation": spec["regulation"],
            },
        )
        order = 0

        def put(code, name, kind, weight, max_score, parent):
            nonlocal order
            order += 1
            node, _ = FrameworkNode.objects.update_or_create(
                framework=framework,
                code=code,
                defaults={
                    "name": name,
                    "kind": kind,
                    "weight": D(weight),
                    "max_score": D(max_score),
                    "order": order,
                    "parent": parent,
                },
            )
            return node

        for code, name, weight, subs in spec["components"]:
            component = put(code, name, "komponen", weight, weight, None)
            for sub_code, sub_name, sub_weight, criteria in subs:
                sub = put(sub_code, sub_name, "subkomponen", sub_weight, sub_weight, component)
                for crit_code, crit_name, crit_weight, crit_max in criteria:
                    put(crit_code, crit_name, "kriteria", crit_weight, crit_max, sub)
