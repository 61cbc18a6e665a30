"""Places and OPDs: browse pages and the /api/v1/ places endpoints."""

from django.urls import reverse

from . import ANY_USER, VISIBLE, Api, Page, per_target

# Who may edit an OPD (agencies.scoping.Scope.can_manage_pemda): Biro staff in their province,
# Bagian staff in their regency/city, superusers.
OPD_WRITE = per_target(
    in_={"biro", "superuser"},
    reg={"biro", "bagian", "superuser"},
    out={"biro_other", "superuser"},
)


def build(world):
    from agencies.tokens import issue_token

    c = world.cast
    world.targets["in"].api_token, _plaintext = issue_token(c.biro, name="Matriks")
    for name, opd in (("in", c.dinkes), ("reg", c.pky_dinkes), ("out", c.kaltim_dinkes)):
        t = world.targets[name]
        t.opd = opd
        t.pemda = opd.pemda
        t.province = opd.pemda.province
        t.regency = opd.pemda.regency or {"in": c.kobar, "out": c.samarinda}.get(name, c.palangkaraya).regency


def opd_body(w, t, method):
    if method in ("PUT", "POST"):
        return {"pemda": t.pemda.pk, "code": "UJI-MATRIKS", "name": "Dinas Uji Matriks", "kind": "dinas"}
    if method == "PATCH":
        return {"head_name": "Kepala Uji"}
    return None


ENTRIES = [
    Page("agencies:api_tokens", GET=ANY_USER, POST=ANY_USER),
    # A token is visible to its owner only (ApiToken.objects.visible_to): others get 404.
    Page("agencies:api_token_revoke", url=lambda w, t: reverse("agencies:api_token_revoke", args=[t.api_token.pk]),
         obj=lambda t: t.api_token, targets=("in",), POST=VISIBLE),
    Page("agencies:provinces", GET=ANY_USER),
    Page("agencies:province", url=lambda w, t: reverse("agencies:province", args=[t.province.code]),
         obj=lambda t: t.province, GET=VISIBLE),
    Page("agencies:regency", url=lambda w, t: reverse("agencies:regency", args=[t.regency.code]),
         obj=lambda t: t.regency, GET=VISIBLE),
    Page("agencies:opds", GET=ANY_USER),
    Page("agencies:opd", url=lambda w, t: reverse("agencies:opd", args=[t.opd.pk]), obj=lambda t: t.opd, GET=VISIBLE),
    Api("/api/v1/provinces/", GET=ANY_USER, list_model="agencies.Province"),
    Api("/api/v1/provinces/{code}/", url=lambda w, t: f"/api/v1/provinces/{t.province.code}/",
        obj=lambda t: t.province, GET=VISIBLE),
    Api("/api/v1/regencies/", GET=ANY_USER, list_model="agencies.Regency"),
    Api("/api/v1/regencies/{code}/", url=lambda w, t: f"/api/v1/regencies/{t.regency.code}/",
        obj=lambda t: t.regency, GET=VISIBLE),
    Api("/api/v1/pemdas/", GET=ANY_USER, list_model="agencies.Pemda"),
    Api("/api/v1/pemdas/{id}/", url=lambda w, t: f"/api/v1/pemdas/{t.pemda.pk}/", obj=lambda t: t.pemda, GET=VISIBLE),
    Api("/api/v1/opds/", GET=ANY_USER, list_model="agencies.Opd"),
    # Creating an OPD in the target's Pemda: only those who manage that Pemda.
    Api("/api/v1/opds/", targets=("in", "reg", "out"), POST=OPD_WRITE, data=opd_body, strict=True),
    Api("/api/v1/opds/{id}/", url=lambda w, t: f"/api/v1/opds/{t.opd.pk}/", obj=lambda t: t.opd,
        GET=VISIBLE, PUT=OPD_WRITE, PATCH=OPD_WRITE, data=opd_body),
]


# OPDs and regency/city Pemda whose names carry a canary. The organisation bureaus and the
# Inspektorat keep their names: they are legitimately shown to others (co-assignees of an LHE
# recommendation, organisers), and the province Pemda is the context of its regencies' pages.
CANARY_OPDS = ("dinkes", "kominfo", "pky_dinkes", "pky_disdik", "kobar_dinkes", "kaltim_dinkes", "smd_dinkes")
CANARY_PEMDAS = ("palangkaraya", "kobar", "samarinda", "kaltim")


def plant_canaries(world, plant):
    c = world.cast
    for name in CANARY_OPDS:
        opd = getattr(c, name)
        opd.name = f"{plant(opd)} {opd.name}"
        opd.save(update_fields=["name"])
    for name in CANARY_PEMDAS:
        pemda = getattr(c, name)
        pemda.name = f"{plant(pemda)} {pemda.name}"
        pemda.save(update_fields=["name"])
