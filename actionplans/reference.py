"""RB reference data by year, from the regulations named below: the one place these values live.

- RB General: the eight areas of change of the Road Map RB 2020–2024 (PermenPANRB 25/2020 as
  amended by PermenPANRB 3/2023); kept for 2025 as the General part of the evaluation.
- RB Tematik 2023–2024: four themes (PermenPANRB 3/2023).
- RB Berdampak from 2025: four priorities.
Deadlines: the 10th day of the month after each triwulan (TW IV: 10 January of the next year).
Default province target when none is configured: 75 % of action plans achieved by TW III.
"""

import datetime
from decimal import Decimal

GENERAL_AREAS = [
    ("G1", "Manajemen Perubahan"),
    ("G2", "Deregulasi Kebijakan"),
    ("G3", "Penataan dan Penguatan Organisasi"),
    ("G4", "Penataan Tatalaksana"),
    ("G5", "Penataan Sistem Manajemen SDM Aparatur"),
    ("G6", "Penguatan Akuntabilitas"),
    ("G7", "Penguatan Pengawasan"),
    ("G8", "Peningkatan Kualitas Pelayanan Publik"),
]
TEMATIK_THEMES = [
    ("T1", "Pengentasan Kemiskinan"),
    ("T2", "Peningkatan Investasi"),
    ("T3", "Digitalisasi Administrasi Pemerintahan"),
    ("T4", "Percepatan Prioritas Aktual Presiden"),
]
BERDAMPAK_PRIORITIES = [
    ("B1", "Pengentasan Kemiskinan"),
    ("B2", "Peningkatan Investasi"),
    ("B3", "Digitalisasi Pemerintahan"),
    ("B4", "Belanja Produk Dalam Negeri"),
]

PROGRAMMES = {
    # year: [(kind, name, regulation, themes)]
    2023: [
        ("general", "RB General", "PermenPANRB 25/2020 jo. 3/2023", GENERAL_AREAS),
        ("tematik", "RB Tematik", "PermenPANRB 3/2023", TEMATIK_THEMES),
    ],
    2024: [
        ("general", "RB General", "PermenPANRB 25/2020 jo. 3/2023", GENERAL_AREAS),
        ("tematik", "RB Tematik", "PermenPANRB 3/2023", TEMATIK_THEMES),
    ],
    2025: [
        ("general", "RB General", "PermenPANRB 25/2020 jo. 3/2023", GENERAL_AREAS),
        ("berdampak", "RB Berdampak", "Arah kebijakan RB Berdampak 2025", BERDAMPAK_PRIORITIES),
    ],
    2026: [
        ("general", "RB General", "PermenPANRB 25/2020 jo. 3/2023", GENERAL_AREAS),
        ("berdampak", "RB Berdampak", "Arah kebijakan RB Berdampak 2025", BERDAMPAK_PRIORITIES),
    ],
}

DEFAULT_TARGET_QUARTER = 3
DEFAULT_TARGET_PERCENT = Decimal("75")


def default_deadline(year, quarter):
    if quarter == 4:
        return datetime.date(year + 1, 1, 10)
    return datetime.date(year, quarter * 3 + 1, 10)


def seed_reference(apps=None):
    """Create the programmes, themes and deadlines above (idempotent). Runs in a data migration."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Programme = apps.get_model("actionplans", "Programme")
    Theme = apps.get_model("actionplans", "Theme")
    ReportingDeadline = apps.get_model("actionplans", "ReportingDeadline")
    for year, programmes in PROGRAMMES.items():
        for kind, name, regulation, themes in programmes:
            programme, _ = Programme.objects.get_or_create(
                year=year, kind=kind, defaults={"name": name, "regulation": regulation}
            )
            for order, (code, theme_name) in enumerate(themes, start=1):
                Theme.objects.get_or_create(programme=programme, code=code, defaults={"name": theme_name, "order": order})
        for quarter in (1, 2, 3, 4):
            ReportingDeadline.objects.get_or_create(
                year=year, quarter=quarter, defaults={"due_date": default_deadline(year, quarter)}
            )
