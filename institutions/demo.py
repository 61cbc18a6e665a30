"""Demo data for kelembagaan (seed_demo finds this module by name).

Idempotent: rows are keyed by natural keys (agency + date, post + decree, Pemda + subject) and
only created, never rewritten, so a second run changes nothing. The structures of Kalteng's
Diskominfosantik and Dinas Kesehatan come from the Anjab/ABK demo; these are other agencies.
All numbers of regulations and decrees below are illustrative demo values.
"""

import datetime
from decimal import Decimal

from agencies.demo import opd as demo_opd
from agencies.models import Pemda, pemda_code_q

from .anjab import demo as anjab_demo
from . import models
from .services import FUNCTIONAL_LEVEL
from . import workload

# (pemda code, OPD code, valid from, Perda, Perkada, bidang names)
STRUCTURES = [
    ("64", "BKD", datetime.date(2023, 1, 2), "Perda Prov. Kaltim No. 2 Tahun 2022", "Pergub Kaltim No. 18 Tahun 2022",
     ["Bidang Pengadaan dan Informasi", "Bidang Mutasi dan Promosi", "Bidang Pengembangan Kompetensi"]),
    ("64", "BAPPEDA", datetime.date(2023, 1, 2), "Perda Prov. Kaltim No. 2 Tahun 2022", "Pergub Kaltim No. 19 Tahun 2022",
     ["Bidang Perencanaan Makro", "Bidang Perekonomian", "Bidang Infrastruktur dan Kewilayahan"]),
    ("62", "BKD", datetime.date(2022, 7, 1), "Perda Prov. Kalteng No. 4 Tahun 2021", "Pergub Kalteng No. 31 Tahun 2022",
     ["Bidang Mutasi", "Bidang Pengembangan Aparatur", "Bidang Informasi Kepegawaian"]),
    ("62", "DPMPTSP", datetime.date(2022, 7, 1), "Perda Prov. Kalteng No. 4 Tahun 2021", "Pergub Kalteng No. 33 Tahun 2022",
     ["Bidang Perizinan", "Bidang Pengendalian Penanaman Modal"]),
    ("17", "BAPPEDA", datetime.date(2022, 1, 3), "Perda Prov. Bengkulu No. 6 Tahun 2021", "Pergub Bengkulu No. 12 Tahun 2022",
     ["Bidang Perencanaan Ekonomi", "Bidang Sosial Budaya", "Bidang Fisik dan Prasarana"]),
    ("36", "DISDIK", datetime.date(2023, 3, 1), "Perda Prov. Banten No. 1 Tahun 2023", "Pergub Banten No. 9 Tahun 2023",
     ["Bidang SMA", "Bidang SMK", "Bidang Pendidikan Khusus", "Bidang Ketenagaan"]),
    ("62.71", "DINKES", datetime.date(2022, 1, 3), "Perda Kota Palangka Raya No. 3 Tahun 2021",
     "Perwali Palangka Raya No. 40 Tahun 2021", ["Bidang Pelayanan Kesehatan", "Bidang Kesehatan Masyarakat",
                                                 "Bidang Pencegahan dan Pengendalian Penyakit"]),
    ("64.72", "DPMPTSP", datetime.date(2022, 5, 2), "Perda Kota Samarinda No. 2 Tahun 2022",
     "Perwali Samarinda No. 21 Tahun 2022", ["Bidang Pelayanan Perizinan", "Bidang Penanaman Modal"]),
]

# An older structure of Kaltim's BKD, before simplification, kept as history.
OLD_STRUCTURES = [("64", "BKD", datetime.date(2017, 1, 2), "Perda Prov. Kaltim No. 2 Tahun 2016",
                   "Pergub Kaltim No. 64 Tahun 2016")]

