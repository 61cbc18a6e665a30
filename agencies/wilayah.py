"""Kemendagri area codes: the 38 provinces and 514 regencies/cities, with their Pemda.

The CSV files under agencies/data/wilayah/ come from idn-area-data (ODbL 1.0, see the README
beside them). `load_wilayah` is idempotent and takes an app registry so the data migration can
call it with historical models.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "wilayah"

WITA = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT = {"81", "82", "91", "92", "93", "94", "95", "96"}

CAPITALS = {
    "11": "Banda Aceh", "12": "Medan", "13": "Padang", "14": "Pekanbaru", "15": "Jambi",
    "16": "Palembang", "17": "Bengkulu", "18": "Bandar Lampung", "19": "Pangkalpinang",
    "21": "Tanjungpinang", "31": "Jakarta", "32": "Bandung", "33": "Semarang", "34": "Yogyakarta",
    "35": "Surabaya", "36": "Serang", "51": "Denpasar", "52": "Mataram", "53": "Kupang",
    "61": "Pontianak", "62": "Palangka Raya", "63": "Banjarbaru", "64": "Samarinda",
    "65": "Tanjung Selor", "71": "Manado", "72": "Palu", "73": "Makassar", "74": "Kendari",
    "75": "Gorontalo", "76": "Mamuju", "81": "Ambon", "82": "Sofifi", "91": "Jayapura",
    "92": "Manokwari", "93": "Merauke", "94": "Nabire", "95": "Jayawijaya", "96": "Sorong",
}


def timezone_for(province_code):
    if province_code in WITA:
        return "Asia/Makassar"
    if province_code in WIT:
        return "Asia/Jayapura"
    return "Asia/Jakarta"


def read_rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_wilayah(apps=None):
    if apps is None:
        from django.apps import apps
    Province = apps.get_model("agencies", "Province")
    Regency = apps.get_model("agencies", "Regency")
    Pemda = apps.get_model("agencies", "Pemda")

    provinces = {}
    for row in read_rows("provinces.csv"):
        province, _ = Province.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "timezone": timezone_for(row["code"]),
                "capital": CAPITALS.get(row["code"], ""),
            },
        )
        provinces[province.code] = province
        Pemda.objects.update_or_create(
            level="province",
            province=province,
            defaults={"name": f"Pemerintah Provinsi {province.name}"},
        )
    for row in read_rows("regencies.csv"):
        kind = "kota" if row["name"].startswith("Kota ") else "kabupaten"
        regency, _ = Regency.objects.update_or_create(
            code=row["code"],
            defaults={"province": provinces[row["province_code"]], "name": row["name"], "kind": kind},
        )
        Pemda.objects.update_or_create(
            regency=regency,
            defaults={
                "level": "regency",
                "province": regency.province,
                "name": f"Pemerintah {regency.name}",
            },
        )
