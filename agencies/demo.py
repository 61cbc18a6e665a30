"""Demo data: the four provinces of the source reports, their agencies, one account per role.

`seed(stdout)` is idempotent: rows are keyed by stable codes (Kemendagri area code + OPD code,
username) and saved only when something differs, so a second run writes nothing, not even a
history row. `python manage.py seed_demo` calls it first, then every other app's `demo.seed`.

Other apps may use `DEMO_PROVINCE_CODES`, `DEMO_ACCOUNTS` and `opd(pemda_code, opd_code)`.
"""

import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from .models import Membership, Opd, Pemda, User, pemda_code_q
from .roles import Role

# 62 Kalimantan Tengah, 64 Kalimantan Timur, 17 Bengkulu, 36 Banten.
DEMO_PROVINCE_CODES = ("62", "64", "17", "36")

Kind = Opd.Kind

# Provincial agencies shared by the four provinces: (code, name, short name, kind, type).
# "{wilayah}" becomes "Provinsi Kalimantan Tengah" and so on.
PROVINCE_OPDS = [
    ("SETDA", "Sekretariat Daerah {wilayah}", "Setda", Kind.SEKRETARIAT_DAERAH, "A"),
    ("BIRO-ORG", "Biro Organisasi Setda {wilayah}", "Biro Organisasi", Kind.BIRO_ORGANISASI, ""),
    ("BIRO-PEM", "Biro Pemerintahan dan Otonomi Daerah Setda {wilayah}", "Biro Pemotda", Kind.OTHER, ""),
    ("BIRO-HUKUM", "Biro Hukum Setda {wilayah}", "Biro Hukum", Kind.OTHER, ""),
    ("SETWAN", "Sekretariat DPRD {wilayah}", "Setwan", Kind.SEKRETARIAT_DPRD, "A"),
    ("INSPEKTORAT", "Inspektorat {wilayah}", "Inspektorat", Kind.INSPEKTORAT, "A"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah {wilayah}", "Bappeda", Kind.BADAN, "A"),
    ("BKD", "Badan Kepegawaian Daerah {wilayah}", "BKD", Kind.BADAN, "A"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah {wilayah}", "BPKAD", Kind.BADAN, "A"),
    ("BAPENDA", "Badan Pendapatan Daerah {wilayah}", "Bapenda", Kind.BADAN, "A"),
    ("BPSDM", "Badan Pengembangan Sumber Daya Manusia {wilayah}", "BPSDM", Kind.BADAN, "B"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik {wilayah}", "Kesbangpol", Kind.BADAN, "B"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah {wilayah}", "BPBD", Kind.BADAN, "B"),
    ("DISDIK", "Dinas Pendidikan {wilayah}", "Disdik", Kind.DINAS, "A"),
    ("DINKES", "Dinas Kesehatan {wilayah}", "Dinkes", Kind.DINAS, "A"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang {wilayah}", "Dinas PUPR", Kind.DINAS, "A"),
    ("DISPERKIM", "Dinas Perumahan Rakyat dan Kawasan Permukiman {wilayah}", "Disperkim", Kind.DINAS, "B"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja {wilayah}", "Satpol PP", Kind.SATPOL_PP, "B"),
    ("DINSOS", "Dinas Sosial {wilayah}", "Dinsos", Kind.DINAS, "B"),
    ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi {wilayah}", "Disnakertrans", Kind.DINAS, "B"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak {wilayah}", "DP3A", Kind.DINAS, "C"),
    ("DISKETAPANG", "Dinas Ketahanan Pangan {wilayah}", "Disketapang", Kind.DINAS, "C"),
    ("DLH", "Dinas Lingkungan Hidup {wilayah}", "DLH", Kind.DINAS, "B"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa {wilayah}", "DPMD", Kind.DINAS, "C"),
    ("DISHUB", "Dinas Perhubungan {wilayah}", "Dishub", Kind.DINAS, "B"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika {wilayah}", "Diskominfo", Kind.DINAS, "B"),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Kecil Menengah {wilayah}", "Diskop UKM", Kind.DINAS, "C"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu {wilayah}", "DPMPTSP", Kind.DINAS, "B"),
    ("DISPORA", "Dinas Kepemudaan dan Olahraga {wilayah}", "Dispora", Kind.DINAS, "C"),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata {wilayah}", "Disbudpar", Kind.DINAS, "B"),
    ("DISPERSIP", "Dinas Perpustakaan dan Kearsipan {wilayah}", "Dispersip", Kind.DINAS, "C"),
    ("DKP", "Dinas Kelautan dan Perikanan {wilayah}", "DKP", Kind.DINAS, "B"),
    ("DISTAN", "Dinas Tanaman Pangan, Hortikultura dan Peternakan {wilayah}", "DTPHP", Kind.DINAS, "B"),
    ("DISBUN", "Dinas Perkebunan {wilayah}", "Disbun", Kind.DINAS, "B"),
    ("DISHUT", "Dinas Kehutanan {wilayah}", "Dishut", Kind.DINAS, "A"),
    ("DESDM", "Dinas Energi dan Sumber Daya Mineral {wilayah}", "Dinas ESDM", Kind.DINAS, "B"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan {wilayah}", "Disperindag", Kind.DINAS, "B"),
    ("RSUD", "Rumah Sakit Umum Daerah {wilayah}", "RSUD", Kind.RSUD, ""),
]

# Where a province differs from the shared list: other names, heads, agencies it lacks or adds.
PROVINCE_OVERRIDES = {
    "62": {
        "BIRO-ORG": {
            "head_name": "Betri Susilawati",
            "head_title": "Plt. Kepala Biro Organisasi",
            "address": "Kantor Gubernur Kalimantan Tengah, Jl. R.T.A. Milono No. 1, Palangka Raya",
        },
        "BAPPEDA": {
            "name": "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah Provinsi Kalimantan Tengah",
            "short_name": "Bapperida",
        },
        "DISKOMINFO": {
            "name": "Dinas Komunikasi, Informatika, Persandian dan Statistik Provinsi Kalimantan Tengah",
            "short_name": "Diskominfosantik",
        },
        "DP3A": {
            "name": "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan "
            "Keluarga Berencana Provinsi Kalimantan Tengah",
            "short_name": "DP3APPKB",
        },
        "RSUD": {"name": "RSUD dr. Doris Sylvanus Palangka Raya", "short_name": "RSUD Doris Sylvanus"},
    },
    "64": {
        "BIRO-ORG": {"address": "Kantor Gubernur Kalimantan Timur, Jl. Gajah Mada No. 2, Samarinda"},
        "RSUD": {"name": "RSUD Abdul Wahab Sjahranie Samarinda", "short_name": "RSUD AWS"},
    },
    "17": {
        "DLH": {"name": "Dinas Lingkungan Hidup dan Kehutanan Provinsi Bengkulu", "short_name": "DLHK"},
        "DISHUT": None,
        "DISBUDPAR": {"name": "Dinas Pariwisata Provinsi Bengkulu", "short_name": "Dispar"},
        "RSUD": {"name": "RSUD Dr. M. Yunus Bengkulu", "short_name": "RSUD M. Yunus"},
    },
    "36": {
        "BIRO-ORG": {
            "name": "Biro Organisasi dan Reformasi Birokrasi Setda Provinsi Banten",
            "short_name": "Biro Organisasi dan RB",
            "head_name": "Akhmad Thamrin",
            "head_title": "Plt. Kepala Biro Organisasi dan Reformasi Birokrasi",
            "address": "Gedung SKPD Terpadu Provinsi Banten, KP3B Curug, Kota Serang",
        },
        "DISKOMINFO": {
            "name": "Dinas Komunikasi, Informatika, Statistik dan Persandian Provinsi Banten",
            "short_name": "Diskominfo SP",
        },
        "DLH": {"name": "Dinas Lingkungan Hidup dan Kehutanan Provinsi Banten", "short_name": "DLHK"},
        "DISHUT": None,
        "DISBUN": None,
        "DISTAN": {"name": "Dinas Pertanian Provinsi Banten", "short_name": "Distan"},
        "RSUD": {"name": "RSUD Banten", "short_name": "RSUD Banten"},
    },
}

# Institutions change after restructuring: these old records stay, inactive, linked to their
# successor. (pemda code, code, name, short name, kind, successor code, date of the change)
REPLACED_OPDS = [
    (
        "62", "BAPPEDALITBANG",
        "Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan Provinsi Kalimantan Tengah",
        "Bappedalitbang", Kind.BADAN, "BAPPEDA", datetime.date(2023, 1, 2),
    ),
    ("62", "DISPAR", "Dinas Pariwisata Provinsi Kalimantan Tengah", "Dispar", Kind.DINAS, "DISBUDPAR",
     datetime.date(2017, 1, 1)),
    ("62", "DISBUD", "Dinas Kebudayaan Provinsi Kalimantan Tengah", "Disbud", Kind.DINAS, "DISBUDPAR",
     datetime.date(2017, 1, 1)),
    ("64", "BALITBANGDA", "Badan Penelitian dan Pengembangan Daerah Provinsi Kalimantan Timur",
     "Balitbangda", Kind.BADAN, "BRIDA", datetime.date(2022, 1, 3)),
]
EXTRA_PROVINCE_OPDS = {
    "64": [("BRIDA", "Badan Riset dan Inovasi Daerah Provinsi Kalimantan Timur", "BRIDA", Kind.BADAN, "B")],
}

# A few agencies in every regency/city of the four provinces; "{wilayah}" is the regency's name.
REGENCY_OPDS = [
    ("SETDA", "Sekretariat Daerah {wilayah}", "Setda", Kind.SEKRETARIAT_DAERAH, "A"),
    ("BAG-ORG", "Bagian Organisasi Setda {wilayah}", "Bagian Organisasi", Kind.BAGIAN_ORGANISASI, ""),
    ("INSPEKTORAT", "Inspektorat {wilayah}", "Inspektorat", Kind.INSPEKTORAT, "B"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah {wilayah}", "Bappeda", Kind.BADAN, "B"),
    ("DINKES", "Dinas Kesehatan {wilayah}", "Dinkes", Kind.DINAS, "A"),
    ("DISDIK", "Dinas Pendidikan {wilayah}", "Disdik", Kind.DINAS, "A"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika {wilayah}", "Diskominfo", Kind.DINAS, "C"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu {wilayah}", "DPMPTSP", Kind.DINAS, "C"),
]
# The five kecamatan of Kota Palangka Raya.
KECAMATAN = {
    "62.71": ["Pahandut", "Jekan Raya", "Sabangau", "Bukit Batu", "Rakumpit"],
}

# One account per role: (username, role, place, full name, position). The place is a Pemda
# code ("62", "62.71") or "<pemda code>/<OPD code>" for OPD admins.
DEMO_ACCOUNTS = [
    ("biro.kalteng", Role.BIRO, "62", "Rina Handayani", "Analis Kebijakan, Bagian RB dan Akuntabilitas Kinerja"),
    ("biro.kaltim", Role.BIRO, "64", "Agus Salim", "Analis Kelembagaan, Biro Organisasi"),
    ("biro.bengkulu", Role.BIRO, "17", "Sri Wahyuni", "Analis Tata Laksana, Biro Organisasi"),
    ("biro.banten", Role.BIRO, "36", "Dedi Kurniawan", "Analis Reformasi Birokrasi, Biro Organisasi dan RB"),
    ("bagian.palangkaraya", Role.BAGIAN, "62.71", "Yuliana Sari", "Kepala Subbagian Kelembagaan"),
    ("admin.diskominfo.kalteng", Role.OPD_ADMIN, "62/DISKOMINFO", "Fajar Nugroho", "Pranata Komputer Ahli Muda"),
    ("admin.dinkes.kalteng", Role.OPD_ADMIN, "62/DINKES", "Maria Ulfa", "Perencana Ahli Muda"),
    ("inspektur.kalteng", Role.INSPECTOR, "62", "Hendra Gunawan", "Inspektur Pembantu II"),
    ("pimpinan.kalteng", Role.LEADER, "62", "Bambang Sutrisno", "Asisten Administrasi Umum Setda"),
    ("nasional", Role.OBSERVER, "", "Larasati Putri", "Analis Kebijakan, Kementerian PANRB"),
    ("admin", None, "", "Administrator Portal", "Administrator sistem"),
]
DEMO_USERNAMES = [account[0] for account in DEMO_ACCOUNTS]


def demo_pemdas():
    """Every Pemda of the demo provinces, keyed by code ("62", "62.71")."""
    pemdas = Pemda.objects.filter(province__code__in=DEMO_PROVINCE_CODES).select_related("province", "regency")
    return {pemda.code: pemda for pemda in pemdas}


def opd(pemda_code, opd_code):
    """The demo OPD with this code in this Pemda, e.g. opd("62", "DINKES")."""
    return Opd.objects.get(pemda_code_q("pemda", pemda_code), code=opd_code)


def opd_rows(pemdas):
    """(pemda, code, field values) for every demo OPD, successors before the records they replace."""
    rows = []
    for province_code in DEMO_PROVINCE_CODES:
        pemda = pemdas[province_code]
        wilayah = f"Provinsi {pemda.province.name}"
        overrides = PROVINCE_OVERRIDES.get(province_code, {})
        for code, name, short_name, kind, type_ in PROVINCE_OPDS + EXTRA_PROVINCE_OPDS.get(province_code, []):
            override = overrides.get(code, {})
            if override is None:
                continue
            values = {"name": name.format(wilayah=wilayah), "short_name": short_name, "kind": kind, "type": type_}
            rows.append((pemda, code, values | override))
    for code, pemda in sorted(pemdas.items()):
        if pemda.is_province:
            continue
        for opd_code, name, short_name, kind, type_ in REGENCY_OPDS:
            values = {"name": name.format(wilayah=pemda.regency.name), "short_name": short_name, "kind": kind,
                      "type": type_}
            if kind == Kind.BAGIAN_ORGANISASI:
                values["head_title"] = "Kepala Bagian Organisasi"
            rows.append((pemda, opd_code, values))
        for kecamatan in KECAMATAN.get(code, []):
            opd_code = "KEC-" + kecamatan.upper().replace(" ", "-")
            rows.append((pemda, opd_code, {"name": f"Kecamatan {kecamatan}", "short_name": f"Kec. {kecamatan}",
                                           "kind": Kind.KECAMATAN, "type": "A"}))
    return rows


def save_if_changed(instance, values):
    """Apply `values`; save (one audited write) only when a field differs. Returns True if saved."""
    changed = [field for field, value in values.items() if getattr(instance, field) != value]
    for field in changed:
        setattr(instance, field, values[field])
    if changed:
        instance.save(update_fields=changed)
    return bool(changed)


def seed_opds(pemdas):
    existing = {(o.pemda_id, o.code): o for o in Opd.objects.filter(pemda__in=pemdas.values())}
    created = updated = 0

    def put(pemda, code, values):
        nonlocal created, updated
        instance = existing.get((pemda.pk, code))
        if instance is None:
            instance = Opd.objects.create(pemda=pemda, code=code, **values)
            existing[(pemda.pk, code)] = instance
            created += 1
        elif save_if_changed(instance, values):
            updated += 1
        return instance

    for pemda, code, values in opd_rows(pemdas):
        put(pemda, code, {"is_active": True, "replaced_by": None, "replaced_on": None} | values)
    for pemda_code, code, name, short_name, kind, successor, changed_on in REPLACED_OPDS:
        pemda = pemdas[pemda_code]
        values = {
            "name": name, "short_name": short_name, "kind": kind, "is_active": False,
            "replaced_by": existing[(pemda.pk, successor)], "replaced_on": changed_on,
        }
        put(pemda, code, values)
    return created, updated


def seed_accounts(pemdas):
    password = settings.DEMO_PASSWORD
    users = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    # One hash for all demo accounts: hashing is slow on purpose, and these share one password.
    hashed = next((user.password for user in users.values() if user.check_password(password)), None)
    hashed = hashed or make_password(password)
    memberships = {m.user_id: m for m in Membership.objects.filter(user__in=users.values())}
    created = updated = 0
    for username, role, place, full_name, position in DEMO_ACCOUNTS:
        values = {
            "full_name": full_name, "position": position, "password": hashed, "is_active": True,
            "is_staff": role is None, "is_superuser": role is None,
            "email": f"{username}@demo.reformportal.invalid",
        }
        user = users.get(username)
        if user is None:
            user = User.objects.create(username=username, **values)
            created += 1
        elif save_if_changed(user, values):
            updated += 1
        if role is None:
            continue
        pemda_code, _, opd_code = place.partition("/")
        place_values = {
            "role": role,
            "pemda": pemdas[pemda_code] if pemda_code and not opd_code else None,
            "opd": Opd.objects.get(pemda=pemdas[pemda_code], code=opd_code) if opd_code else None,
        }
        membership = memberships.get(user.pk)
        if membership is None:
            Membership.objects.create(user=user, **place_values)
        else:
            save_if_changed(membership, place_values)
    return created, updated


@transaction.atomic
def seed(stdout):
    pemdas = demo_pemdas()
    missing = [code for code in DEMO_PROVINCE_CODES if code not in pemdas]
    if missing:
        raise RuntimeError(f"Provinces {missing} are missing: run `python manage.py migrate` first.")
    opds_created, opds_updated = seed_opds(pemdas)
    users_created, users_updated = seed_accounts(pemdas)
    opds = Opd.objects.filter(pemda__in=pemdas.values())
    stdout.write(
        f"agencies: {len(DEMO_PROVINCE_CODES)} provinces, {len(pemdas)} Pemda, "
        f"{opds.filter(is_active=True).count()} active and {opds.filter(is_active=False).count()} replaced OPDs "
        f"({opds_created} created, {opds_updated} updated); {len(DEMO_ACCOUNTS)} demo accounts "
        f"({users_created} created, {users_updated} updated)"
    )
