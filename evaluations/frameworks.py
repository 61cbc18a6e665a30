"""The evaluation frameworks (LKE trees) the portal ships with.

Trees are versioned, never rewritten in place: an LHE keeps the tree it was scored on.

- Version 1 (`FRAMEWORKS_V1`, data migration 0002) is what the portal shipped first: a flat tree
  per area of change whose weights were the portal's own guess. It stays, frozen, for the LHE
  already scored on it.
- Version 2 (`FRAMEWORKS`, data migration 0005) follows the regulations' structure:
  2020–2022 PermenPANRB 26/2020 (Pengungkit 60 = Pemenuhan 20 + Hasil Antara 10 + Reform 30;
  Hasil 40 = four × 10) and from 2023 PermenPANRB 9/2023 with juknis KepmenPANRB 739/2023
  (RB General 100 = A. Strategi Pelaksanaan 10 + B. Capaian Pelaksanaan Kebijakan RB 40 +
  C. Capaian Sasaran Strategis 50; RB Tematik up to 20).

Every tree and every weight carries its `source`. A weight no source text confirmed is stored as
`provisional`, shown as such on the framework page and in the admin, and replaced by importing the
official LKE workbook. `check_tree` refuses a tree whose children's weights do not add up.

Status of the sources (review of December 2026, data migration 0009): the Lampiran of PermenPANRB
26/2020 was not found, so every 2020–2022 weight stays provisional; its source names the secondary
sources that restate the component weights (Satu Data Pemprov NTB, Inspektorat Kota Madiun). The
2023 K/L part of KepmenPANRB 739/2023 Lampiran I.a was seen (A 10 = 3 + 7, B 40, hard element 33);
the Pemda worksheet (Lampiran I.b) was not.
"""

from decimal import Decimal

D = Decimal

# Version 1, frozen: (code, name, weight, max_score, children)
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