# (pemda code, posts before, [(OPD code, former post, level, functional position, person, date, decree)])
SIMPLIFICATION = [
    ("62.71", 148, [
        ("DINKES", "Kepala Seksi Pelayanan Kesehatan Primer", "pengawas", "Administrator Kesehatan", "dr. Ratna Sari",
         datetime.date(2021, 12, 30), "Kep. Wali Kota No. 188.45/412/2021"),
        ("DINKES", "Kepala Seksi Surveilans dan Imunisasi", "pengawas", "Epidemiolog Kesehatan", "Hendri Saputra, S.KM.",
         datetime.date(2021, 12, 30), "Kep. Wali Kota No. 188.45/412/2021"),
        ("DISDIK", "Kepala Seksi Kurikulum SD", "pengawas", "Pengembang Teknologi Pembelajaran", "Dewi Lestari, M.Pd.",
         datetime.date(2021, 12, 30), "Kep. Wali Kota No. 188.45/413/2021"),
        ("BAPPEDA", "Kepala Bidang Penelitian dan Pengembangan", "administrator", "Perencana", "Ir. Joko Susilo",
         datetime.date(2022, 3, 1), "Kep. Wali Kota No. 188.45/95/2022"),
        ("DPMPTSP", "Kepala Subbagian Umum Kelurahan", "eselon_v", "Analis Kebijakan", "Siti Aminah, S.Sos.",
         datetime.date(2022, 3, 1), "Kep. Wali Kota No. 188.45/95/2022"),
    ]),
    ("64.72", 210, [
        ("DPMPTSP", "Kepala Seksi Pelayanan Perizinan Usaha", "pengawas", "Analis Kebijakan", "Rudi Hartono, S.H.",
         datetime.date(2022, 1, 3), "Kep. Wali Kota Samarinda No. 821.2/015/2022"),
        ("DINKES", "Kepala Seksi Kesehatan Lingkungan", "pengawas", "Sanitarian", "Yusuf Rahman, S.KM.",
         datetime.date(2022, 1, 3), "Kep. Wali Kota Samarinda No. 821.2/015/2022"),
        ("DISKOMINFO", "Kepala Bidang Aplikasi Informatika", "administrator", "Pranata Komputer",
         "Bayu Prasetyo, S.Kom.", datetime.date(2022, 1, 3), "Kep. Wali Kota Samarinda No. 821.2/016/2022"),
    ]),
]

# (pemda code, OPD code, post, kind, description, status, proposal)
MISMATCHES = [
    ("62.71", "DISDIK", "Pengembang Teknologi Pembelajaran", "education",
     "Pemangku berlatar pendidikan manajemen pendidikan, bukan teknologi pendidikan.", "raised", ""),
    ("62.71", "DPMPTSP", "Analis Kebijakan", "duties",
     "Tugas unit berupa pelayanan perizinan, tidak sesuai dengan butir kegiatan Analis Kebijakan.", "proposed",
     "Alih jabatan ke JF Penata Perizinan Ahli Pertama."),
    ("64.72", "DINKES", "Pengadministrasi Umum", "nomenclature",
     "Nomenklatur jabatan pelaksana berubah menjadi Pengadministrasi Perkantoran (PermenPANRB 45/2022).", "raised", ""),
]

KALTIM_MODEL = ("Sistem Kerja pada Perangkat Daerah setelah Penyederhanaan Birokrasi di Lingkungan Pemerintah Provinsi "
                "Kalimantan Timur", "Pergub Kaltim No. 23 Tahun 2023", datetime.date(2023, 6, 12))
# (regency code, status, number, date)
KALTIM_ADOPTIONS = [
    ("64.72", "enacted", "Perwali Samarinda No. 30 Tahun 2024", datetime.date(2024, 4, 2)),
    ("64.71", "enacted", "Perwali Balikpapan No. 12 Tahun 2024", datetime.date(2024, 5, 20)),
    ("64.02", "facilitated", "", None),
    ("64.08", "draft", "", None),
]

