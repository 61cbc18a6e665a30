"""What each cast member must see: the expectations every scope test checks against.

Cast places (tests/cast.py): Kalimantan Tengah (62) with Palangka Raya (62.71) and Kotawaringin
Barat (62.01); Kalimantan Timur (64) with Samarinda (64.72). OPDs are named by attribute.
"""

from agencies.models import Province, Regency

KALTENG_PROVINCE_OPDS = {"biro_kalteng", "dinkes", "kominfo", "inspektorat"}
KALTENG_OPDS = KALTENG_PROVINCE_OPDS | {"pky_dinkes", "pky_disdik", "kobar_dinkes"}
KALTIM_OPDS = {"kaltim_dinkes", "smd_dinkes"}
ALL_OPDS = KALTENG_OPDS | KALTIM_OPDS

ALL = "all"  # every row in the table

# user attribute -> (province codes, regency codes, pemda attributes, opd attributes)
# Regency codes "62.*" mean every regency/city of province 62.
VISIBLE = {
    "biro": ({"62"}, "62.*", {"kalteng", "palangkaraya", "kobar", "62.*"}, KALTENG_OPDS),
    "biro_other": ({"64"}, "64.*", {"kaltim", "samarinda", "64.*"}, KALTIM_OPDS),
    "bagian": ({"62"}, {"62.71"}, {"palangkaraya"}, {"pky_dinkes", "pky_disdik"}),
    "bagian_other": ({"62"}, {"62.01"}, {"kobar"}, {"kobar_dinkes"}),
    "opd_admin": ({"62"}, set(), {"kalteng"}, {"dinkes"}),
    "opd_admin_other": ({"62"}, set(), {"kalteng"}, {"kominfo"}),
    "inspector": ({"62"}, set(), {"kalteng"}, KALTENG_PROVINCE_OPDS),
    "inspector_other": ({"64"}, set(), {"kaltim"}, {"kaltim_dinkes"}),
    "leader": ({"62"}, "62.*", {"kalteng", "palangkaraya", "kobar", "62.*"}, KALTENG_OPDS),
    "observer": (ALL, ALL, ALL, ALL_OPDS),
    "superuser": (ALL, ALL, ALL, ALL_OPDS),
    "nobody": (set(), set(), set(), set()),
    "deactivated": (set(), set(), set(), set()),
}
ROLES = list(VISIBLE)
# Roles that can log in (the deactivated account cannot: Django drops its session).
ACTIVE_ROLES = [role for role in ROLES if role != "deactivated"]

# Pemda-wide data: figures and lists that add up a whole Pemda (the target page's totals, theme
# and OPD figures, the reporting rate, the overdue follow-ups on the home page), the meetings a
# Pemda organised and everything in them, its LHE recommendations. Exactly the rows the user's
# scope reaches, nothing added up from outside it:
# - Biro staff and a province's leader: their province Pemda and every regency/city (the target
#   page shows the regency/city bars);
# - Bagian staff, inspectors: their own Pemda only (the inspector of the province Pemda sees the
#   province's own OPDs, no regency/city bar);
# - an OPD admin: no Pemda-wide data, only their own OPD's rows (the target page shows their own
#   OPD's figures against the province target; meetings only when the OPD was part of them).
PEMDA_DATA = {role: (set() if role.startswith("opd_admin") else pemdas) for role, (_p, _r, pemdas, _o) in VISIBLE.items()}

# The province quarterly pack covers every OPD and every regency/city of the province, so only
# roles whose scope covers the whole province may request it or see it: Biro staff and leaders of
# the province, the national observer and superusers. Inspectors (their Pemda only), Bagian staff
# and OPD admins print OPD quarterly reports of the OPDs they see instead.
PROVINCE_PACKS = {
    "biro": {"62"}, "biro_other": {"64"}, "leader": {"62"}, "observer": ALL, "superuser": ALL,
}


def expected_province_ids(role):
    codes = VISIBLE[role][0]
    qs = Province.objects.all() if codes == ALL else Province.objects.filter(code__in=codes)
    return set(qs.values_list("pk", flat=True))


def expected_regency_ids(role):
    codes = VISIBLE[role][1]
    if codes == ALL:
        return set(Regency.objects.values_list("pk", flat=True))
    if isinstance(codes, str):
        return set(Regency.objects.filter(province__code=codes.removesuffix(".*")).values_list("pk", flat=True))
    return set(Regency.objects.filter(code__in=codes).values_list("pk", flat=True))


def expected_pemda_ids(cast, role):
    return _pemda_ids(cast, VISIBLE[role][2])


def expected_pemda_data_ids(cast, role):
    return _pemda_ids(cast, PEMDA_DATA[role])


def _pemda_ids(cast, names):
    from agencies.models import Pemda

    if names == ALL:
        return set(Pemda.objects.values_list("pk", flat=True))
    ids = set()
    for name in names:
        if name.endswith(".*"):
            ids |= set(Pemda.objects.filter(province__code=name.removesuffix(".*")).values_list("pk", flat=True))
        else:
            ids.add(getattr(cast, name).pk)
    return ids


def expected_opd_ids(cast, role):
    return {getattr(cast, name).pk for name in VISIBLE[role][3]}
