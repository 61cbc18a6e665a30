"""A small named cast, one user per role, with twins elsewhere so that leaks show.

Places: Kalimantan Tengah (62) with Kota Palangka Raya (62.71) and Kabupaten Kotawaringin
Barat (62.01); Kalimantan Timur (64) with Kota Samarinda (64.72).
"""

from types import SimpleNamespace

from agencies.models import Membership, Opd, Pemda, User

Role = Membership.Role


def make_opd(pemda, code, name, kind=Opd.Kind.DINAS, **extra):
    return Opd.objects.create(pemda=pemda, code=code, name=name, kind=kind, **extra)


def make_user(username, role=None, *, pemda=None, opd=None, **extra):
    user = User.objects.create_user(username=username, password="pass-1234-rb", full_name=username.title(), **extra)
    if role:
        Membership.objects.create(user=user, role=role, pemda=pemda, opd=opd)
    return user


def make_cast():
    c = SimpleNamespace()
    c.kalteng = Pemda.objects.get(level=Pemda.Level.PROVINCE, province__code="62")
    c.kaltim = Pemda.objects.get(level=Pemda.Level.PROVINCE, province__code="64")
    c.palangkaraya = Pemda.objects.get(regency__code="62.71")
    c.kobar = Pemda.objects.get(regency__code="62.01")
    c.samarinda = Pemda.objects.get(regency__code="64.72")

    c.biro_kalteng = make_opd(c.kalteng, "BIRO-ORG", "Biro Organisasi Setda Provinsi Kalimantan Tengah", Opd.Kind.BIRO_ORGANISASI)
    c.dinkes = make_opd(c.kalteng, "DINKES", "Dinas Kesehatan Provinsi Kalimantan Tengah", type="A")
    c.kominfo = make_opd(c.kalteng, "DISKOMINFO", "Dinas Komunikasi, Informatika, Persandian dan Statistik", type="A")
    c.inspektorat = make_opd(c.kalteng, "INSPEKTORAT", "Inspektorat Provinsi Kalimantan Tengah", Opd.Kind.INSPEKTORAT)
    c.pky_dinkes = make_opd(c.palangkaraya, "DINKES", "Dinas Kesehatan Kota Palangka Raya")
    c.pky_disdik = make_opd(c.palangkaraya, "DISDIK", "Dinas Pendidikan Kota Palangka Raya")
    c.kobar_dinkes = make_opd(c.kobar, "DINKES", "Dinas Kesehatan Kabupaten Kotawaringin Barat")
    c.kaltim_dinkes = make_opd(c.kaltim, "DINKES", "Dinas Kesehatan Provinsi Kalimantan Timur", type="A")
    c.smd_dinkes = make_opd(c.samarinda, "DINKES", "Dinas Kesehatan Kota Samarinda")

    c.biro = make_user("biro", Role.BIRO, pemda=c.kalteng)
    c.biro_other = make_user("biro_kaltim", Role.BIRO, pemda=c.kaltim)
    c.bagian = make_user("bagian", Role.BAGIAN, pemda=c.palangkaraya)
    c.bagian_other = make_user("bagian_kobar", Role.BAGIAN, pemda=c.kobar)
    c.opd_admin = make_user("admin_dinkes", Role.OPD_ADMIN, opd=c.dinkes)
    c.opd_admin_other = make_user("admin_kominfo", Role.OPD_ADMIN, opd=c.kominfo)
    c.inspector = make_user("inspektur", Role.INSPECTOR, pemda=c.kalteng)
    c.inspector_other = make_user("inspektur_kaltim", Role.INSPECTOR, pemda=c.kaltim)
    c.leader = make_user("pimpinan", Role.LEADER, pemda=c.kalteng)
    c.observer = make_user("nasional", Role.OBSERVER)
    c.superuser = User.objects.create_superuser("root", "root@example.org", "pass-1234-rb")
    c.nobody = make_user("tanpa_peran")
    c.deactivated = make_user("nonaktif", Role.BIRO, pemda=c.kalteng, is_active=False)
    return c