# (pemda code, category, title, raised by, date)
ISSUES = [
    ("62.71", "job_analysis", "Anjab/ABK belum dimutakhirkan setelah penyetaraan jabatan",
     "Bagian Organisasi Setda Kota Palangka Raya", datetime.date(2025, 8, 4)),
    ("62.71", "staffing", "Jabatan fungsional hasil penyetaraan tidak sesuai tugas unit",
     "Bagian Organisasi Setda Kota Palangka Raya", datetime.date(2025, 8, 4)),
    ("62.01", "institutions", "Penggabungan urusan pangan dan pertanian dalam satu dinas",
     "Bagian Organisasi Setda Kabupaten Kotawaringin Barat", datetime.date(2025, 8, 6)),
    ("64.02", "work_system", "Mekanisme kerja kelompok jabatan fungsional belum diatur",
     "Bagian Organisasi Setda Kabupaten Kutai Kartanegara", datetime.date(2025, 9, 1)),
]

# The general variables of Kalteng for 2025 and some technical scores (demo values).
WORKLOAD = ("62", 2025, 2_700_000, Decimal("153564.50"), Decimal("7900000000000"),
            {"DINKES": Decimal("690"), "DISDIK": Decimal("705"), "DPMPTSP": Decimal("410"), "DISKOMINFO": Decimal("505"),
             "BKD": Decimal("590"), "DP3A": Decimal("300")})


def _pemda(code):
    return Pemda.objects.get(pemda_code_q("", code))


def _structure(opd, valid_from, perda, perkada, bidang, *, simplified=True):
    structure, created = models.OrganisationStructure.objects.get_or_create(
        opd=opd, valid_from=valid_from,
        defaults={"perda_number": perda, "perkada_number": perkada, "perda_date": valid_from.replace(month=1, day=1) - datetime.timedelta(days=180),
                  "perkada_date": valid_from - datetime.timedelta(days=30)},
    )
    if not created:
        return structure
    root = models.OrgUnit.objects.create(structure=structure, name=opd.name, kind=models.OrgUnit.Kind.AGENCY, level="II.a",
                                  duties=f"Melaksanakan urusan pemerintahan yang menjadi kewenangan daerah ({opd.short_name}).")
    secretariat = models.OrgUnit.objects.create(structure=structure, parent=root, name="Sekretariat", kind="secretariat",
                                         level="III.a", order=1, duties="Koordinasi, perencanaan, keuangan, umum dan kepegawaian.")
    subbags = ["Subbagian Umum dan Kepegawaian"] + ([] if simplified else ["Subbagian Keuangan", "Subbagian Program"])
    for i, name in enumerate(subbags):
        models.OrgUnit.objects.create(structure=structure, parent=secretariat, name=name, kind="subbagian", level="IV.a", order=i)
    for i, name in enumerate(bidang, 2):
        unit = models.OrgUnit.objects.create(structure=structure, parent=root, name=name, kind="bidang", level="III.b", order=i)
        if simplified:
            models.OrgUnit.objects.create(structure=structure, parent=unit, name="Kelompok Jabatan Fungsional",
                                   kind="functional", order=0)
        else:
            for j in (1, 2):
                models.OrgUnit.objects.create(structure=structure, parent=unit, name=f"Seksi {name.removeprefix('Bidang ')} {j}",
                                       kind="seksi", level="IV.a", order=j)
    models.OrgUnit.objects.create(structure=structure, parent=root, name="Kelompok Jabatan Fungsional", kind="functional",
                           order=len(bidang) + 2)
    return structure


def seed_structures():
    for pemda_code, opd_code, valid_from, perda, perkada in OLD_STRUCTURES:
        _structure(demo_opd(pemda_code, opd_code), valid_from, perda, perkada,
                   ["Bidang Pengadaan", "Bidang Mutasi"], simplified=False)
    for pemda_code, opd_code, valid_from, perda, perkada, bidang in STRUCTURES:
        _structure(demo_opd(pemda_code, opd_code), valid_from, perda, perkada, bidang)