FRAMEWORKS_V1 = [
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



# --- version 2: the regulations' structure -------------------------------------------------------

SRC_739 = "KepmenPANRB 739/2023, Lampiran I, Lembar Kerja Evaluasi RB Tahun 2023"
UNCONFIRMED = "belum dikonfirmasi naskah; ganti dengan lembar kerja resmi"
# 2020–2022: the Lampiran of PermenPANRB 26/2020 was not found (December 2026). The component and
# sub-component weights come from two government pages that restate them; they stay provisional.
# Node sources are short (300 characters at most); the tree's source gives the full references.
SRC_26 = "PermenPANRB 26/2020, Lampiran (LKE RB Pemda)"
NOT_FOUND_26 = "naskah lampiran belum ditemukan, bobot sementara"
SEC_NTB = "metadata Indeks RB, Satu Data Pemprov NTB (data.ntbprov.go.id, dataset 9f0b28fe)"
SEC_MADIUN = "Inspektorat Kota Madiun (inspektorat.madiunkota.go.id, 4 Mei 2020)"
SRC_26_BOTH = f"{SRC_26}: {NOT_FOUND_26}; sumber sekunder: {SEC_NTB}; {SEC_MADIUN}"
SRC_26_HASIL = f"{SRC_26}: {NOT_FOUND_26}; sumber sekunder: {SEC_NTB}"
SRC_26_SPLIT = f"{SRC_26}: dibagi rata per area (pembagian portal, bukan peraturan); {NOT_FOUND_26}"
SRC_26_TREE = (
    f"{SRC_26}. Naskah lampiran belum ditemukan, bobot sementara; ganti dengan lembar kerja resmi. "
    "Struktur dan bobot komponen (Pengungkit 60 = Pemenuhan 20 + Hasil Antara Area Perubahan 10 + Reform 30; "
    "Hasil 40 = Akuntabilitas Kinerja dan Keuangan 10 + Kualitas Pelayanan Publik 10 + Pemerintah yang Bersih dan Bebas KKN 10 + Kinerja Organisasi 10) dari sumber "
    "sekunder: Satu Data Pemprov NTB, metadata dataset Indeks RB "
    "(data.ntbprov.go.id/index.php/dataset/9f0b28fe-f047-4c0b-ad1d-24fd7336f441); Inspektorat Kota Madiun, "
    "\"Permen PANRB No. 26 Tahun 2020\" (inspektorat.madiunkota.go.id/2020/05/04/permen-panrb-no-26-tahun-2020/). "
    "Pembagian per area perubahan adalah pembagian portal."
)

AREAS = [
    "Manajemen Perubahan",
    "Deregulasi Kebijakan",
    "Penataan dan Penguatan Organisasi",
    "Penataan Tatalaksana",
    "Penataan Sistem Manajemen SDM Aparatur",
    "Penguatan Akuntabilitas",
    "Penguatan Pengawasan",
    "Peningkatan Kualitas Pelayanan Publik",
]
THEMES = [
    "Pengentasan Kemiskinan",
    "Peningkatan Investasi",
    "Digitalisasi Administrasi Pemerintahan",
    "Percepatan Prioritas Aktual Presiden",
]


def node(code, name, weight, *, source, provisional=False, max_score=None, children=()):
    """One node of a version-2 tree; a leaf is a criterion answered on 0–100 unless told."""
    return {
        "code": code, "name": name, "weight": weight, "source": source, "provisional": provisional,
        "max_score": max_score, "children": list(children),
    }


def _over_areas(prefix, total, what):
    """A part of Pengungkit split over the eight areas; the split is the portal's, not the rule's."""
    share = str(D(total) / len(AREAS))
    return [
        node(f"{prefix}.{i}", f"{what}: {area}", share, source=SRC_26_SPLIT, provisional=True)
        for i, area in enumerate(AREAS, start=1)
    ]


TREE_2020 = [
    node("P", "Komponen Pengungkit", "60", source=SRC_26_BOTH, provisional=True, children=[
        node("P.1", "Pemenuhan", "20", source=SRC_26_BOTH, provisional=True,
             children=_over_areas("P.1", "20", "Pemenuhan")),
        node("P.2", "Hasil Antara Area Perubahan", "10", source=SRC_26_BOTH, provisional=True,
             children=_over_areas("P.2", "10", "Hasil antara")),
        node("P.3", "Reform", "30", source=SRC_26_BOTH, provisional=True,
             children=_over_areas("P.3", "30", "Reform")),
    ]),
    node("H", "Komponen Hasil", "40", source=SRC_26_BOTH, provisional=True, children=[
        node("H.1", "Akuntabilitas Kinerja dan Keuangan", "10", source=SRC_26_HASIL, provisional=True),
        node("H.2", "Kualitas Pelayanan Publik", "10", source=SRC_26_HASIL, provisional=True),
        node("H.3", "Pemerintah yang Bersih dan Bebas KKN", "10", source=SRC_26_HASIL, provisional=True),
        node("H.4", "Kinerja Organisasi", "10", source=SRC_26_HASIL, provisional=True),
    ]),
]

# The three goals of RB (Road Map RB as amended by PermenPANRB 3/2023) and the portal's split of C.
GOALS = [
    ("Birokrasi yang bersih dan akuntabel", "20"),
    ("Birokrasi yang kapabel", "15"),
    ("Pelayanan publik yang prima", "15"),
]
SRC_TEMATIK = (
    "PermenPANRB 9/2023 (RB Tematik menambah hingga 20); LKE evaluator nasional 2023 memuat "
    f"Strategi Pelaksanaan RB Tematik dan Capaian Dampak; {UNCONFIRMED}"
)
TREE_2023 = [
    node("G", "RB General", "100", source=f"{SRC_739}: RB General 100,00", children=[
        node("G.A", "A. Strategi Pelaksanaan RB General", "10",
             source=f"{SRC_739}: A. Strategi Pelaksanaan RB General 10,00", children=[
            node("G.A.1", "Rencana Aksi Pembangunan RB General", "3",
                 source=f"{SRC_739}: A.1 bobot 3,00, range nilai 0–100"),
            node("G.A.2", "Tingkat Implementasi Rencana Aksi Pembangunan RB General", "7",
                 source=f"{SRC_739}: A.2 bobot 7,00, range nilai 0–100"),
        ]),
        node("G.B", "B. Capaian Pelaksanaan Kebijakan RB", "40",
             source=f"{SRC_739}: B. Capaian Pelaksanaan Kebijakan RB 40,00", children=[
            node("G.B.1", "Hard element: kebijakan percepatan", "33", provisional=True,
                 source=f"{SRC_739} (LKE K/L: Hard element 33,00); untuk Pemda {UNCONFIRMED}"),
            node("G.B.2", "Soft element: budaya kerja dan nilai BerAKHLAK", "7", provisional=True,
                 source=f"{SRC_739} (sisa B); untuk Pemda {UNCONFIRMED}"),
        ]),
        node("G.C", "C. Capaian Sasaran Strategis", "50",
             source=f"{SRC_739}: sisa RB General (100 − 10 − 40)", children=[
            node(f"G.C.{i}", goal, weight, provisional=True,
                 source=f"Sasaran RB (PermenPANRB 3/2023); bobot {UNCONFIRMED}")
            for i, (goal, weight) in enumerate(GOALS, start=1)
        ]),
    ]),
    node("T", "RB Tematik", "20", source=SRC_TEMATIK, provisional=True, children=[
        node(f"T.{i}", theme, "5", source=f"{SRC_TEMATIK} (dibagi rata per tema)", provisional=True, children=[
            node(f"T.{i}.a", "Strategi Pelaksanaan (rencana aksi dan implementasinya)", "2",
                 source=SRC_TEMATIK, provisional=True),
            node(f"T.{i}.b", "Capaian Dampak", "3", source=SRC_TEMATIK, provisional=True),
        ])
        for i, theme in enumerate(THEMES, start=1)
    ]),
]

FRAMEWORKS = [
    {
        "year_from": 2020,
        "year_to": 2022,
        "name": "LKE RB Pemerintah Daerah 2020–2022",
        "max_total": "100",
        "regulation": "PermenPANRB 26/2020 tentang Pedoman Evaluasi Pelaksanaan Reformasi Birokrasi",
        "source": SRC_26_TREE,
        "tree": TREE_2020,
    },
    {
        "year_from": 2023,
        "year_to": None,
        "name": "LKE RB General dan RB Tematik",
        "max_total": "120",
        "regulation": "PermenPANRB 9/2023; KepmenPANRB 739/2023; KepmenPANRB 182/2024 (juknis 2024)",
        "source": f"{SRC_739}; KepmenPANRB 182/2024 (juknis 2024) memakai struktur yang sama",
        "tree": TREE_2023,
    },
]


# --- the tree-level check -------------------------------------------------------------------------


def tree_errors(nodes, max_total=None):
    """Messages for every node whose children's weights do not add up to its own, naming the node.

    `nodes`: objects with pk, parent_id, code, name, weight (a framework's nodes, saved or not);
    `max_total`: when given, the roots must add up to it as well.
    """
    from django.utils.translation import gettext as _

    from .services import number_text

    children = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    errors = []
    for n in sorted(nodes, key=lambda n: (n.order, n.code)):
        kids = children.get(n.pk, [])
        if kids and sum(D(k.weight) for k in kids) != D(n.weight):
            errors.append(
                _("Bobot anak dari %(code)s %(name)s berjumlah %(sum)s, padahal bobotnya %(weight)s.")
                % {"code": n.code, "name": n.name, "sum": number_text(sum(D(k.weight) for k in kids)),
                   "weight": number_text(n.weight)}
            )
    roots = children.get(None, [])
    if max_total is not None and roots and sum(D(r.weight) for r in roots) != D(max_total):
        errors.append(
            _("Bobot komponen berjumlah %(sum)s, padahal nilai maksimum kerangka %(max)s.")
            % {"sum": number_text(sum(D(r.weight) for r in roots)), "max": number_text(max_total)}
        )
    return errors


def check_tree(framework, nodes=None):
    """Raise ValidationError listing every node whose children do not add up (see tree_errors)."""
    from django.core.exceptions import ValidationError

    errors = tree_errors(list(framework.nodes.all()) if nodes is None else nodes, framework.max_total)
    if errors:
        raise ValidationError(errors)


# --- seeding ----------------------------------------------------------------------------------------


def _models(apps):
    if apps is None:
        from .models import Framework, FrameworkNode
    else:
        Framework = apps.get_model("evaluations", "Framework")
        FrameworkNode = apps.get_model("evaluations", "FrameworkNode")
    return Framework, FrameworkNode


def seed_frameworks(apps=None):
    """Add version 2 of each shipped tree, replacing the version in force; safe to run again.

    The replaced version keeps its nodes and its LHE. `apps` is the migration app registry
    (data migration 0005); without it the live models are used.
    """
    Framework, FrameworkNode = _models(apps)
    for spec in FRAMEWORKS:
        if Framework.objects.filter(year_from=spec["year_from"], version=2).exists():
            continue
        current = Framework.objects.filter(year_from=spec["year_from"], replaced_by__isnull=True).first()
        framework = Framework.objects.create(
            year_from=spec["year_from"], year_to=spec["year_to"], name=spec["name"],
            max_total=D(spec["max_total"]), regulation=spec["regulation"], source=spec["source"],
            version=2, replaces=current,
        )
        created = []
        order = 0

        def put(item, parent, depth):
            nonlocal order
            order += 1
            kind = "komponen" if depth == 0 else ("subkomponen" if item["children"] else "kriteria")
            max_score = item["max_score"] or (item["weight"] if kind != "kriteria" else "100")
            row = FrameworkNode.objects.create(
                framework=framework, parent=parent, code=item["code"], name=item["name"], kind=kind,
                weight=D(item["weight"]), max_score=D(max_score), order=order,
                source=item["source"], provisional=item["provisional"],
            )
            created.append(row)
            for child in item["children"]:
                put(child, row, depth + 1)

        for item in spec["tree"]:
            put(item, None, 0)
        errors = tree_errors(created, framework.max_total)
        if errors:
            raise ValueError("; ".join(errors))


def refresh_sources(apps=None, year_from=2020):
    """Rewrite the `source` texts of the version-2 tree starting in `year_from` from FRAMEWORKS.

    Only the citations change (weights and structure stay: a tree is never rewritten in place);
    used by the data migration that followed the December 2026 source review.
    """
    Framework, FrameworkNode = _models(apps)
    spec = next(s for s in FRAMEWORKS if s["year_from"] == year_from)
    framework = Framework.objects.filter(year_from=year_from, version=2).first()
    if framework is None:
        return
    if framework.source != spec["source"]:
        framework.source = spec["source"]
        framework.save(update_fields=["source"])

    def walk(items):
        for item in items:
            yield item
            yield from walk(item["children"])

    sources = {item["code"]: item["source"] for item in walk(spec["tree"])}
    for node in FrameworkNode.objects.filter(framework=framework, code__in=sources):
        if node.source != sources[node.code]:
            node.source = sources[node.code]
            node.save(update_fields=["source"])  # one row at a time: each change has its history


def seed_frameworks_v1(apps=None):
    """Version 1 as data migration 0002 created it (frozen: only 0002 calls this)."""
    Framework, FrameworkNode = _models(apps)
    for spec in FRAMEWORKS_V1:
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