def seed_simplification():
    for pemda_code, posts_before, rows in SIMPLIFICATION:
        pemda = _pemda(pemda_code)
        models.SimplificationBaseline.objects.get_or_create(pemda=pemda, defaults={"posts_before": posts_before,
                                                                            "note": "Data demo"})
        for opd_code, post, level, functional, person, date, decree in rows:
            models.PostConversion.objects.get_or_create(
                opd=demo_opd(pemda_code, opd_code), former_post=post, decree_number=decree,
                defaults={"former_level": level, "functional_position": functional,
                          "functional_level": FUNCTIONAL_LEVEL[level], "person_name": person, "converted_on": date},
            )
    for pemda_code, opd_code, post, kind, description, status, proposal in MISMATCHES:
        models.Mismatch.objects.get_or_create(
            opd=demo_opd(pemda_code, opd_code), post=post, kind=kind,
            defaults={"description": description, "status": status, "proposal": proposal},
        )


def seed_regulations():
    kaltim = _pemda("64")
    subject, number, date = KALTIM_MODEL
    model, _created = models.Regulation.objects.get_or_create(
        pemda=kaltim, kind=models.Regulation.Kind.PERKADA_WORK_SYSTEM, subject=subject,
        defaults={"status": "enacted", "number": number, "enacted_on": date, "is_model": True},
    )
    for code, status, reg_number, reg_date in KALTIM_ADOPTIONS:
        pemda = _pemda(code)
        models.Regulation.objects.get_or_create(
            pemda=pemda, kind=models.Regulation.Kind.PERKADA_WORK_SYSTEM, follows=model,
            defaults={"subject": f"Sistem Kerja setelah Penyederhanaan Birokrasi di Lingkungan {pemda.name}",
                      "status": status, "number": reg_number, "enacted_on": reg_date},
        )
    for pemda_code, opd_code, valid_from, perda, perkada, _bidang in STRUCTURES:
        pemda = _pemda(pemda_code)
        models.Regulation.objects.get_or_create(
            pemda=pemda, kind=models.Regulation.Kind.PERDA_SOTK, number=perda,
            defaults={"subject": f"Pembentukan dan Susunan Perangkat Daerah {pemda.name}", "status": "enacted",
                      "enacted_on": valid_from.replace(month=1, day=1) - datetime.timedelta(days=180)},
        )


def seed_issues():
    for pemda_code, category, title, raised_by, raised_on in ISSUES:
        models.StrategicIssue.objects.get_or_create(
            pemda=_pemda(pemda_code), title=title,
            defaults={"category": category, "raised_by": raised_by, "raised_on": raised_on},
        )


def seed_workload():
    pemda_code, year, population, area, apbd, technical = WORKLOAD
    pemda = _pemda(pemda_code)
    mapping, _created = models.WorkloadMapping.objects.get_or_create(
        pemda=pemda, year=year, defaults={"population": population, "area_km2": area, "apbd": apbd,
                                          "source": "Data demo (BPS dan APBD)"},
    )
    level = "province" if pemda.is_province else "regency"
    for opd_code, score in technical.items():
        if mapping.scores.filter(opd__code=opd_code).exists():
            continue
        result = workload.assess(level, population=mapping.population, area_km2=mapping.area_km2, apbd=mapping.apbd,
                                 technical_score=score)
        mapping.scores.create(opd=demo_opd(pemda_code, opd_code), technical_score=result.technical_score,
                              general_score=result.general_score, total_score=result.total_score,
                              computed_type=result.type)


def seed(stdout):
    seed_structures()
    seed_simplification()
    seed_regulations()
    seed_issues()
    seed_workload()
    stdout.write("Kelembagaan: struktur, penyetaraan, regulasi, isu strategis dan pemetaan beban kerja demo.")
    anjab_demo.seed(stdout)
